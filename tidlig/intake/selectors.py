"""Reads of notifications, scoped to what the actor may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tidlig.audit import services as audit
from tidlig.organisation.models import Role, Staff, Team
from tidlig.people.models import Child
from tidlig.people.selectors import children_at_my_institution, children_visible_to
from tidlig.post import selectors as post_selectors
from tidlig.timeline import registry
from tidlig.wellbeing import access as wellbeing_access

from . import permissions
from .models import Attachment, Letter, Notification


def children_to_notify_about(actor: Staff) -> QuerySet[Child]:
    """The children the actor may pick by CPR or id when filing a notification, for the form and the API.

    Reception registers for any child of the municipality; an educator or institution leader for the
    children of her institution; everyone else for the children she may already see by name: through
    the case (caseworker, team leader, colleagues added to it) or in early detection (the health visitor's
    infants). Anything wider would make the form an oracle: file with a CPR, then read the child's name
    on "mine underretninger" (need to know, GDPR art. 5(1)(c); ASVS V4.2.1). A refused and an unknown
    CPR get the same answer. Anyone may still notify through reception (BL § 133).
    """
    if not actor.is_authenticated or actor.municipality_id is None:
        return Child.objects.none()
    if actor.role == Role.RECEPTION:
        return Child.objects.filter(municipality_id=actor.municipality_id)
    if actor.role in (Role.EDUCATOR, Role.INSTITUTION_LEADER):
        return children_at_my_institution(actor)
    early = wellbeing_access.children_visible_to(actor, today=timezone.localdate())
    return Child.objects.filter(
        Q(pk__in=children_visible_to(actor).values("pk")) | Q(pk__in=early.values("pk")),
        municipality_id=actor.municipality_id,
    )


def notifications_visible_to(actor: Staff) -> QuerySet[Notification]:
    if not actor.is_authenticated or actor.municipality_id is None:
        return Notification.objects.none()
    base = Notification.objects.filter(municipality_id=actor.municipality_id)
    if actor.role == Role.RECEPTION:
        return base
    if actor.role == Role.CASEWORKER:
        return base.filter(Q(assignee=actor) | Q(child__caseworker=actor))
    if actor.role == Role.TEAM_LEADER and actor.team_id:
        return base.filter(Q(team_id=actor.team_id) | Q(child__caseworker__team_id=actor.team_id))
    return Notification.objects.none()


def notification_for(actor: Staff, notification_id: int) -> Notification:
    n = (
        notifications_visible_to(actor)
        .select_related(
            "child",
            "child__institution",
            "child__caseworker",
            "child__caseworker__team",
            "child__expecting_mother",
            "team",
            "assignee",
            "municipality",
            "registered_by",
        )
        .filter(pk=notification_id)
        .first()
    )
    if n is None or not permissions.can_see_case(actor, n):
        raise Http404
    audit.record_access(actor=actor, child_ids=[n.child_id], what="notification")
    return n


def children_to_pick(actor: Staff) -> list[Child] | None:
    """The names an educator or institution leader picks from on the notification form (logged: the picker
    shows names); None for everyone else, who gives a CPR number."""
    if actor.role not in (Role.EDUCATOR, Role.INSTITUTION_LEADER):
        return None
    children = list(children_at_my_institution(actor).order_by("first_name", "last_name"))
    audit.record_access(actor=actor, child_ids=[c.pk for c in children], what="notification_form")
    return children


def attachment_of(notification: Notification, attachment_id: int) -> Attachment:
    """One of the notification's attachments (already scoped by `notification_for`), or 404."""
    a = Attachment.objects.filter(notification=notification, pk=attachment_id).first()
    if a is None:
        raise Http404
    return a


def letter_of(notification: Notification, letter_id: int) -> Letter:
    """One of the letters sent about the notification (receipt, feedback), or 404."""
    letter = notification.letters.select_related("sent_by").filter(pk=letter_id).first()
    if letter is None:
        raise Http404
    return letter


def letters_with_outbox(notification: Notification) -> list[Letter]:
    """The notification's letters, each with `.outbox`: its letter in the outbox (Digital Post, or the paper
    fallback) when it went that way, else None. Read under the notification's own access rule (the caller
    already holds it through `notification_for`, which logged the read)."""
    rows = list(notification.letters.select_related("sent_by").order_by("pk"))
    outbox = post_selectors.letters_about_many(source=Letter.OUTBOX_SOURCE, source_ids=[x.pk for x in rows])
    for x in rows:
        x.outbox = outbox.get(x.pk)
    return rows


def route_targets(municipality_id: int) -> QuerySet[Team]:
    """The district teams a notification may be sent to: the page's list and GET …/route-targets."""
    return Team.objects.filter(municipality_id=municipality_id, kind=Team.Kind.DISTRICT).order_by("name")


def caseworkers_of(team_id: int | None) -> QuerySet[Staff]:
    """The active caseworkers of a team: whom a notification may be assigned to (page and API)."""
    return Staff.objects.filter(team_id=team_id, role=Role.CASEWORKER, is_active=True).order_by(
        "first_name", "last_name"
    )


SUBMITTED_LIMIT = 200


def submitted_by(actor: Staff, *, limit: int = SUBMITTED_LIMIT) -> list[Notification]:
    """What an educator sees of what they sent: that it was received and the receipt sent; nothing of the case.

    The newest `limit`; the read is logged here, once, for the page and GET /notifications/submitted alike.
    """
    rows = list(
        Notification.objects.filter(municipality_id=actor.municipality_id, notifier_staff=actor)
        .only(
            "id",
            "received_at",
            "receipt_sent_at",
            "child__first_name",
            "child__last_name",
            "child__is_unborn",
        )
        .select_related("child")
        .order_by("-received_at")[:limit]
    )
    audit.record_access(actor=actor, child_ids=[n.child_id for n in rows], what="submitted")
    return rows


def child_history(notification: Notification) -> dict:
    """Everything earlier about the same child, so repeated worry is seen at once."""
    child = notification.child
    earlier = list(
        Notification.objects.filter(child=child)
        .exclude(pk=notification.pk)
        .select_related("assignee")
        .order_by("-received_at")
    )
    return {"earlier": earlier, "measures": registry.open_measures(child), "caseworker": child.caseworker}


def team_unassigned(actor: Staff, limit: int) -> tuple[list[Notification], int]:
    """The team worklist's unassigned notifications, oldest first, and their total. Registered with the
    spine (`timeline.registry`) in IntakeConfig.ready(); the team worklist logs the access."""
    qs = Notification.objects.filter(
        municipality_id=actor.municipality_id, team_id=actor.team_id, assignee__isnull=True
    )
    # The child's own caseworker and team come along: the list offers routing there (issue 10).
    rows = list(
        qs.select_related("child", "child__expecting_mother", "child__caseworker__team").order_by(
            "received_at"
        )[:limit]
    )
    return rows, len(rows) if len(rows) < limit else qs.count()  # fewer than asked for: that is all


def rows_with_notification(rows) -> None:
    """Give each worklist row about a notification its notification (`row.notification`, else None), in
    one query, so reception sees who notified and why. Registered with the spine in IntakeConfig.ready()."""
    ids = {r.obligation.source_id for r in rows if r.obligation.source == "notification"}
    by_id = Notification.objects.in_bulk(ids) if ids else {}
    for r in rows:
        r.notification = by_id.get(r.obligation.source_id) if r.obligation.source == "notification" else None
