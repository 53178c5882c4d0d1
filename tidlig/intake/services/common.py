"""What every intake service shares: the event writer, routing, and re-deriving obligations."""

from __future__ import annotations

from django.utils import translation

from tidlig.organisation.models import Role, Staff, Team
from tidlig.people.models import Child, Guardianship
from tidlig.rules import obligations as rules
from tidlig.timeline import services as spine

from ..models import Notification

SOURCE = "notification"


def route_for(child: Child) -> tuple[Team | None, Staff | None]:
    """Who gets a new notification: the child's own caseworker (continuity), a sibling's, or the district team."""
    caseworker = child.caseworker
    if caseworker is None or not caseworker.is_active:
        # A sibling: another child of a guardian who has custody of both.
        custodians = Guardianship.objects.filter(child=child, has_custody=True).values("person_id")
        caseworker = (
            Staff.objects.filter(
                is_active=True,
                role=Role.CASEWORKER,
                children__guardianships__person_id__in=custodians,
                children__guardianships__has_custody=True,
            )
            .exclude(children=child)
            .order_by("pk")
            .first()
        )
    if caseworker is not None and caseworker.is_active:
        return caseworker.team, caseworker
    if child.district_id:
        team = Team.objects.filter(district_id=child.district_id, kind=Team.Kind.DISTRICT).first()
        return team, None
    return None, None


def reception_team(municipality_id: int) -> Team | None:
    return Team.objects.filter(municipality_id=municipality_id, kind=Team.Kind.RECEPTION).first()


def notification_refresh_obligations(notification: Notification) -> None:
    """Re-derive this notification's obligations from its events and store them with their owners."""
    municipality = notification.municipality
    derived = rules.notification_obligations(
        rules.NotificationFacts(
            received_at=notification.received_at,
            notifier_kind=rules.NotifierKind(notification.notifier_kind),
            child_had_ongoing_measure=notification.child_had_ongoing_measure,
        ),
        spine.events_for_source(SOURCE, notification.pk),
        calendar=municipality.calendar(),
        local=municipality.local_deadlines(),
    )
    reception = (reception_team(notification.municipality_id), None)
    case_owner = (notification.team, notification.assignee)
    owners = {
        rules.ACUTE_ASSESSMENT.code: reception,
        rules.RECEIPT.code: reception,
        rules.SCREENING.code: case_owner,
        rules.NOTIFIER_FEEDBACK.code: case_owner,
        rules.REASSESSMENT.code: case_owner,
    }
    spine.obligations_store(
        child=notification.child, source=SOURCE, source_id=notification.pk, derived=derived, owners=owners
    )


def da(label) -> str:
    """A choice label in Danish, the language event summaries are recorded in (and translated from)."""
    with translation.override("da"):
        return str(label)


def _event(
    notification: Notification,
    *,
    kind: str,
    actor,
    at,
    summary: str,
    args: dict | None = None,
    data: dict | None = None,
) -> None:
    spine.event_record(
        child=notification.child,
        kind=kind,
        occurred_at=at,
        actor=actor,
        summary=summary,
        summary_args=args,
        source=SOURCE,
        source_id=notification.pk,
        data=data,
    )


def _locked(notification: Notification) -> Notification:
    return (
        Notification.objects.select_for_update()
        .select_related("child", "municipality")
        .get(pk=notification.pk)
    )
