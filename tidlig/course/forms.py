"""Forms for the course pages. They check the shape of the input; the services decide the rules."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidlig.core.forms import TidligForm, date_field, needed, textarea, time_field

from .models import Result


class _Worker(TidligForm):
    worker = forms.TypedChoiceField(label=_("Konsulent eller familiebehandler"), coerce=int, empty_value=None)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [("", "—")] + [(w.pk, str(w)) for w in workers]
        self.fields["worker"].error_messages["required"] = _("Vælg en konsulent eller familiebehandler.")


class StartForm(_Worker):
    started_on = date_field(_("Forløbet starter"))
    weeks = forms.IntegerField(
        label=_("Uger"),
        min_value=1,
        max_value=52,
        help_text=_("Kommunens standard er forudfyldt."),
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
        error_messages={
            "required": _("Skriv forløbets længde i uger."),
            "invalid": _("Skriv et helt antal uger."),
            "min_value": _("Et forløb varer 1 til 52 uger."),
            "max_value": _("Et forløb varer 1 til 52 uger."),
        },
    )
    purpose = forms.CharField(label=_("Formål"), required=False, widget=textarea(3))
    goals = forms.CharField(
        label=_("Mål aftalt med familien"),
        required=False,
        widget=textarea(3),
        help_text=_("Kan også skrives efter startmødet."),
    )
    field_order = ["started_on", "weeks", "worker", "purpose", "goals"]


class UpdateForm(_Worker):
    goals = forms.CharField(label=_("Mål aftalt med familien"), required=False, widget=textarea(4))
    purpose = forms.CharField(label=_("Formål"), required=False, widget=textarea(3))
    field_order = ["goals", "purpose", "worker"]


class MeetingForm(TidligForm):
    """The start or end meeting: a day, a start and an end time in Copenhagen, a place or an online link."""

    day = date_field(_("Dato"))
    start = time_field(_("Fra kl."))
    end = time_field(_("Til kl."))
    place = forms.CharField(label=_("Sted"), max_length=200, required=False)
    online_link = forms.URLField(
        label=_("Link til onlinemøde"),
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Skriv et helt link, fx https://…")},
    )

    def clean(self):
        d = super().clean()
        if d.get("start") and d.get("end") and d["end"] <= d["start"]:
            self.add_error("end", _("Mødet skal slutte, efter det starter. Ret sluttidspunktet."))
        return d

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        d = self.cleaned_data
        return (
            timezone.make_aware(dt.datetime.combine(d["day"], d["start"])),
            timezone.make_aware(dt.datetime.combine(d["day"], d["end"])),
        )


class EndForm(TidligForm):
    result = forms.ChoiceField(
        label=_("Resultat"),
        choices=Result.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vælg forløbets resultat."),
            "invalid_choice": _("Vælg forløbets resultat."),
        },
    )
    reason = needed(
        forms.CharField(label=_("Begrundelse"), required=False, widget=textarea(3)),
        _("Skriv begrundelsen for resultatet."),
    )
    ended_on = date_field(_("Forløbet sluttede"), required=False, help_text=_("Tom: i dag."))
