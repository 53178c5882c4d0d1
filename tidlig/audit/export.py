"""CSV export of access-log rows: semicolon-separated UTF-8 with a BOM, so Danish Excel opens it as is."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from tidlig.people.models import Child

from .models import AuditEntry
from .selectors import action_label

# OWASP "CSV injection": a cell starting with one of these is a formula to a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _header(with_child_name: bool) -> list[str]:
    cols = [
        _("Tidspunkt"),
        _("Brugernavn"),
        _("Medarbejder"),
        _("Rolle"),
        _("Handling"),
        _("Visning"),
        _("Side eller API-kald"),
        _("Metode"),
        _("Sti"),
        _("IP-adresse"),
        _("Browser/klient"),
        _("Barnets id"),
    ]
    return cols + ([_("Barn"), _("CPR-nummer")] if with_child_name else [])


def _line(e: AuditEntry, children: dict[int, Child] | None) -> list[str]:
    actor = e.actor
    row = [
        f"{timezone.localtime(e.at):%d.%m.%Y %H:%M:%S}",
        actor.username if actor else (f"borger:{e.citizen[:12]}" if e.citizen else ""),
        actor.get_full_name() if actor else "",
        actor.get_role_display() if actor else (_("Borger") if e.citizen else ""),
        action_label(e.action),
        (e.data or {}).get("view", ""),
        e.route,
        e.method,
        e.path,
        e.ip or "",
        e.user_agent,
        e.child_id or "",
    ]
    if children is not None:
        child = children.get(e.child_id) if e.child_id else None
        row += [child.display_name if child else "", child.cpr_display if child else ""]
    return [_cell(v) for v in row]


def csv_response(
    entries: Iterable[AuditEntry], *, filename: str, children: dict[int, Child] | None = None
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";")

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(_header(children is not None))
        for e in entries:
            yield writer.writerow(_line(e, children))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
