from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from tidlig.intake.models import Notification
from tidlig.interventions.models import Level
from tidlig.organisation.models import Role
from tidlig.people.selectors import child_for
from tidlig.rules.obligations import SCREENED

from . import selectors
from .overview import case_overview, obligations_visible_to


@login_required
def my_worklist(request):
    if request.user.role not in (Role.CASEWORKER, Role.TEAM_LEADER):
        raise PermissionDenied(_("Siden er ikke for din rolle."))
    groups = selectors.caseworker_worklist(request.user)
    return render(request, "cases/my_worklist.html", {"groups": groups})


@login_required
def team_worklist(request):
    if request.user.role != Role.TEAM_LEADER:
        raise PermissionDenied(_("Siden er kun for teamledere."))
    show_all = request.GET.get("alle") == "1"
    data = selectors.team_worklist(
        request.user, limit=selectors.WORKLIST_LIMIT if show_all else selectors.PAGE_LIMIT
    )
    # One list of caseworkers for every row's select, rendered once rather than once per row.
    options = format_html_join(
        "",
        '<option value="{}">{} ({} {})</option>',
        ((s.pk, str(s), s.n_children, _("børn")) for s in data["caseload"]),
    )
    return render(request, "cases/team_worklist.html", {**data, "caseworker_options": options})


def _with_screening_notes(child, notifications: list[Notification]) -> None:
    """Each notification's § 18 justification, read from the child's screening events in one query."""
    notes = {
        e.source_id: e.screening_note
        for e in child.events.filter(kind=SCREENED, source="notification").only("source_id", "kind", "data")
    }
    for n in notifications:
        n.__dict__["screening_note"] = notes.get(n.pk, "")  # fills Notification.screening_note's cache


TIMELINE_LIMIT = 50  # the newest events; a long case shows the rest on request


@login_required
def child_page(request, pk: int):
    """The child's case page: everything at a glance for those who may see the case; the intake parts
    (notifications, their deadlines and events) for the others who may see the child, e.g. reception."""
    child = child_for(request.user, pk, what="child_page")
    overview = case_overview(request.user, child)
    obligations = obligations_visible_to(request.user, child)
    whole_timeline = request.GET.get("tidslinje") == "alle"
    timeline = selectors.child_timeline(
        child, limit=None if whole_timeline else TIMELINE_LIMIT + 1, intake_only=not overview["can_see_case"]
    )
    timeline_cut = len(timeline) > TIMELINE_LIMIT and not whole_timeline
    timeline = timeline[:TIMELINE_LIMIT] if timeline_cut else timeline
    open_obligations = [r for r in obligations if r.obligation.is_open]
    notifications = list(
        Notification.objects.filter(child=child).select_related("assignee").order_by("-received_at")
    )
    _with_screening_notes(child, notifications)
    return render(
        request,
        "cases/child.html",
        {
            **overview,
            "overview": overview,
            "level_label": Level(overview["level"]).label if overview["can_see_case"] else "",
            "today": timezone.localdate(),
            "child": child,
            "timeline": timeline,
            "timeline_cut": timeline_cut,
            "open_obligations": open_obligations,
            "n_overdue": sum(1 for r in open_obligations if r.status == "overdue"),
            "closed_obligations": [r for r in obligations if not r.obligation.is_open],
            "notifications": notifications,
            "guardians": list(child.guardianships.select_related("person")),
        },
    )
