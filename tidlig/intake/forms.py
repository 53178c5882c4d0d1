from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tidlig.core.forms import MultipleFileField, TidligForm, date_field, needed_when, phone_field
from tidlig.organisation.models import Institution, Role, Staff, Team
from tidlig.people import cpr as cprmod
from tidlig.people import services as people_services

from . import selectors
from .models import Letter, NotifierCategory, NotifierKindChoices, Reason, ScreeningDecision
from .services.attachments import ATTACHMENT_KINDS

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
DANISH_DATETIME = "%d.%m.%Y %H:%M"


class NotificationForm(TidligForm):
    """Reception registers a notification from anyone; a professional in Tidlig writes as themselves."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)
    child_cpr = forms.CharField(
        label=_("Barnets CPR-nummer"),
        required=False,
        max_length=20,
        help_text=_("10 cifre, fx 010118-1234. For et ufødt barn: udfyld mors CPR nedenfor."),
    )
    unborn_mother_cpr = forms.CharField(
        label=_("Ufødt barn: den vordende mors CPR-nummer"), required=False, max_length=20
    )
    child_choice = forms.TypedChoiceField(label=_("Barnet"), required=False, coerce=int, empty_value=None)
    received_at = forms.DateTimeField(
        label=_("Modtaget (dato og klokkeslæt)"),
        help_text=_("Fx 14.04.2025 09:30."),
        input_formats=[DANISH_DATETIME, "%d.%m.%Y %H.%M", "%d-%m-%Y %H:%M", DATETIME_LOCAL],
        widget=forms.DateTimeInput(
            format=DANISH_DATETIME, attrs={"inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    notifier_kind = forms.ChoiceField(
        label=_("Hvem underretter?"),
        choices=NotifierKindChoices.choices,
        widget=forms.RadioSelect,
        initial=NotifierKindChoices.PROFESSIONAL,
    )
    notifier_category = forms.ChoiceField(
        label=_("Underretterens område"), required=False, choices=[("", "—"), *NotifierCategory.choices]
    )
    notifier_name = forms.CharField(label=_("Navn"), required=False, max_length=200)
    notifier_role = forms.CharField(label=_("Stilling"), required=False, max_length=200)
    notifier_workplace = forms.CharField(label=_("Arbejdssted / kommune"), required=False, max_length=200)
    notifier_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Skriv en gyldig e-mailadresse, fx navn@skole.dk.")},
    )
    notifier_phone = phone_field(forms.CharField(label=_("Telefon"), required=False, max_length=40))
    notifier_address = forms.CharField(label=_("Adresse"), required=False, max_length=300)
    text = forms.CharField(
        label=_("Bekymringen"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Beskriv hvad der er set eller hørt, hvornår, og hvad der gør dig bekymret."),
        error_messages={"required": _("Beskriv bekymringen.")},
    )
    reasons = forms.MultipleChoiceField(
        label=_("Årsager"), required=False, choices=Reason.choices, widget=forms.CheckboxSelectMultiple
    )
    attachments = MultipleFileField(
        label=_("Bilag"),
        required=False,
    )
    # Reception only: a child the municipality does not know yet is registered with the notification.
    new_child_first_name = forms.CharField(label=_("Barnets fornavn"), required=False, max_length=100)
    new_child_last_name = forms.CharField(label=_("Barnets efternavn"), required=False, max_length=100)

    def __init__(self, *args, actor: Staff, children=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.new_child_offered = False
        self.as_self = actor.role != Role.RECEPTION
        self.fields["attachments"].help_text = ngettext(
            "PDF, Word, Excel, PowerPoint, JPEG, PNG eller tekst; højst %(files)d fil, "
            "%(mb)d MB pr. fil og %(total)d MB i alt.",
            "PDF, Word, Excel, PowerPoint, JPEG, PNG eller tekst; højst %(files)d filer, "
            "%(mb)d MB pr. fil og %(total)d MB i alt.",
            settings.ATTACHMENT_MAX_FILES,
        ) % {
            "files": settings.ATTACHMENT_MAX_FILES,
            "mb": settings.ATTACHMENT_MAX_BYTES // 2**20,
            "total": settings.ATTACHMENT_MAX_TOTAL_BYTES // 2**20,
        }
        self.fields["attachments"].widget.attrs["accept"] = ",".join(ATTACHMENT_KINDS)
        self.fields["received_at"].error_messages["invalid"] = _(
            "Skriv dato og klokkeslæt, fx 14.04.2025 09:30."
        )
        self.fields["received_at"].error_messages["required"] = _(
            "Skriv hvornår underretningen blev modtaget."
        )
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))
        if children is not None:
            self.fields["child_choice"].choices = [("", _("Vælg barnet"))] + [
                (c.pk, f"{c.display_name} ({c.birth_date:%d.%m.%Y})" if c.birth_date else c.display_name)
                for c in children
            ]
        # Required depending on other answers (which child field is used, which kind of notifier):
        # the service says what is missing, so these are not labelled "frivilligt"; where the answer
        # depends on the kind of notifier, the label says when (rules in services/registration.py).
        for name in ("child_cpr", "child_choice", "new_child_first_name", "new_child_last_name"):
            self.fields[name].required_in_practice = True
        for name, condition in (
            ("unborn_mother_cpr", _("kun ved ufødt barn")),
            ("notifier_name", _("ved fagperson eller borger")),
            ("notifier_workplace", _("ved fagperson eller anden kommune")),
            ("notifier_email", _("ved fagperson: e-mail, telefon eller adresse")),
        ):
            needed_when(self.fields[name], condition)
        if children is not None:  # the child is chosen from the list, or else given by CPR number
            self.fields["child_cpr"].required_in_practice = False
            needed_when(self.fields["child_cpr"], _("hvis barnet ikke er i listen"))
        if self.as_self:
            self.fields["child_cpr"].help_text = _(
                "10 cifre, fx 010118-1234. Kun børn i din egen institution."
            )
            for name in (
                "notifier_kind",
                "notifier_category",
                "notifier_name",
                "notifier_role",
                "notifier_workplace",
                "notifier_email",
                "notifier_phone",
                "notifier_address",
                "received_at",
                "unborn_mother_cpr",
                "new_child_first_name",
                "new_child_last_name",
            ):
                del self.fields[name]

    def offer_new_child(self) -> None:
        """The CPR number is a plausible child's that the municipality does not know: show the name fields
        that register the child together with the notification."""
        self.new_child_offered = True

    @property
    def shows_new_child(self) -> bool:
        return "new_child_first_name" in self.fields and (
            self.new_child_offered
            or bool(self.data.get("new_child_first_name") or self.data.get("new_child_last_name"))
        )


class AcuteForm(TidligForm):
    danger = forms.TypedChoiceField(
        label=_("Er barnets sundhed eller udvikling i fare, så der er behov for akutte indsatser?"),
        choices=[("no", _("Nej, ikke akut")), ("yes", _("Ja, akut indsats nu"))],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        error_messages={"required": _("Vælg om barnet er i akut fare.")},
    )
    note = forms.CharField(
        label=_("Begrundelse"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Begrund vurderingen kort.")},
    )


class LetterForm(TidligForm):
    medium = forms.ChoiceField(label=_("Sendes som"), choices=Letter.Medium.choices)
    recipient = forms.CharField(label=_("Modtager"), max_length=300)
    subject = forms.CharField(label=_("Emne"), max_length=300)
    body = forms.CharField(label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 14}))


class LetterPaperForm(TidligForm):
    sent_on = date_field(_("Sendt med posten den"))


class RouteForm(TidligForm):
    team = forms.ModelChoiceField(label=_("Send til team"), queryset=Team.objects.none())

    def __init__(self, *args, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = selectors.route_targets(municipality_id)


class AssignForm(TidligForm):
    caseworker = forms.ModelChoiceField(label=_("Rådgiver"), queryset=Staff.objects.none())

    def __init__(self, *args, team_id: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = selectors.caseworkers_of(team_id)


class ScreeningForm(TidligForm):
    decision = forms.ChoiceField(
        label=_("Screening efter § 18"),
        choices=ScreeningDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg et af de tre spor i § 18.")},
    )
    note = forms.CharField(
        label=_("Begrundelse"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Begrund screeningen.")},
    )


class WaiverForm(TidligForm):
    reason = forms.CharField(
        label=_("Særlige forhold"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv hvilke særlige forhold der gør sig gældende.")},
    )


class ReassessmentForm(TidligForm):
    participants = forms.ModelMultipleChoiceField(
        label=_("Deltagere i genvurderingen"),
        queryset=Staff.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Mindst én deltager må ikke tidligere have deltaget i sagen (§ 137, stk. 1)."),
    )
    conclusion = forms.CharField(
        label=_("Konklusion"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv konklusionen på genvurderingen.")},
    )

    def __init__(self, *args, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = Staff.objects.filter(
            municipality_id=municipality_id, role__in=[Role.CASEWORKER, Role.TEAM_LEADER], is_active=True
        )


class ChildForm(TidligForm):
    cpr = forms.CharField(label=_("CPR-nummer"), max_length=20)
    first_name = forms.CharField(label=_("Fornavn"), max_length=100)
    last_name = forms.CharField(label=_("Efternavn"), max_length=100)
    institution = forms.ModelChoiceField(label=_("Dagtilbud / skole"), queryset=None, required=False)
    address = forms.CharField(label=_("Adresse"), max_length=200, required=False)

    def __init__(self, *args, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(municipality_id=municipality_id)

    def clean_cpr(self) -> str:
        """The service's rules for the number (valid, a child's age), here too, so that a missing name and
        a wrong number are named in the same round."""
        number = cprmod.clean_cpr(self.cleaned_data["cpr"])
        if problem := people_services.not_a_child_problem(number):
            raise forms.ValidationError(problem)
        return number


class UnbornForm(TidligForm):
    mother_cpr = forms.CharField(label=_("Den vordende mors CPR-nummer"), max_length=20)
    mother_first_name = forms.CharField(label=_("Mors fornavn"), max_length=100)
    mother_last_name = forms.CharField(label=_("Mors efternavn"), max_length=100)
    expected_birth = forms.DateField(
        label=_("Terminsdato"),
        required=False,
        help_text=_("Fx 01.06.2027."),
        widget=forms.DateInput(format="%d.%m.%Y"),
        input_formats=["%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d"],
    )
    address = forms.CharField(label=_("Adresse"), max_length=200, required=False)
