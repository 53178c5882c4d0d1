from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from tidlig.intake.forms import AssignForm
from tidlig.intake.models import Notification
from tidlig.organisation.models import Role
from tidlig.people.selectors import child_for

from . import selectors


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
    data = selectors.team_worklist(request.user)
    assign_form = AssignForm(team_id=request.user.team_id)
    return render(request, "cases/team_worklist.html", {**data, "assign_form": assign_form})


@login_required
def child_page(request, pk: int):
    child = child_for(request.user, pk, what="child_page")
    obligations = selectors.child_obligations(child)
    notifications = list(
        Notification.objects.filter(child=child).select_related("assignee").order_by("-received_at")
    )
    return render(
        request,
        "cases/child.html",
        {
            "child": child,
            "timeline": selectors.child_timeline(child),
            "open_obligations": [r for r in obligations if r.obligation.is_open],
            "closed_obligations": [r for r in obligations if not r.obligation.is_open],
            "notifications": notifications,
            "guardians": list(child.guardianships.select_related("person")),
        },
    )
