"""Template tags of the case pages: the step chart (an inline SVG, no JavaScript) and the start buttons on
a screened notification."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import template
from django.utils import timezone

from tidlig.interventions.models import Level
from tidlig.rules.casework import investigation_due

from ..access import is_case_owner
from ..models import Assessment, Investigation

register = template.Library()

# The chart's geometry in SVG user units; the SVG scales to the width of its column.
WIDTH, HEIGHT = 720, 250
LEFT, RIGHT, TOP, BOTTOM = 250, 24, 16, 44
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
LEVELS = [int(v) for v in Level.values]
X_TICKS = 4  # intervals, so five dates on the axis


@dataclass
class Span:
    start: dt.date
    end: dt.date | None  # None: still the step today
    level: int
    label: str


def _y(level: int) -> float:
    return TOP + (LEVELS[-1] - level) * PLOT_H / (LEVELS[-1] - LEVELS[0])


def step_chart_data(steps, today: dt.date) -> dict:
    """Geometry of the staircase chart: a step line from the first change to today, and the table rows."""
    if not steps:
        return {"steps": []}
    start = min(steps[0].day, today - dt.timedelta(days=1))
    span_days = max((today - start).days, 1)

    def x(day: dt.date) -> float:
        return round(LEFT + (day - start).days * PLOT_W / span_days, 1)

    path = [f"M{x(steps[0].day)},{_y(steps[0].level)}"]
    for s in steps[1:]:
        path.append(f"H{x(s.day)}V{_y(s.level)}")
    path.append(f"H{x(today)}")
    spans = [
        Span(
            s.day,
            (steps[i + 1].day - dt.timedelta(days=1)) if i + 1 < len(steps) else None,
            s.level,
            Level(s.level).label,
        )
        for i, s in enumerate(steps)
    ]
    ticks, seen = [], set()
    for i in range(X_TICKS + 1):
        day = start + dt.timedelta(days=round(span_days * i / X_TICKS))
        if day not in seen:
            seen.add(day)
            anchor = "start" if i == 0 else "end" if i == X_TICKS else "middle"
            ticks.append({"x": x(day), "day": day, "anchor": anchor})
    return {
        "steps": steps,
        "spans": spans,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "label_x": LEFT - 8,
        "plot_w": PLOT_W,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": TOP + PLOT_H,
        "tick_y": TOP + PLOT_H + 6,
        "xlabel_y": TOP + PLOT_H + 24,
        "band_y": TOP - 8,  # levels 4-6: placement outside the home
        "band_h": _y(Level.NETWORK_CARE) + PLOT_H / 10 - (TOP - 8),
        "levels": [{"n": n, "label": Level(n).label, "y": _y(n)} for n in reversed(LEVELS)],
        "path": "".join(path),
        "points": [{"x": x(s.start), "y": _y(s.level), "step": s} for s in spans],
        "now": {"x": x(today), "y": _y(steps[-1].level)},
        "ticks": ticks,
        "today": today,
        "current": spans[-1],
    }


@register.inclusion_tag("cases/_step_chart.html")
def step_chart(steps, today: dt.date | None = None) -> dict:
    return step_chart_data(list(steps), today or timezone.localdate())


@register.filter
def child_age(child) -> int | None:
    return child.age_on(timezone.localdate())


@register.filter
def investigation_deadline(aware_on: dt.date) -> dt.date:
    """BL § 20, stk. 3: 4 months from when the municipality became aware of the need."""
    return investigation_due(aware_on)


@register.inclusion_tag("cases/_start_from_notification.html", takes_context=True)
def start_from_notification(context, n) -> dict:
    """After a § 18 screening to afdækning or undersøgelse, the case owner starts it from the notification."""
    user = context["request"].user
    decision = n.screening_decision
    if decision not in ("afdaekning", "undersoegelse") or not is_case_owner(user, n.child):
        return {"show": False}
    if decision == "afdaekning":
        existing = Assessment.objects.filter(child=n.child, notification_id=n.pk).order_by("-pk").first()
        return {"show": True, "n": n, "kind": "assessment", "existing": existing}
    investigations = Investigation.objects.filter(child=n.child)
    existing = investigations.filter(notification_id=n.pk).order_by("-pk").first()
    ongoing = None if existing else investigations.filter(concluded_on__isnull=True).first()
    return {"show": True, "n": n, "kind": "investigation", "existing": existing, "ongoing": ongoing}
