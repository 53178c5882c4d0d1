"""The yearly delivery built from what Tidlig already keeps: notifications received in the year (§ 16),
preventive and supportive measures running in it (§ 13) and placements running in it (§ 8), one row each,
every row checked (validate.py). Two readers: `summary` gives counts only (no child can be told apart),
`delivery` gives the rows and the problems per child and logs the read of every child in it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tidlig.audit.services import record_access
from tidlig.intake.models import Notification
from tidlig.interventions.models import Measure, MeasureType
from tidlig.people.models import Child

from . import codes
from .fields import MEASURE, NOTIFICATION, PLACEMENT
from .validate import ERROR, Problem, check_person, check_row

CPH = ZoneInfo("Europe/Copenhagen")
FIRST_YEAR = 2020

# BL §§ 132, 133, 135: who the notifier is, as the law that makes them notify
NOTIFIER_LAW = {
    "professional": "BL § 133",
    "citizen": "BL § 135",
    "anonymous": "BL § 135",
    "municipality": "BL § 132",
}


@dataclass
class ChildProblems:
    child: Child
    rows: list[dict] = field(default_factory=list)
    problems: list[tuple[dict | None, Problem]] = field(default_factory=list)  # None: the child itself

    @property
    def errors(self) -> int:
        return sum(p.severity == ERROR for _, p in self.problems)


@dataclass
class Delivery:
    year: int
    municipality_code: str
    rows: list[dict]
    children: dict[int, ChildProblems]

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(r["posttype"] for r in self.rows)
        return {k: c.get(k, 0) for k in (NOTIFICATION, MEASURE, PLACEMENT)}

    @property
    def with_problems(self) -> list[ChildProblems]:
        return [c for c in self.children.values() if c.problems]

    @property
    def by_rule(self) -> Counter:
        return Counter(p.rule for c in self.children.values() for _, p in c.problems)

    @property
    def children_with_errors(self) -> int:
        return sum(1 for c in self.children.values() if c.errors)


def years(today: dt.date | None = None) -> list[int]:
    """The years one may deliver, newest first: from FIRST_YEAR to the current one."""
    today = today or timezone.localdate()
    return list(range(today.year, FIRST_YEAR - 1, -1))


def default_year(today: dt.date | None = None) -> int:
    """Last year: its delivery falls due at the end of January (§§ 14, 17)."""
    return (today or timezone.localdate()).year - 1


def _person(child: Child) -> dict:
    return {
        "cpr": child.cpr or "",
        "koen": codes.UNBORN if child.is_unborn else codes.SEX.get(child.sex, "9"),
        "foedselsdato": child.birth_date,
        "ufoedt": child.is_unborn,
    }


def _base(year: int, municipality, kind: str, source: str, child: Child) -> dict:
    return {
        "aar": year,
        "kommunekode": (municipality.code or "")[-3:],
        "posttype": kind,
        "kilde_id": source,
        "child_id": child.pk,
    } | _person(child)


def _notification_rows(municipality, year: int) -> list[dict]:
    start = dt.datetime(year, 1, 1, tzinfo=CPH)
    end = dt.datetime(year + 1, 1, 1, tzinfo=CPH)
    qs = (
        Notification.objects.filter(municipality=municipality, received_at__gte=start, received_at__lt=end)
        .select_related("child")
        .order_by("received_at", "pk")
    )
    return [
        _base(year, municipality, NOTIFICATION, f"underretning:{n.pk}", n.child)
        | {
            "modtaget": timezone.localtime(n.received_at, CPH).date(),
            "underretter": n.notifier_category,
            "lovgrundlag": NOTIFIER_LAW.get(n.notifier_kind, ""),
            "beskrivelse": _("Underretning modtaget %(day)s")
            % {"day": f"{timezone.localtime(n.received_at, CPH):%d.%m.%Y}"},
        }
        for n in qs
    ]


def _measure_rows(municipality, year: int) -> list[dict]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    began = Q(started_on__lte=last) | Q(started_on__isnull=True, decided_on__lte=last)
    running = Q(ended_on__isnull=True) | Q(ended_on__gte=first)
    qs = (
        Measure.objects.filter(began & running, municipality=municipality)
        .select_related("child", "type", "decision")
        .order_by("started_on", "decided_on", "pk")
    )
    rows = []
    for m in qs:
        placement = m.type.kind == MeasureType.Kind.PLACEMENT
        row = _base(year, municipality, PLACEMENT if placement else MEASURE, f"indsats:{m.pk}", m.child) | {
            "lovgrundlag": m.type.paragraph,
            "indsatskode": m.type.code,
            "afgoerelsesdato": m.decided_on,
            "startdato": m.started_on,
            "slutdato": m.ended_on,
            "beskrivelse": _("%(measure)s, afgjort %(day)s")
            % {"measure": m.type.display_title, "day": f"{m.decided_on:%d.%m.%Y}"},
        }
        if placement:
            consent = m.decision.consent if m.decision else None
            basis = codes.WITHOUT_CONSENT if m.without_consent else codes.WITH_CONSENT if consent else "99"
            row |= {
                "anbringelsessted": codes.PLACE_OF.get(m.place_type, ""),
                "anbringelsesgrundlag": basis,
                "hjemgivelse": m.homecoming_decided_on,
            }
        rows.append(row)
    return rows


def _build(municipality, year: int) -> Delivery:
    rows = _notification_rows(municipality, year) + _measure_rows(municipality, year)
    children: dict[int, ChildProblems] = {}
    kids = Child.objects.in_bulk({r["child_id"] for r in rows})
    for r in rows:
        entry = children.get(r["child_id"])
        if entry is None:
            entry = children[r["child_id"]] = ChildProblems(child=kids[r["child_id"]])
            entry.problems.extend((None, p) for p in check_person(r))
        entry.rows.append(r)
        entry.problems.extend((r, p) for p in check_row(r))
    return Delivery(year=year, municipality_code=(municipality.code or "")[-3:], rows=rows, children=children)


def summary(actor, year: int) -> Delivery:
    """Counts and problems by rule; the caller shows no child (no read is logged)."""
    return _build(actor.municipality, year)


def delivery(actor, year: int, *, what: str) -> Delivery:
    """Every row and every child's problems; logs that `actor` read each child in it (need-to-know)."""
    d = _build(actor.municipality, year)
    record_access(actor=actor, child_ids=d.children.keys(), what=what)
    return d
