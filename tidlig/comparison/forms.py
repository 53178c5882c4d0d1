from django import forms
from django.utils.translation import gettext_lazy as _

from tidlig.core.forms import TidligForm


class SettingForm(TidligForm):
    peers = forms.MultipleChoiceField(
        label=_("Sammenlign med"),
        required=False,
        help_text=_("Vælg op til 10 kommuner, som vises ved siden af jeres egen og hele landet."),
        widget=forms.CheckboxSelectMultiple,
    )
    basis = forms.ChoiceField(
        label=_("Sammenligningsgrundlag"),
        required=False,
        help_text=_(
            "Kun for en kommune, Danmarks Statistik ikke kender (fx Demokommune): en rigtig kommune af samme "
            "størrelse, hvis tal vises i stedet – tydeligt mærket."
        ),
    )

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(a.code, a.name) for a in areas]
        self.fields["peers"].choices = choices
        self.fields["basis"].choices = [("", _("Ingen"))] + choices
