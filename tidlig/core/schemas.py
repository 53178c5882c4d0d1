from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, BaseModel, Field, Strict, model_validator
from pydantic_core import PydanticCustomError

from . import limits, next_step

# Validated input at the edge: every string an API schema accepts says its maximum length (the column's,
# or TEXT_MAX for a TextField) and refuses NUL bytes and lone surrogates; every date has a range a
# caseworker expects. The forms apply the same limits (core.forms.TidligForm). OWASP ASVS 4.0 V5.1.3–4.


def _refuse(problem: str | None) -> None:
    if problem:
        raise PydanticCustomError("value_error", "{problem}", {"problem": problem})


def _text(value: str) -> str:
    _refuse(limits.text_problem(value))
    return value


def _email(value: str) -> str:
    _refuse(limits.text_problem(value) or limits.email_problem(value))
    return value


def _phone(value: str) -> str:
    _refuse(limits.text_problem(value) or limits.phone_problem(value))
    return value


def _day(value: dt.date) -> dt.date:
    _refuse(limits.date_problem(value))
    return value


def _moment(value: dt.datetime) -> dt.datetime:
    _refuse(limits.moment_problem(value))
    return value


class InSchema(Schema):
    """An API input: a JSON object. django-ninja reads schemas from attributes too (for answers built from
    models), so without this `{"notifier": 5}` or `{"areas": {"home": 5}}` passed as an empty object."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data):
        raw = getattr(data, "_obj", data)  # ninja wraps the input in a DjangoGetter
        if not isinstance(raw, dict | BaseModel):
            raise PydanticCustomError("model_type", "{problem}", {"problem": _("Send et JSON-objekt.")})
        return data


def Line(max_length: int):  # noqa: N802 - a type, used like one
    """A string stored in a CharField of this max_length."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(_text)]


Text = Annotated[str, Field(max_length=limits.TEXT_MAX), AfterValidator(_text)]
Code = Line(limits.CODE_MAX)
Cpr = Line(limits.CPR_MAX)
Email = Annotated[str, Field(max_length=limits.EMAIL_MAX), AfterValidator(_email)]
Phone = Annotated[str, Field(max_length=limits.PHONE_MAX), AfterValidator(_phone)]
# JSON has real numbers and booleans: `false` or "7" for an id, or "yes" for a flag, is a client's mistake.
Int = Annotated[int, Strict()]
Bool = Annotated[bool, Strict()]
Day = Annotated[dt.date, AfterValidator(_day)]
Moment = Annotated[dt.datetime, AfterValidator(_moment)]


class ObligationOut(Schema):
    """DESIGN.md § 2: {code, title, law, due, status, met_at}; `due` is a date, or a time for the 24-hour rule.
    `period` (issue 12) tells the rows of a recurring obligation apart."""

    code: str
    title: str
    law: str
    due: str
    status: str
    met_at: dt.datetime | None
    days_overdue: int | None = Field(
        None,
        description="whole calendar days past the deadline when overdue (0: overdue since earlier today)",
    )
    action_url: str | None = Field(
        None, description="the page whose form meets the obligation (næste skridt); null once met or waived"
    )
    period: int = Field(
        0,
        description="0 for a one-off obligation; 1, 2, … for each period of a recurring one (BL § 156, stk. 5 "
        "visits, § 79 offers): every period keeps its own row and status (met, met_late, overdue, open)",
    )


@dataclass
class Row:
    """A worklist row: a stored obligation (the spine's Obligation) and its status at the time of reading."""

    obligation: Any
    status: str

    @property
    def days_overdue(self) -> int | None:
        """Calendar days since the deadline's day (Copenhagen), for an overdue obligation only."""
        if self.status != "overdue":
            return None
        return (timezone.localdate() - timezone.localdate(self.obligation.due_at)).days

    @property
    def action_url(self) -> str | None:
        return next_step.action_url(self.obligation)

    @property
    def action_label(self) -> str:
        return next_step.action_label(self.obligation)


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
        "days_overdue": row.days_overdue,
        "action_url": row.action_url,
        "period": o.period,
    }


class ErrorOut(Schema):
    """The one error shape of the API: a Danish sentence and, per field, what to fix."""

    detail: str
    errors: dict[str, list[str]] = {}


def api_errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """The error answers a route documents in `response=`: always 401 (no session or a bad token), 422 (a body,
    query or path value the edge refuses, or a body that is not a JSON object: core.parser) and 429 (too many
    bad tokens from the caller's address: tidlig.api.BearerToken, ASVS 2.2.1), plus the `codes` the route
    itself can give (403 refused, 404 not found or not yours, 409 conflict). tests/test_api_contract.py holds
    every operation to this."""
    return {code: ErrorOut for code in sorted({401, 422, 429, *codes})}
