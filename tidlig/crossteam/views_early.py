"""Pages for early advice without a case (BL §§ 29–30): the social worker's courses, counts for the leader."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tidlig.core.forms import submit
from tidlig.core.limits import int_param

from . import access, early, forms, selectors


@login_required
def courses(request):
    """The social worker's own courses by name; the leader sees only counts by criterion (no names)."""
    actor = request.user
    scope = early.counts_scope(actor)
    if scope is None:
        raise PermissionDenied(
            _(
                "Kun teamets socialrådgiver og institutionens leder kan se rådgivningsforløb. Bed en af dem om hjælp."
            )
        )
    rows = []
    if not access.led_institution_ids(actor):
        rows = early.my_courses(actor)
    ctx = {
        "rows": rows,
        "counts": early.counts_by_criterion(scope),
        "is_social_worker": access.is_social_worker(actor),
    }
    return render(request, "crossteam/courses.html", ctx)


@login_required
def course_new(request):
    actor = request.user
    access.require_social_worker(actor)
    item = None
    item_id = int_param(request.GET.get("punkt") or request.POST.get("punkt"))
    if item_id:
        item = selectors.item_for(actor, item_id, what="early_course_form")
        if not item.child_shown:
            item = None
    children = early.children_for_course_form(actor)
    form = forms.CourseForm(
        request.POST or None,
        children=children,
        criteria=early.criteria_for(actor),
        initial={"started_on": timezone.localdate(), "child": item.child_id if item else None},
    )
    if request.method == "POST":
        course = submit(
            request,
            form,
            lambda d: early.course_start(actor=actor, meeting_item=item, **form.service_kwargs()),
            _("Forløbet er startet."),
        )
        if course:
            return redirect("crossteam:course", course.pk)
    ctx = {"form": form, "item": item}
    return render(request, "crossteam/course_new.html", ctx, status=422 if form.errors else 200)


@login_required
def course_detail(request, pk: int):
    actor = request.user
    course = early.course_for(actor, pk)
    form = forms.CourseEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: early.course_end(actor=actor, course=course, **d),
            _("Forløbet er afsluttet."),
        )
        if done:
            return redirect("crossteam:course", pk)
    ctx = {"course": course, "form": form}
    return render(request, "crossteam/course.html", ctx, status=422 if form.errors else 200)
