from django import forms
from django.utils.translation import gettext_lazy as _

from tidlig.core.forms import TidligForm, date_field, textarea
from tidlig.rules.review import ANSWER_TITLES, Answer

from .models import Review
from .services import MAX_SIZE, SEED_MAX


class DrawForm(TidligForm):
    title = forms.CharField(label=_("Titel"), max_length=150)
    period_start = date_field(_("Frister i perioden fra"))
    period_end = date_field(_("til"))
    size = forms.IntegerField(
        label=_("Antal sager"),
        min_value=1,
        max_value=MAX_SIZE,
        initial=26,
        help_text=_("Ankestyrelsen gennemgår omkring 26 sager pr. kommune."),
    )
    strata = forms.ChoiceField(label=_("Stratificér efter"), choices=Review.Strata.choices, required=False)
    seed = forms.IntegerField(
        label=_("Frø (seed)"),
        min_value=0,
        max_value=SEED_MAX,
        required=False,
        help_text=_("Tomt: Tidlig vælger et tilfældigt frø og gemmer det, så stikprøven kan trækkes igen."),
    )


class AnswerForm(TidligForm):
    answer = forms.ChoiceField(
        label=_("Svar"), choices=[(a.value, _(ANSWER_TITLES[a])) for a in Answer], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Begrundelse"),
        required=False,
        widget=textarea(2),
        help_text=_("Skal udfyldes, når du ændrer Tidligs svar."),
    )


class FindingsForm(TidligForm):
    findings = forms.CharField(label=_("Fund til teamlederen"), widget=textarea(4))
