"""The limits of text, dates and times at the edge, shared by the API schemas (`core.schemas`) and the
forms (`core.forms`), so that both refuse the same input with the same Danish message.

Why: PostgreSQL refuses a NUL byte in a text column and a string longer than a varchar column with an
error (a 500), SQLite stores both; a lone UTF-16 surrogate cannot be encoded as UTF-8 on either; a
datetime at year 1 with a positive offset overflows when converted to UTC. OWASP ASVS 4.0 V5.1.3/V5.1.4:
all input is validated against a positive description (type, length, range) before it is used.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Text with no column limit (TextField): notification text, notes, minutes. 20,000 characters is about
# eight pages; a caseworker who needs more attaches a document.
TEXT_MAX = 20_000
# Enumerations (kind, status, decision …) are short codes; the service checks the value itself.
CODE_MAX = 40
EMAIL_MAX = 254  # RFC 5321 path limit; intake.Notification.notifier_email
PHONE_MAX = 40  # intake.Notification.notifier_phone, people.Person.phone
CPR_MAX = 11  # ddmmåå-xxxx; people.cpr validates the number itself

# Dates of casework (notes, concerns, decisions, meetings …): Tidlig's records start in this century.
EARLIEST_DAY = dt.date(2000, 1, 1)
# No input takes a birth date (it comes from the CPR number); one that does would pass
# earliest=dt.date(1900, 1, 1) to date_problem.
LATEST_DAY = dt.date(2099, 12, 31)

PHONE_RE = re.compile(r"^\+?[0-9 ()./-]*$")


def day(value: dt.date) -> str:
    return date_format(value, "d.m.Y")


def text_problem(value: str) -> str | None:
    """What is wrong with a piece of text that no database can store, or None."""
    if "\x00" in value:
        return _("Teksten indeholder et NUL-tegn (\\0), som ikke kan gemmes. Fjern det og send igen.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("Teksten indeholder et ugyldigt tegn (et enligt UTF-16-surrogat). Fjern det og send igen.")
    return None


def too_long(max_length: int, length: int) -> str:
    return ngettext(
        "Teksten er for lang: højst %(max)s tegn, den har %(n)s. Gør den kortere.",
        "Teksten er for lang: højst %(max)s tegn, den har %(n)s. Gør den kortere.",
        max_length,
    ) % {"max": max_length, "n": length}


def email_problem(value: str) -> str | None:
    if not value:
        return None
    try:
        validate_email(value)
    except ValidationError:
        return _("Skriv en gyldig e-mailadresse, fx navn@kommune.dk.")
    return None


def phone_problem(value: str) -> str | None:
    """A telephone number: digits with the usual separators, 8 (Danish) to 15 (E.164) digits."""
    if not value:
        return None
    digits = sum(c.isdigit() for c in value)
    if not PHONE_RE.match(value) or not 8 <= digits <= 15:
        return _("Skriv et telefonnummer med 8 til 15 cifre, fx 12 34 56 78 eller +45 12345678.")
    return None


def date_problem(
    value: dt.date, earliest: dt.date = EARLIEST_DAY, latest: dt.date = LATEST_DAY
) -> str | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not earliest <= value <= latest:
        return _("Skriv en dato mellem %(first)s og %(last)s.") % {
            "first": day(earliest),
            "last": day(latest),
        }
    return None


def moment_problem(
    value: dt.datetime, earliest: dt.date = EARLIEST_DAY, latest: dt.date = LATEST_DAY
) -> str | None:
    """A time of day within the range of dates; converting it to UTC must not overflow (year 1, +14:00)."""
    try:
        utc = value.astimezone(dt.UTC) if value.tzinfo else value
    except (OverflowError, ValueError):
        utc = None
    if utc is None or date_problem(utc.date(), earliest, latest):
        return _("Skriv et tidspunkt mellem %(first)s og %(last)s.") % {
            "first": day(earliest),
            "last": day(latest),
        }
    return None


def int_param(raw) -> int | None:
    """An id from a query string or a hidden field: ASCII digits only ("²".isdigit() is True, but int("²")
    raises) and at most 18 of them (beyond that no database integer reaches); otherwise None."""
    raw = str(raw or "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None
