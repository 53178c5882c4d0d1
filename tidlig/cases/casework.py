"""Writes of case handling after screening: afdækning (§ 19), undersøgelse (§ 20), børnesamtale (§ 5),
journal notes, closing and reopening, and who else may see the case."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.audit import services as audit
from tidlig.intake.models import Notification
from tidlig.interventions.services import measure_refresh_obligations
from tidlig.organisation.models import Role, Staff
from tidlig.people.models import Child
from tidlig.rules import casework as rules
from tidlig.timeline import services

from .access import not_on_case, require_case_owner
from .actions import Act, Subject, case_action, case_owners, locked
from .models import ICS_AREAS, Assessment, Case, CaseAccess, ChildConversation, Investigation, JournalNote
from .services import case_open_if_needed

# What the actions below act on besides a child: re-read under a lock, owned through their child.
ASSESSMENT = Subject("assessment", child_of=lambda a: a.child, lock=locked(Assessment))
INVESTIGATION = Subject("investigation", child_of=lambda i: i.child, lock=locked(Investigation))


def _not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(
            {field: [_("Datoen ligger i fremtiden. Skriv dagens dato eller en tidligere dato.")]}
        )


def _notification_of(child: Child, notification_id: int | None) -> None:
    """The notification an afdækning or undersøgelse starts from must be about the same child."""
    if (
        notification_id is not None
        and not Notification.objects.filter(pk=notification_id, child=child).exists()
    ):
        raise not_on_case("notification_id")


@case_action("cases.case.closed")
def case_close(act: Act, *, reason: str) -> Case:
    child = act.child
    case = child.cases.select_for_update().filter(closed_at__isnull=True).first()
    if case is None:
        raise ValidationError(_("Barnet har ingen åben sag. Åbn en sag først."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Skriv hvorfor sagen lukkes.")]})
    if child.measures.filter(
        started_on__isnull=False, ended_on__isnull=True, type__kind__in=["supportive", "placement"]
    ).exists():
        raise ValidationError(_("Sagen har igangværende indsatser. Afslut dem, før sagen lukkes."))
    case.closed_at, case.closed_by, case.close_reason = timezone.now(), act.actor, reason.strip()
    case.save(update_fields=["closed_at", "closed_by", "close_reason"])
    act.event(
        gettext_noop("Sag lukket: %(reason)s"),
        {"reason": reason.strip()[:200]},
        source="case",
        source_id=case.pk,
        at=case.closed_at,
    )
    return case


@case_action("cases.case.reopened")
def case_reopen(act: Act, *, reason: str) -> Case:
    child = act.child
    if child.cases.filter(closed_at__isnull=True).exists():
        raise ValidationError(_("Sagen er allerede åben. Arbejd videre i den."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Skriv hvorfor sagen genåbnes.")]})
    case = case_open_if_needed(child=child, actor=act.actor)
    act.event(
        gettext_noop("Sag genåbnet: %(reason)s"),
        {"reason": reason.strip()[:200]},
        source="case",
        source_id=case.pk,
    )
    return case


@case_action("cases.access.granted")
def case_grant_access(act: Act, *, staff: Staff | None, reason: str) -> CaseAccess:
    """Let a colleague see the case (need to know). `staff` is None when a door found nobody by the id it
    was sent: refused here like a wrong choice, after the owner check."""
    child = act.child
    colleague = staff is not None and staff.municipality_id == child.municipality_id
    if not colleague or staff.role not in (Role.CASEWORKER, Role.TEAM_LEADER):
        raise ValidationError({"staff": [_("Vælg en rådgiver eller teamleder i kommunen.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Skriv hvorfor medarbejderen skal have adgang.")]})
    grant, _created = CaseAccess.objects.get_or_create(
        child=child, staff=staff, defaults={"granted_by": act.actor, "reason": reason.strip()}
    )
    act.audit_data = {"staff": staff.pk}
    return grant


STAFF_NOTE_KINDS = [k for k in JournalNote.Kind.values if k != JournalNote.Kind.FAMILY_MESSAGE]


@case_action("cases.note.written")
def journal_note_write(
    act: Act, *, kind: str, happened_on: dt.date, text: str, for_family: bool = False
) -> JournalNote:
    """A caseworker's note. Hidden from the family unless `for_family` (forvaltningsloven § 12 exempts internal working
    notes from aktindsigt; docs/law.md)."""
    if kind not in STAFF_NOTE_KINDS:
        raise ValidationError({"kind": [_("Vælg hvilken slags kontakt det var.")]})
    if not text.strip():
        raise ValidationError({"text": [_("Notatet er tomt. Skriv notatet.")]})
    _not_future(happened_on, "happened_on")
    note = JournalNote.objects.create(
        child=act.child,
        kind=kind,
        happened_on=happened_on,
        author=act.actor,
        text=text.strip(),
        for_family=for_family,
    )
    act.audit_data = {"for_family": for_family}
    act.event(
        gettext_noop("Journalnotat (%(kind)s): %(text)s"),
        {"kind": _da(note.get_kind_display()), "text": text.strip()[:120]},
        source="note",
        source_id=note.pk,
    )
    return note


NOTE = Subject("note", child_of=lambda n: n.child, lock=locked(JournalNote))


@case_action("cases.note.shared", subject=NOTE)
def journal_note_share(act: Act, *, for_family: bool) -> JournalNote:
    """Show a caseworker's note to the family, or hide it again ("vis for familien"). A message the family
    wrote is theirs: it is always shown to them and no staff member can change it."""
    note = act.subject
    if note.from_family:
        raise ValidationError(
            _("En besked fra familien kan ikke ændres. Skriv et nyt notat, hvis du vil tilføje noget.")
        )
    note.for_family = for_family
    note.save(update_fields=["for_family"])
    act.audit_data = {"for_family": for_family}
    return note


def _da(label) -> str:
    with translation.override("da"):
        return str(label)


@case_action("cases.assessment.started")
def assessment_start(
    act: Act,
    *,
    matters: str,
    professionals: str = "",
    started_on: dt.date | None = None,
    notification_id: int | None = None,
) -> Assessment:
    """BL § 19: an afdækning of named matters, involving the professionals who know the child."""
    child, actor = act.child, act.actor
    _notification_of(child, notification_id)
    if not matters.strip():
        raise ValidationError({"matters": [_("Skriv hvilke forhold der skal afdækkes.")]})
    started_on = started_on or timezone.localdate()
    _not_future(started_on, "started_on")
    case_open_if_needed(child=child, actor=actor)
    a = Assessment.objects.create(
        child=child,
        started_on=started_on,
        started_by=actor,
        matters=matters.strip(),
        professionals=professionals.strip(),
        notification_id=notification_id,
    )
    act.event(
        gettext_noop("Afdækning startet (§ 19): %(matters)s"),
        {"matters": matters.strip()[:150]},
        source="assessment",
        source_id=a.pk,
    )
    return a


def _refresh_measures(act: Act, _result) -> None:
    refresh_measures_of(act.child)


@case_action("cases.assessment.concluded", subject=ASSESSMENT, refresh=_refresh_measures)
def assessment_conclude(act: Act, *, conclusion: str, concluded_on: dt.date | None = None) -> Assessment:
    assessment = act.subject
    if assessment.concluded_on:
        raise ValidationError(
            _("Afdækningen er allerede afsluttet. Start en ny afdækning, hvis der er brug for det.")
        )
    if not conclusion.strip():
        raise ValidationError({"conclusion": [_("Skriv konklusionen.")]})
    concluded_on = concluded_on or timezone.localdate()
    _not_future(concluded_on, "concluded_on")
    if concluded_on < assessment.started_on:
        raise ValidationError(
            {
                "concluded_on": [
                    _("Afdækningen kan ikke afsluttes, før den er startet. Ret startdatoen eller slutdatoen.")
                ]
            }
        )
    assessment.concluded_on, assessment.conclusion = concluded_on, conclusion.strip()
    assessment.save(update_fields=["concluded_on", "conclusion"])
    act.event(gettext_noop("Afdækning afsluttet (§ 19)"), source="assessment", source_id=assessment.pk)
    return assessment


def investigation_refresh_obligations(investigation: Investigation) -> None:
    child = investigation.child
    met = None
    if investigation.concluded_on:
        met = dt.datetime.combine(
            investigation.concluded_on, dt.time(12), tzinfo=timezone.get_current_timezone()
        )
    derived = [rules._ob(rules.INVESTIGATION, rules.investigation_due(investigation.aware_on), met)]
    owners = case_owners(child)
    if child.caseworker is None and investigation.notification_id:
        # Decided at screening before a caseworker was assigned: the notification's team owns it meanwhile.
        n = Notification.objects.select_related("team", "assignee").get(pk=investigation.notification_id)
        owners = {code: (n.team, n.assignee) for code in owners}
    services.obligations_store(
        child=child, source="investigation", source_id=investigation.pk, derived=derived, owners=owners
    )


def _investigation_create(
    *, child: Child, actor: Staff, aware_on: dt.date, notification_id: int | None
) -> Investigation:
    if child.investigations.filter(concluded_on__isnull=True).exists():
        raise ValidationError(
            _("Barnet har allerede en igangværende børnefaglig undersøgelse. Arbejd videre i den.")
        )
    case_open_if_needed(child=child, actor=actor)
    inv = Investigation.objects.create(
        child=child,
        aware_on=aware_on,
        started_by=actor,
        notification_id=notification_id,
        areas={k: {"challenges": "", "resources": ""} for k, _l in ICS_AREAS},
    )
    services.event_record(
        child=child,
        kind="cases.investigation.started",
        occurred_at=timezone.now(),
        actor=actor,
        summary=gettext_noop("Børnefaglig undersøgelse startet (§ 20)"),
        source="investigation",
        source_id=inv.pk,
    )
    investigation_refresh_obligations(inv)
    audit.record(actor=actor, action="cases.investigation.started", obj=inv, child_id=child.pk)
    return inv


def investigation_for_screening(
    *, child: Child, actor: Staff, aware_on: dt.date, notification_id: int
) -> None:
    """A screening that decides on a børnefaglig undersøgelse starts its 4 months at once (§ 20, stk. 3),
    from when the municipality became aware: the notification's receipt. Permission was checked by the
    screening; an investigation already running for the child covers the new notification too."""
    if not child.investigations.filter(concluded_on__isnull=True).exists():
        _investigation_create(child=child, actor=actor, aware_on=aware_on, notification_id=notification_id)


def assign_case_obligations(child: Child) -> None:
    """The child's caseworker changed: the case's open deadlines follow them (continuity)."""
    cw = child.caseworker
    child.obligations.filter(is_open=True).exclude(source="notification").update(
        assignee=cw, team=cw.team if cw else None
    )


@transaction.atomic
def investigation_start(
    *, child: Child, actor: Staff, aware_on: dt.date, notification_id: int | None = None
) -> Investigation:
    """BL § 20: the 4 months run from when the municipality became aware of the need (often the notification)."""
    require_case_owner(actor, child)
    _notification_of(child, notification_id)
    _not_future(aware_on, "aware_on")
    return _investigation_create(child=child, actor=actor, aware_on=aware_on, notification_id=notification_id)


@case_action("cases.investigation.updated", subject=INVESTIGATION)
def investigation_update_areas(act: Act, *, areas: dict) -> Investigation:
    """§ 22, stk. 1: challenges and resources of the child, the family and the network, by ICS area."""
    inv = act.subject
    if inv.concluded_on:
        raise ValidationError(
            _("Undersøgelsen er afsluttet og kan ikke ændres. Skriv et journalnotat, hvis der er nyt.")
        )
    known = dict(ICS_AREAS)
    for key, value in areas.items():
        if key not in known:
            raise ValidationError(
                {"areas": [_("Ukendt område: %(area)s. Vælg et af områderne i § 22.") % {"area": key}]}
            )
        current = inv.areas.get(key, {})  # a part left out keeps what was written before
        inv.areas[key] = {
            part: str(value[part]).strip() if part in value else current.get(part, "")
            for part in ("challenges", "resources")
        }
    inv.save(update_fields=["areas"])
    return inv


@case_action("cases.investigation.preliminary", subject=INVESTIGATION)
def investigation_preliminary(act: Act, *, text: str) -> Investigation:
    """§ 20, stk. 3, 2. pkt.: when the 4 months cannot be kept, a foreløbig vurdering is made."""
    inv = act.subject
    if inv.concluded_on:
        raise ValidationError(_("Undersøgelsen er afsluttet. Skriv et journalnotat, hvis der er nyt."))
    if not text.strip():
        raise ValidationError({"text": [_("Skriv den foreløbige vurdering.")]})
    inv.preliminary_on, inv.preliminary_text = timezone.localdate(), text.strip()
    inv.save(update_fields=["preliminary_on", "preliminary_text"])
    act.event(
        gettext_noop("Foreløbig vurdering af undersøgelsen (§ 20, stk. 3)"),
        source="investigation",
        source_id=inv.pk,
    )
    return inv


def _refresh_investigation_and_measures(act: Act, inv: Investigation) -> None:
    investigation_refresh_obligations(inv)
    refresh_measures_of(act.child)


@case_action(
    "cases.investigation.concluded", subject=INVESTIGATION, refresh=_refresh_investigation_and_measures
)
def investigation_conclude(
    act: Act, *, conclusion: str, concluded_on: dt.date | None = None
) -> Investigation:
    """§ 22, stk. 6: a reasoned position on whether support under §§ 32, 46 or 47 is needed, and which."""
    inv = act.subject
    if inv.concluded_on:
        raise ValidationError(
            _("Undersøgelsen er allerede afsluttet. Skriv et journalnotat, hvis der er nyt.")
        )
    if not conclusion.strip():
        raise ValidationError({"conclusion": [_("Skriv den begrundede konklusion (§ 22, stk. 6).")]})
    if not any(v.get("challenges") or v.get("resources") for v in inv.areas.values()):
        raise ValidationError({"areas": [_("Beskriv udfordringer og ressourcer i mindst ét område (§ 22).")]})
    concluded_on = concluded_on or timezone.localdate()
    _not_future(concluded_on, "concluded_on")
    if concluded_on < inv.aware_on:
        raise ValidationError(
            {
                "concluded_on": [
                    _(
                        "Undersøgelsen kan ikke afsluttes, før den er startet. Ret startdatoen eller slutdatoen."
                    )
                ]
            }
        )
    inv.concluded_on, inv.conclusion = concluded_on, conclusion.strip()
    inv.save(update_fields=["concluded_on", "conclusion"])
    act.event(
        gettext_noop("Børnefaglig undersøgelse afsluttet (§ 20)"), source="investigation", source_id=inv.pk
    )
    return inv


@case_action("cases.conversation.held")
def conversation_record(
    act: Act, *, held_on: dt.date, child_view: str, bisidder: str = ""
) -> ChildConversation:
    """§ 5, stk. 3: the child's view, gathered in conversation before decisions; bisidder under § 6."""
    _not_future(held_on, "held_on")
    if not child_view.strip():
        raise ValidationError({"child_view": [_("Skriv barnets synspunkter, som barnet selv udtrykte dem.")]})
    conv = ChildConversation.objects.create(
        child=act.child,
        held_on=held_on,
        held_by=act.actor,
        bisidder=bisidder.strip(),
        child_view=child_view.strip(),
    )
    act.event(gettext_noop("Børnesamtale (§ 5, stk. 3)"), source="conversation", source_id=conv.pk)
    return conv


def refresh_measures_of(child: Child) -> None:
    """A concluded afdækning/undersøgelse can move a measure's first follow-up earlier (§ 95, stk. 2, nr. 1)."""
    for measure in child.measures.filter(started_on__isnull=False, ended_on__isnull=True):
        measure_refresh_obligations(measure)
