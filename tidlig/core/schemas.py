from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Schema

from tidlig.cases.selectors import Row


class ObligationOut(Schema):
    """DESIGN.md § 2: {code, title, law, due, status, met_at}; `due` is a date, or a time for the 24-hour rule."""

    code: str
    title: str
    law: str
    due: str
    status: str
    met_at: dt.datetime | None


def obligation_out(row: Row) -> dict:
    o = row.obligation
    due = timezone.localtime(o.due_at).isoformat() if o.due_is_time else o.due_date.isoformat()
    return {
        "code": o.code,
        "title": o.title,
        "law": o.law,
        "due": due,
        "status": row.status,
        "met_at": timezone.localtime(o.met_at) if o.met_at else None,
    }


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}
