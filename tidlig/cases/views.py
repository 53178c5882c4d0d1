from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from tidlig.core.limits import int_param
from tidlig.intake.models import Notification
from tidlig.interventions.models import Level
from tidlig.organisation.models import Role, Staff
from tidlig.people.selectors import child_for
from tidlig.rules.obligations import SCREENED
from tidlig.timeline import selectors

from . import caseload as caseloads
from . import family
from .overview import case_overview, obligations_visible_to


@login_required
def my_worklist(request):
    if request.user.role not in (Role.CASEWORKER, Role.TEAM_LEADER):
        raise PermissionDenied(
            _("Siden er ikke for din rolle. Gå til din forside, eller bed din leder om adgang.")
        )
    groups = selectors.caseworker_worklist(request.user)
    from_families = family.messages_for_caseworker(request.user)
    return render(request, "cases/my_worklist.html", {"groups": groups, "family_messages": from_families})


@login_required
def team_worklist(request):
    if request.user.role != Role.TEAM_LEADER:
        raise PermissionDenied(_("Siden er kun for teamledere. Bed din teamleder om hjælp."))
    show_all = request.GET.get("alle") == "1"
    data = selectors.team_worklist(
        request.user,
        limit=selectors.WORKLIST_LIMIT if show_all else selectors.PAGE_LIMIT,
        caseload=False,
    )
    loads, _total = caseloads.team_caseload(request.user)  # every caseworker of the team, one query
    # One list of caseworkers for every row's select, rendered once rather than once per row.
    options = format_html_join(
        "",
        '<option value="{}">{} ({} {})</option>',
        ((load.caseworker.pk, str(load.caseworker), load.counts["child"], _("børn")) for load in loads),
    )
    return render(
        request,
        "cases/team_worklist.html",
        {**data, "caseworker_options": options, **_team_extras(request.user, data, loads)},
    )


def _team_extras(actor, data: dict, loads: list[caseloads.WeightedLoad]) -> dict:
    """Issue 10: the unassigned list's risk, age, deadline and the child's own caseworker in another team;
    the weighted caseload beside the plain counts. A fixed number of queries."""
    today = timezone.localdate()
    unassigned = data["unassigned"]
    nearest = caseloads.unassigned_deadlines(unassigned)
    rows = []
    for n in unassigned:
        cw = n.child.caseworker  # read with the notification (intake.selectors.team_unassigned)
        rows.append(
            {
                "n": n,
                "age": n.child.age_on(today),
                "deadline": nearest.get(n.pk),
                "elsewhere": cw
                if cw is not None and cw.is_active and cw.team_id and cw.team_id != actor.team_id
                else None,
            }
        )
    return {
        "unassigned_rows": rows,
        "loads": loads,
        "weights": caseloads.caseload_weights(),
    }


def _with_screening_notes(child, notifications: list[Notification]) -> None:
    """Each notification's § 18 justification, read from the child's screening events in one query."""
    notes = {
        e.source_id: e.screening_note
        for e in child.events.filter(kind=SCREENED, source="notification").only("source_id", "kind", "data")
    }
    for n in notifications:
        n.__dict__["screening_note"] = notes.get(n.pk, "")  # fills Notification.screening_note's cache


def _caseload_page(request, caseworker, *, own: bool):
    page = min(int_param(request.GET.get("side")) or 1, 100_000)  # an offset the database can hold
    size = caseloads.CASELOAD_PAGE
    rows, total = caseloads.caseload(request.user, caseworker, limit=size, offset=(page - 1) * size)
    return render(
        request,
        "cases/caseload.html",
        {
            "rows": rows,
            "total": total,
            "caseworker": caseworker,
            "own": own,
            "page": page,
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if page * size < total else None,
        },
    )


@login_required
def my_caseload(request):
    """Mine børn: the caseworker's children with step, next deadline and last contact (issue 10)."""
    if request.user.role != Role.CASEWORKER:
        raise PermissionDenied(_("Siden er for rådgivere. Bed barnets rådgiver om hjælp."))
    return _caseload_page(request, request.user, own=True)


@login_required
def caseworker_caseload(request, pk: int):
    """The team leader's drill-down: one caseworker's children, read-only."""
    caseworker = get_object_or_404(Staff, pk=pk, municipality_id=request.user.municipality_id)
    if not caseloads.may_see_caseload_of(request.user, caseworker):
        raise Http404
    return _caseload_page(request, caseworker, own=caseworker.pk == request.user.pk)


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
