"""Forms for the network meeting pages. They check the shape of the input; the services decide the rules."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidlig.core.forms import TidligForm, date_field, needed, textarea, yes_no_field

from .models import Agreement, Context, Outcome


def time_field(label, *, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        help_text=_("Fx 13:30."),
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "form-input input-width-xs"}),
        error_messages={
            "invalid": _("Skriv klokkeslættet som tt:mm, fx 13:30."),
            "required": _("Skriv klokkeslættet."),
        },
    )


class _When(TidligForm):
    """A day with a start and an end time, in Copenhagen."""

    day = date_field(_("Dato"))
    start = time_field(_("Fra kl."))
    end = time_field(_("Til kl."))
    place = forms.CharField(
        label=_("Sted"), max_length=200, required=False, help_text=_("Fx skolens mødelokale.")
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


class _Online(_When):
    online_link = forms.URLField(
        label=_("Link til onlinemøde"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Fx et Teams-link. Tidlig er ikke et videosystem."),
        error_messages={"invalid": _("Skriv et helt link, fx https://…")},
    )


class MeetingPlanForm(_Online):
    context = forms.ChoiceField(label=_("Anledning"), choices=Context.choices, widget=forms.RadioSelect)
    purpose = forms.CharField(label=_("Formål"), required=False, widget=textarea(3))
    field_order = ["context", "day", "start", "end", "place", "online_link", "purpose"]


class RescheduleForm(_Online):
    pass


class SlotForm(_When):
    pass


def parse_people(text: str) -> list[tuple[str, str]]:
    """One person a line, "name, relation" (e.g. "Birthe Jensen, mormor")."""
    people = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, sep, relation = line.partition(",")
        if not sep:
            raise ValidationError(_("Skriv hver person som »navn, relation«, fx »Birthe Jensen, mormor«."))
        people.append((name.strip(), relation.strip()))
    return people


class MinutesForm(TidligForm):
    context = forms.ChoiceField(label=_("Anledning"), choices=Context.choices)
    purpose = forms.CharField(label=_("Formål"), required=False, widget=textarea(3))
    child_takes_part = yes_no_field(_("Deltager barnet?"), yes=_("Ja"), no=_("Nej"))
    parents_take_part = yes_no_field(_("Deltager forældrene?"), yes=_("Ja"), no=_("Nej"))
    private_network = forms.CharField(
        label=_("Privat netværk"),
        required=False,
        widget=textarea(3),
        help_text=_("Én person pr. linje: navn, relation. Fx »Birthe Jensen, mormor«."),
    )
    institution_participants = forms.CharField(
        label=_("Fra skole eller dagtilbud"), max_length=300, required=False
    )
    chair = forms.CharField(
        label=_("Neutral mødeleder"),
        max_length=200,
        required=False,
        help_text=_("En mødeleder uden myndighed i sagen, hvis I vælger det."),
    )
    hard = forms.CharField(label=_("Familiens egne ord: det er svært"), required=False, widget=textarea(3))
    works = forms.CharField(label=_("Familiens egne ord: det går godt"), required=False, widget=textarea(3))
    goals = forms.CharField(label=_("Fælles mål"), required=False, widget=textarea(3))
    network_will = forms.CharField(label=_("Det vil netværket gøre"), required=False, widget=textarea(3))

    def clean_private_network(self):
        return parse_people(self.cleaned_data.get("private_network") or "")


class AgreementForm(TidligForm):
    text = forms.CharField(label=_("Aftale"), max_length=500)
    owner = forms.CharField(label=_("Ansvarlig"), max_length=150, help_text=_("Fx mor, skolen, rådgiveren."))
    due_on = date_field(_("Senest"))


class AgreementStatusForm(TidligForm):
    status = forms.ChoiceField(label=_("Status"), choices=Agreement.Status.choices)
    note = forms.CharField(label=_("Bemærkning"), max_length=300, required=False)


class HoldForm(TidligForm):
    outcome = forms.ChoiceField(label=_("Udfald"), choices=Outcome.choices, widget=forms.RadioSelect)
    outcome_reason = needed(
        forms.CharField(label=_("Begrundelse"), required=False, widget=textarea(3)),
        _("Skriv begrundelsen for udfaldet."),
    )


class CancelForm(TidligForm):
    reason = needed(
        forms.CharField(label=_("Hvorfor aflyses mødet?"), max_length=300, required=False),
        _("Skriv hvorfor mødet aflyses."),
    )


class BookForm(TidligForm):
    child = forms.TypedChoiceField(label=_("Barnet"), coerce=int, empty_value=None)
    consent_by = forms.CharField(
        label=_("Samtykke givet af"),
        max_length=200,
        help_text=_("Forældrenes samtykke til mødet skal være givet. Fx »Mette Jensen (mor)«."),
        error_messages={"required": _("Skriv hvem der har givet samtykke (forældrene).")},
    )
    consent_on = date_field(_("Samtykke givet den"))
    purpose = forms.CharField(label=_("Hvad skal mødet handle om?"), required=False, widget=textarea(3))

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].choices = [("", "—")] + [(c.pk, str(c)) for c in children]
        self.fields["child"].error_messages["required"] = _("Vælg barnet.")
        self.fields["consent_on"].error_messages["required"] = _("Skriv hvornår forældrene gav samtykke.")
