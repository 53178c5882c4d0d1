"""Forms for FIT: a respondent, a session, and the four sliders of one scale."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidlig.core.forms import TidligForm, date_field, needed

from .models import Respondent


class RespondentForm(TidligForm):
    role = forms.ChoiceField(
        label=_("Hvem svarer?"), choices=Respondent.Role.choices, widget=forms.RadioSelect
    )
    first_name = needed(
        forms.CharField(
            label=_("Fornavn"),
            required=False,
            max_length=60,
            help_text=_("Kun fornavnet vises på familiens link – intet andet om barnet."),
        ),
        _("Skriv respondentens fornavn (det eneste, familien ser på linket)."),
    )


class SessionForm(TidligForm):
    held_on = date_field(_("Mødets dato"))
    respondents = forms.MultipleChoiceField(
        label=_("Hvem svarer på denne session?"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, respondents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondents"].choices = [(str(r.pk), str(r)) for r in respondents]
        # named with the other problems when another field stops the form before the service (one round)
        needed(self.fields["respondents"], _("Vælg mindst én, der svarer."))
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())
            self.initial.setdefault("respondents", [str(r.pk) for r in respondents])


class ItemsForm(TidligForm):
    """Four answers 0–10 with one decimal (the service checks them and names each wrong one)."""

    item1 = forms.CharField(required=False, max_length=5)
    item2 = forms.CharField(required=False, max_length=5)
    item3 = forms.CharField(required=False, max_length=5)
    item4 = forms.CharField(required=False, max_length=5)

    def items(self) -> list[str]:
        return [self.cleaned_data.get(f"item{n}", "") for n in range(1, 5)]
