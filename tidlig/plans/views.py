"""Plans and their goals. Thin: the form checks the input, the services decide and write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tidlig.cases.access import is_case_owner
from tidlig.core.forms import apply_errors
from tidlig.core.limits import int_param
from tidlig.people.selectors import child_for

from . import forms, services
from .models import Goal

OWNERS_ONLY = gettext_lazy("Kun barnets rådgiver og teamlederen kan gøre dette.")


def _owned_child(request, child_id: int, what: str):
    child = child_for(request.user, child_id, what=what)
    if not is_case_owner(request.user, child):
        raise PermissionDenied(OWNERS_ONLY)
    return child


def _initial_from(child, plan_id: str | None) -> dict:
    """A new version starts from the plan in force: same kind, summary and goals still being worked on."""
    pk = int_param(plan_id)
    plan = child.plans.filter(pk=pk).prefetch_related("goals").first() if pk else None
    if plan is None:
        return {}
    initial = {"kind": plan.kind, "summary": plan.summary, "measure": plan.measure_id}
    goals = [g for g in plan.goals.all() if g.status == Goal.Status.OPEN]
    for i, g in enumerate(goals[: forms.GOAL_ROWS]):
        initial[f"goal_text_{i}"], initial[f"goal_owner_{i}"] = g.text, g.owner
    return initial


@login_required
def plan_new(request, child_id: int):
    child = _owned_child(request, child_id, "plan_form")
    form = forms.PlanForm(
        request.POST or None, child=child, initial=_initial_from(child, request.GET.get("fra"))
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = services.plan_record(child=child, actor=request.user, **form.service_kwargs())
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("%(plan)s er gemt.") % {"plan": plan.get_kind_display()})
                return redirect(reverse("cases:child", args=[child.pk]) + "#plans")
        return render(request, "plans/plan_new.html", {"child": child, "form": form}, status=422)
    return render(request, "plans/plan_new.html", {"child": child, "form": form})


@login_required
@require_POST
def goal_status(request, pk: int):
    """Change a goal's status. With htmx the goal's row is swapped; without, back to the child's page."""
    goal = get_object_or_404(
        Goal.objects.select_related("plan"), pk=pk, plan__child__municipality_id=request.user.municipality_id
    )
    child = _owned_child(request, goal.plan.child_id, "goal_status")
    goal.plan.child = child
    form = forms.GoalStatusForm(request.POST)
    changed = False
    if form.is_valid():
        try:
            goal = services.goal_set_status(goal=goal, actor=request.user, status=form.cleaned_data["status"])
        except ValidationError as e:
            apply_errors(form, e)
        else:
            changed = True
    if request.headers.get("HX-Request"):
        return render(
            request,
            "plans/_goal.html",
            {"g": goal, "can_work": True, "failed": not changed, "saved": changed},
            status=200 if changed else 422,
        )
    if changed:
        messages.success(request, _("Målets status er ændret."))
    else:
        messages.error(request, _("Status blev ikke ændret: vælg en gyldig status."))
    return redirect(reverse("cases:child", args=[child.pk]) + "#plans")
