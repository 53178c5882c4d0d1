from django import forms
from django.utils.translation import gettext_lazy as _

from tidlig.core.forms import TidligForm


class YearForm(TidligForm):
    aar = forms.TypedChoiceField(label=_("År"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aar"].choices = [(y, str(y)) for y in years]
