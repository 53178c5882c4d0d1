from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tidlig.core.forms import TidligForm


class ChildSearchForm(TidligForm):
    q = forms.CharField(
        label=_("Find barn"),
        max_length=100,
        help_text=_("CPR-nummer, fødselsdato (ddmmåå) eller navn."),
        error_messages={"required": _("Skriv et CPR-nummer eller et navn.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search"}),
    )
