"""Forms of the caseworker's pages. They check the edge (dates, required text); the services decide the rest."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidlig.core.forms import TidligForm, yes_no_field
from tidlig.intake.models import Notification
from tidlig.organisation.models import Role, Staff
from tidlig.people.models import Child

from .models import ICS_AREAS, JournalNote

DATE_FORMATS = ["%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"]
DATE_HINT = _("Fx 14.04.2025.")


def not_in_future(day) -> None:
    """The same check as the services make, so that every error shows at once."""
    if day and day > timezone.localdate():
        raise ValidationError(_("Datoen ligger i fremtiden. Skriv dagens dato eller en tidligere dato."))


def date_field(label, *, required: bool = True, help_text=DATE_HINT) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        validators=[not_in_future],
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            format="%d.%m.%Y",
            attrs={"class": "form-input input-width-xs", "inputmode": "numeric", "autocomplete": "off"},
        ),
        error_messages={
            "required": _("Skriv datoen."),
            "invalid": _("Skriv datoen som dd.mm.åååå, fx 14.04.2025."),
        },
    )


def text_field(
    label, *, required_message=None, rows: int = 4, help_text="", max_length=None
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required_message is not None,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message} if required_message else {},
    )


class NotificationField(forms.ModelChoiceField):
    """The notification a piece of work starts from; only the child's own notifications are accepted."""

    def __init__(self):
        super().__init__(queryset=Notification.objects.none(), required=False, widget=forms.HiddenInput)
        self.error_messages["invalid_choice"] = _("Underretningen hører ikke til barnet.")


class _FromNotification(TidligForm):
    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notification"].queryset = Notification.objects.filter(child=child)


