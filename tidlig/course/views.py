"""Course pages. Thin: selectors read, services write (the API twins call the same ones)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tidlig.core.forms import submit
from tidlig.rules import course as rules

from . import selectors, services
from .access import can_act, may_start
from .forms import EndForm, MeetingForm, StartForm, UpdateForm
from .models import Origin


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _origin(request) -> tuple[str, int | None, int | None]:
    """Where the course starts from (?fra=crossteam&punkt=ID, ?fra=screening&underretning=ID)."""
    q = request.POST if request.method == "POST" else request.GET
    origin = q.get("fra") if q.get("fra") in Origin.values else Origin.CHILD
    return origin, _int(q.get("underretning")), _int(q.get("punkt"))


@login_required
def child(request, child_id: int):
    """A child's courses, and the form that starts one."""
    child_obj, courses = selectors.courses_for_child(request.user, child_id)
    workers = selectors.workers(request.user)
    origin, notification_id, item_id = _origin(request)
    length = services.course_length(child_obj.municipality_id)
    form = StartForm(
        request.POST or None,
        workers=workers,
        initial={"weeks": length.weeks, "started_on": timezone.localdate()},
    )
    if request.method == "POST":
        notification, item = selectors.origin_links(child_obj, notification_id, item_id)

        def perform(d):
            return services.course_start(
                actor=request.user,
                child=child_obj,
                worker=selectors.worker_get(request.user, d["worker"]),
                started_on=d["started_on"],
                weeks=d["weeks"],
                purpose=d["purpose"],
                goals=d["goals"],
                origin=origin,
                notification=notification,
                crossteam_item=item,
            )

        done = submit(request, form, perform, _("Forløbet er startet. Planlæg startmødet."))
        if done:
            return redirect("course:detail", course_id=done.pk)
    context = {
        "child": child_obj,
        "courses": courses,
        "form": form,
        "may_start": may_start(request.user, child_obj),
        "origin": origin,
        "origin_label": Origin(origin).label,
        "notification_id": notification_id,
        "item_id": item_id,
    }
    return render(request, "course/child.html", context, status=422 if form.errors else 200)


def _weeks(course) -> list[dict]:
    """The course's weeks, each with its days, whether it is this week, and the meetings that fall in it."""
    today = timezone.localdate()
    current = rules.course_week(course.started_on, today)
    meetings = [(m, _("Startmøde")) for m in [course.start_meeting] if m] + [
        (m, _("Slutmøde")) for m in [course.end_meeting] if m
    ]
    out = []
    for n in range(1, course.weeks + 1):
        first = course.started_on + dt.timedelta(weeks=n - 1)
        last = first + dt.timedelta(days=6)
        out.append(
            {
                "n": n,
                "first": first,
                "last": last,
                "current": n == current and course.is_open,
                "past": last < today,
                "meetings": [
                    label
                    for m, label in meetings
                    if first <= timezone.localdate(m.starts_at) <= last and m.status != "cancelled"
                ],
            }
        )
    return out


def _detail(request, course, *, forms=None, status=200):
    forms = forms or {}
    may = can_act(request.user, course)
    workers = selectors.workers(request.user)
    meetings = []
    for which, label, m in (
        (services.START, _("Startmøde"), course.start_meeting),
        (services.END, _("Slutmøde"), course.end_meeting),
    ):
        needs_plan = m is None or m.status == "cancelled"
        form = None
        if may and course.is_open and needs_plan:
            form = forms.get(which) or MeetingForm(prefix=which)
        meetings.append({"which": which, "label": label, "meeting": m, "form": form})
    context = {
        "course": course,
        "may_act": may,
        "weeks": _weeks(course),
        "week_now": rules.course_week(course.started_on, timezone.localdate()),
        "meetings": meetings,
        "deadlines": selectors.deadlines(course),
        "update_form": forms.get("update")
        or UpdateForm(
            workers=workers,
            initial={"goals": course.goals, "purpose": course.purpose, "worker": course.worker_id},
        ),
        "end_form": forms.get("end") or EndForm(),
    }
    return render(request, "course/detail.html", context, status=status)


@login_required
def detail(request, course_id: int):
    """GET: the course; POST: save the goals, the purpose and the worker."""
    course = selectors.course_get(request.user, course_id)
    if request.method != "POST":
        return _detail(request, course)
    if not can_act(request.user, course):
        raise Http404
    form = UpdateForm(request.POST, workers=selectors.workers(request.user))

    def perform(d):
        return services.course_update(
            actor=request.user,
            course=course,
            goals=d["goals"],
            purpose=d["purpose"],
            worker=selectors.worker_get(request.user, d["worker"]),
        )

    if submit(request, form, perform, _("Forløbet er gemt.")):
        return redirect("course:detail", course_id=course.pk)
    return _detail(request, course, forms={"update": form}, status=422)


@login_required
@require_POST
def meeting(request, course_id: int, which: str):
    course = selectors.course_get(request.user, course_id)
    if which not in (services.START, services.END) or not can_act(request.user, course):
        raise Http404
    form = MeetingForm(request.POST, prefix=which)

    def perform(d):
        starts_at, ends_at = form.moments()
        return services.course_meeting_plan(
            actor=request.user,
            course=course,
            which=which,
            starts_at=starts_at,
            ends_at=ends_at,
            place=d["place"],
            online_link=d["online_link"],
        )

    if submit(request, form, perform, _("Mødet er planlagt som netværksmøde.")):
        return redirect("course:detail", course_id=course.pk)
    return _detail(request, course, forms={which: form}, status=422)


@login_required
@require_POST
def end(request, course_id: int):
    course = selectors.course_get(request.user, course_id)
    if not can_act(request.user, course):
        raise Http404
    form = EndForm(request.POST)

    def perform(d):
        return services.course_end(
            actor=request.user,
            course=course,
            result=d["result"],
            reason=d["reason"],
            ended_on=d["ended_on"],
        )

    if submit(request, form, perform, _("Forløbet er afsluttet.")):
        return redirect("course:detail", course_id=course.pk)
    return _detail(request, course, forms={"end": form}, status=422)
