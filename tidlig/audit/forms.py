"""Search forms for the access log. They check the shape; the selectors decide and log."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tidlig.core.forms import TidligForm
from tidlig.people import cpr as cprmod

from . import selectors

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"]


def date_field(label, *, help_text) -> forms.DateField:
    """A Danish date (dd.mm.åååå) in a plain text input, as everywhere else in Tidlig."""
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(
            format="%d.%m.%Y",
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "form-input input-width-s"},
        ),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå, fx 14.04.2025.")},
    )


class PeriodForm(TidligForm):
    since = date_field(_("Fra"), help_text=_("Fx 01.01.2026. Tom: fra begyndelsen."))
    until = date_field(_("Til og med"), help_text=_("Fx 31.12.2026. Tom: til i dag."))

    def clean(self):
        # The period is judged even when another field is wrong, so one answer names every problem; a date
        # that is itself wrong (not a date) is not judged again.
        data = super().clean()
        try:
            data["period"] = selectors.clean_period(data.get("since"), data.get("until"))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        return data


class ChildSearchForm(PeriodForm):
    cpr = forms.CharField(
        label=_("Barnets CPR-nummer"),
        required=False,
        max_length=11,
        help_text=_("Fx 010118-1234. Eller skriv barnets id herunder."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "class": "form-input input-width-s"}
        ),
        error_messages={"max_length": _("Et CPR-nummer har 10 cifre, fx 010118-1234.")},
    )
    child_id = forms.IntegerField(
        label=_("Eller barnets id"),
        required=False,
        min_value=1,
        max_value=2**53,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "form-input input-width-s"}),
        error_messages={"invalid": _("Barnets id er et helt tal, fx 1234.")},
    )
    field_order = ["cpr", "child_id", "since", "until"]

    def clean_cpr(self) -> str:
        raw = self.cleaned_data.get("cpr", "").strip()
        return cprmod.clean_cpr(raw) if raw else ""


class StaffSearchForm(PeriodForm):
    username = forms.CharField(
        label=_("Medarbejderens brugernavn"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "form-input input-width-m"}),
        error_messages={"required": _("Skriv medarbejderens brugernavn.")},
    )
    field_order = ["username", "since", "until"]