class AssessmentStartForm(_FromNotification):
    """Afdækning (BL § 19) of named matters, with the professionals who already know the child."""

    notification = NotificationField()
    matters = text_field(
        _("Forhold der skal afdækkes"),
        required_message=_("Skriv hvilke forhold der skal afdækkes."),
        help_text=_("Et eller flere afgrænsede forhold, fx fravær i skolen eller søvn og kost."),
    )
    professionals = text_field(
        _("Fagpersoner der inddrages"),
        rows=3,
        help_text=_(
            "Dem, der allerede kender barnet og familien (§ 19, stk. 1), fx lærer, pædagog, sundhedsplejerske."
        ),
    )
    started_on = date_field(_("Startdato"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("started_on", timezone.localdate())


class ConcludeForm(TidligForm):
    conclusion = text_field(_("Konklusion"), required_message=_("Skriv konklusionen."), rows=6)
    concluded_on = date_field(_("Afsluttet den"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("concluded_on", timezone.localdate())


class InvestigationStartForm(_FromNotification):
    notification = NotificationField()
    aware_on = date_field(
        _("Kommunen blev opmærksom på behovet den"),
        help_text=_(
            "Fristen på 4 måneder regnes fra denne dato (§ 20, stk. 3) – som regel den dag, "
            "underretningen blev modtaget. Fx 14.04.2025."
        ),
    )


class InvestigationAreasForm(TidligForm):
    """§ 22, stk. 1: challenges and resources of the child, the family and the network, by ICS area."""

    def __init__(self, *args, investigation=None, **kwargs):
        super().__init__(*args, **kwargs)
        stored = investigation.areas if investigation is not None else {}
        for key, label in ICS_AREAS:
            current = stored.get(key) or {}
            for part, part_label in (("challenges", _("Udfordringer")), ("resources", _("Ressourcer"))):
                name = f"{key}_{part}"
                self.fields[name] = forms.CharField(
                    label=part_label,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 4, "class": "form-input"}),
                )
                self.fields[name].area_label = label
                # Every area may stay empty, but they are the investigation: no "(frivilligt)" on each.
                self.fields[name].required_in_practice = True
                if not self.is_bound:
                    self.initial[name] = current.get(part, "")

    def areas(self) -> list[tuple[str, str, forms.BoundField, forms.BoundField]]:
        return [(key, label, self[f"{key}_challenges"], self[f"{key}_resources"]) for key, label in ICS_AREAS]

    def areas_data(self) -> dict:
        d = self.cleaned_data
        return {
            key: {"challenges": d[f"{key}_challenges"], "resources": d[f"{key}_resources"]}
            for key, _l in ICS_AREAS
        }


class PreliminaryForm(TidligForm):
    text = text_field(
        _("Foreløbig vurdering"),
        required_message=_("Skriv den foreløbige vurdering."),
        rows=6,
        help_text=_(
            "Hvad undersøgelsen viser indtil nu, hvorfor den ikke er afsluttet, og hvornår den afsluttes."
        ),
    )


class InvestigationConcludeForm(ConcludeForm):
    conclusion = text_field(
        _("Begrundet konklusion (§ 22, stk. 6)"),
        required_message=_("Skriv den begrundede konklusion (§ 22, stk. 6)."),
        rows=8,
        help_text=_(
            "Er der grundlag for støtte efter §§ 32, 46 eller 47, og i givet fald hvilken? Hvordan stiller "
            "forældremyndighedsindehaveren og barnet sig til støtten? Er der iværksat støtte undervejs: skal "
            "den fortsætte, ændres eller ophøre?"
        ),
    )


class ConversationForm(TidligForm):
    held_on = date_field(_("Samtalen blev holdt den"))
    child_view = text_field(
        _("Barnets synspunkter"),
        required_message=_("Skriv barnets synspunkter, som barnet selv udtrykte dem."),
        rows=8,
        help_text=_(
            "Gengiv så vidt muligt barnets egne ord: hvad barnet ønsker, er bekymret for og er glad for."
        ),
    )
    bisidder = forms.CharField(
        label=_("Bisidder (§ 6)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-input input-width-xl"}),
        help_text=_(
            "Navn og relation til barnet, fx »Anne Jensen, moster«. Lad feltet stå tomt, hvis ingen deltog."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("held_on", timezone.localdate())


class JournalNoteForm(TidligForm):
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[(k, v) for k, v in JournalNote.Kind.choices if k != JournalNote.Kind.FAMILY_MESSAGE],
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg hvilken slags kontakt det var.")},
    )
    happened_on = date_field(_("Dato"))
    text = text_field(_("Notat"), required_message=_("Notatet er tomt."), rows=8)
    for_family = yes_no_field(
        _("Vis for familien"),
        yes=_("Ja, familien kan læse notatet, når de logger ind"),
        no=_("Nej, det er et internt arbejdsnotat"),
        help_text=_("Forvaltningslovens § 12: interne arbejdsdokumenter er undtaget fra aktindsigt."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("happened_on", timezone.localdate())
        self.initial.setdefault("for_family", "0")


class NoteShareForm(TidligForm):
    for_family = yes_no_field(
        _("Vis for familien"), yes=_("Vis for familien"), no=_("Skjul for familien"), required=True
    )


class ReasonForm(TidligForm):
    reason = text_field(_("Begrundelse"), required_message=_("Skriv en begrundelse."), rows=4)

    def __init__(self, *args, required_message=None, **kwargs):
        super().__init__(*args, **kwargs)
        if required_message:
            self.fields["reason"].error_messages["required"] = required_message


class GrantAccessForm(TidligForm):
    staff = forms.ModelChoiceField(
        label=_("Medarbejder"),
        queryset=Staff.objects.none(),
        empty_label=_("Vælg rådgiver eller teamleder"),
        widget=forms.Select(attrs={"class": "form-select input-width-xl"}),
        error_messages={
            "required": _("Vælg en medarbejder."),
            "invalid_choice": _("Vælg en rådgiver eller teamleder i kommunen."),
        },
    )
    reason = forms.CharField(
        label=_("Begrundelse"),
        max_length=200,
        help_text=_("Hvorfor skal medarbejderen se sagen? Fx »Overtager sagen under ferie«."),
        widget=forms.TextInput(attrs={"class": "form-input input-width-xl"}),
        error_messages={"required": _("Skriv hvorfor medarbejderen skal have adgang.")},
    )

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = (
            Staff.objects.filter(
                municipality_id=child.municipality_id,
                role__in=[Role.CASEWORKER, Role.TEAM_LEADER],
                is_active=True,
            )
            .exclude(pk=child.caseworker_id)
            .select_related("team")
            .order_by("first_name", "last_name")
        )
        self.fields["staff"].label_from_instance = lambda s: (
            f"{s} – {s.get_role_display()}" + (f", {s.team}" if s.team_id else "")
        )
