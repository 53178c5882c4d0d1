"""The family's forms (issue 14 §§ 2–3): the message to the caseworker and the four FIT sliders. The edge checks
what any text field is checked for (TidligForm); the services check the rest and name every problem at once."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tidlig.cases.family import MESSAGE_MAX
from tidlig.core.forms import TidligForm, textarea


class MessageForm(TidligForm):
    text = forms.CharField(
        label=_("Jeres besked"),
        help_text=_("Højst 2.000 tegn. Skriv almindelig tekst. Er jeres barn i fare nu, så ring 112."),
        widget=textarea(8),
        # A little room above the limit, so the service can say how long the message is instead of cutting it.
        max_length=MESSAGE_MAX * 2,
        required=False,
    )


class ItemsForm(TidligForm):
    """Four answers 0–10 with one decimal (the FIT service checks them and names each wrong one)."""

    item1 = forms.CharField(required=False, max_length=5)
    item2 = forms.CharField(required=False, max_length=5)
    item3 = forms.CharField(required=False, max_length=5)
    item4 = forms.CharField(required=False, max_length=5)

    def items(self) -> list[str]:
        return [self.cleaned_data.get(f"item{n}", "") for n in range(1, 5)]
