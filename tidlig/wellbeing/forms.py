from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tidlig.core.forms import TidligForm, needed

from .models import Colour


def add_indicator_fields(form: forms.Form, indicators) -> None:
    """One optional colour per configured indicator (social skills, care from adults …)."""
    for ind in indicators:
        form.fields[f"indicator_{ind.pk}"] = forms.ChoiceField(
            label=ind.title,
            help_text=ind.description,
            choices=[("", _("Ikke vurderet")), *Colour.choices],
            required=False,
            widget=forms.Select(attrs={"class": "form-select"}),
        )


def indicator_values(cleaned_data: dict) -> dict[str, str]:
    return {
        name.removeprefix("indicator_"): value
        for name, value in cleaned_data.items()
        if name.startswith("indicator_") and value
    }


class ColourForm(forms.Form):
    colour = forms.ChoiceField(
        choices=Colour.choices,
        error_messages={
            "required": _("Vælg grøn, gul eller rød."),
            "invalid_choice": _("Vælg grøn, gul eller rød."),
        },
    )
    note = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        add_indicator_fields(self, indicators)

    def indicator_values(self) -> dict[str, str]:
        return indicator_values(self.cleaned_data)


class FollowUpForm(TidligForm):
    focus_points = forms.CharField(
        label=_("Fokuspunkter"),
        help_text=_("Hvad vil I være særligt opmærksomme på hos barnet?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    institution_action = forms.CharField(
        label=_("Det gør vi i institutionen"),
        help_text=_("Konkrete tiltag i hverdagen, og hvem der gør hvad."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    parents_informed_on = forms.DateField(
        label=_("Forældrene er orienteret/inddraget den"),
        help_text=_("Dato som dd.mm.åååå."),
        required=False,
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå, fx 25.04.2026.")},
    )
    parents_response = forms.CharField(
        label=_("Forældrenes bemærkninger"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    team_requested_on = forms.DateField(
        label=_("Det tværfaglige team er spurgt den"),
        help_text=_("Ved rød vurdering: dato hvor I bad om et punkt på det tværfaglige møde."),
        required=False,
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå, fx 25.04.2026.")},
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        add_indicator_fields(self, indicators)
        self.order_fields([f"indicator_{i.pk}" for i in indicators])  # which areas, then what you do

    def indicator_values(self) -> dict[str, str]:
        return indicator_values(self.cleaned_data)

    def follow_up_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if not k.startswith("indicator_")}


class HealthVisitorForm(TidligForm):
    colour = forms.ChoiceField(
        label=_("Trivsel"),
        choices=Colour.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg grøn, gul eller rød.")},
    )
    rated_on = forms.DateField(
        label=_("Vurderet den"),
        help_text=_("Dato som dd.mm.åååå."),
        error_messages={
            "invalid": _("Skriv datoen som dd.mm.åååå, fx 25.04.2026."),
            "required": _("Skriv datoen."),
        },
    )
    parents_present = needed(  # the rating is made with the parents: the service asks who was there
        forms.CharField(
            label=_("Forældre til stede"),
            help_text=_("Hvem var med, fx mor og far."),
            max_length=200,
            required=False,
        ),
        _("Vurderingen laves sammen med forældrene. Skriv hvem der var med."),
    )
    note = forms.CharField(label=_("Bemærkning"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
