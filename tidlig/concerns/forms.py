"""Forms for concerns. They check the shape of the input; the services decide and write."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidlig.core.forms import TidligForm, date_field, needed
from tidlig.intake.models import Reason
from tidlig.wellbeing.access import child_labels

from .models import Concern


class ConcernForm(TidligForm):
    child = forms.TypedChoiceField(
        label=_("Barnet"), coerce=int, error_messages={"required": _("Vælg barnet.")}
    )
    observed_on = date_field(_("Iagttaget den"))
    observation = forms.CharField(
        label=_("Hvad har du iagttaget?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Det du har set og hørt, så konkret som muligt: hvad, hvornår, hvor ofte."),
        error_messages={"required": _("Beskriv hvad du har set eller hørt.")},
    )
    follow_up_on = date_field(
        _("Følges op den"), required=False, help_text=_("Hvornår ser I på det igen? Fx 14.04.2025.")
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        labels = child_labels(children)  # birth date and group: namesakes told apart (issue 10)
        self.fields["child"].choices = [("", _("Vælg barnet"))] + [(c.pk, labels[c.pk]) for c in children]
        self.fields["child"].widget.attrs["data-search"] = _("Søg på navn eller fødselsdato")
        self.fields["child"].widget.attrs["data-search-none"] = _("Intet barn passer til søgningen.")
        if not self.is_bound:
            self.initial.setdefault("observed_on", timezone.localdate())


class EntryForm(TidligForm):
    step = forms.TypedChoiceField(
        label=_("Trin i handleguiden"), required=False, coerce=int, empty_value=None
    )
    text = forms.CharField(
        label=_("Hvad skete der?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv hvad der skete.")},
    )
    happened_on = date_field(_("Dato"))
    follow_up_on = date_field(
        _("Næste opfølgning"), required=False, help_text=_("Udfyld kun, hvis datoen skal flyttes.")
    )

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = {s.pk: s for s in steps if s.pk}
        self.fields["step"].choices = [("", _("Intet bestemt trin"))] + [
            (pk, s.title) for pk, s in self.steps.items()
        ]
        if not self.is_bound:
            self.initial.setdefault("happened_on", timezone.localdate())


class CloseForm(TidligForm):
    outcome = forms.ChoiceField(
        label=_("Hvordan sluttede bekymringen?"),
        choices=Concern.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg hvordan bekymringen sluttede.")},
    )
    note = forms.CharField(label=_("Bemærkning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DialogNotificationForm(TidligForm):
    """A dialog-based notification: written with the parents present, in their words too."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)
    dialog_participants = forms.CharField(
        label=_("Hvem deltog i dialogen?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Navn og rolle, fx Mette Jensen (mor), Eva Pædagog."),
    )
    dialog_parents_view = forms.CharField(
        label=_("Hvad sagde forældrene?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Forældrenes eget syn på bekymringen og på barnets trivsel, gerne med deres ord."),
    )
    text = forms.CharField(
        label=_("Bekymringen"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Beskriv hvad der er set eller hørt, hvornår, og hvad der gør dig bekymret."),
        error_messages={"required": _("Beskriv bekymringen.")},
    )
    reasons = forms.MultipleChoiceField(
        label=_("Årsager"), required=False, choices=Reason.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The service says what is missing (a dialog-based notification needs both); named with the other
        # problems when an empty concern stops the form first (one round).
        needed(
            self.fields["dialog_participants"],
            _("Skriv hvem der deltog i dialogen, fx mor, far og pædagogen."),
        )
        needed(self.fields["dialog_parents_view"], _("Skriv hvad forældrene sagde til bekymringen."))
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
