"""`{% course_start_link child "screening" notification.pk %}`: the way from a screened notification or a
cross-disciplinary team item to a § 30 course, shown only to those who may start one."""

from __future__ import annotations

from django import template

from tidlig.course.access import may_start

register = template.Library()

PARAM = {"screening": "underretning", "crossteam": "punkt"}


@register.inclusion_tag("course/_start_link.html", takes_context=True)
def course_start_link(context, child, origin: str, source_id: int) -> dict:
    request = context.get("request")
    if child is None or request is None or origin not in PARAM or not may_start(request.user, child):
        return {"show": False}
    return {"show": True, "child": child, "origin": origin, "param": PARAM[origin], "source_id": source_id}
