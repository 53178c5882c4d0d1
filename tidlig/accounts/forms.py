import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidlig.core.forms import TidligForm
from tidlig.organisation.models import ApiToken


class CodeForm(TidligForm):
    code = forms.CharField(
        label=_("Kode fra godkendelses-appen"),
        help_text=_("6 cifre, fx 123456. Koden skifter hvert 30. sekund."),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": _("Skriv koden fra din godkendelses-app.")},
    )


class ApiTokenForm(TidligForm):
    label = forms.CharField(
        label=_("Navn"),
        help_text=_("Hvad nøglen bruges til, fx “fagsystemets integration”."),
        max_length=100,
        error_messages={
            "required": _("Giv nøglen et navn, fx hvilket program der bruger den."),
            "max_length": _("Navnet må højst være 100 tegn."),
        },
    )
    scope = forms.ChoiceField(
        label=_("Adgang"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg om nøglen kun må læse, eller også skrive.")},
    )
    expires_on = forms.DateField(
        label=_("Udløber"),
        help_text=_("Dato som dd.mm.åååå; højst et år frem."),
        error_messages={
            "required": _("Skriv hvornår nøglen udløber, som dd.mm.åååå."),
            "invalid": _("Skriv udløbsdatoen som dd.mm.åååå, fx 25.04.2027."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["expires_on"] = timezone.localdate() + dt.timedelta(days=90)

    def expires_at(self) -> dt.datetime:
        """The end of the chosen day, Copenhagen time."""
        day = self.cleaned_data["expires_on"] + dt.timedelta(days=1)
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
