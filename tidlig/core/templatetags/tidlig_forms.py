"""Template helpers for forms."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def summary_line(label, error) -> str:
    """One line of the error summary: "Navn: Skriv navnet." A question label keeps its question mark and
    is not followed by a colon ("Har barnet indsatser?: Vælg …" reads badly): "Har barnet indsatser? – Vælg
    …". A label that already ends in a colon or full stop gets no second one."""
    label = str(label or "").strip().rstrip(":").rstrip()
    if not label:
        return str(error)
    if label.endswith(("?", ".")):
        return _("%(label)s – %(error)s") % {"label": label, "error": error}
    return _("%(label)s: %(error)s") % {"label": label, "error": error}
