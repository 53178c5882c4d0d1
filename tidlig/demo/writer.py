"""Bulk inserts of one chunk of households, their notifications and case files, in dependency order.

bulk_create sets the primary keys (SQLite 3.35+ and PostgreSQL return them), so rows further down
can point at rows just inserted. Event.save() refuses updates; bulk_create never calls save().
auto_now_add fields get the time of the insert: Notification.registered_at is then set to when the
notification was received, while Event.recorded_at (append-only, no updates) keeps the build time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F

from tidlig.cases.models import Assessment, Case, CaseAccess, ChildConversation, Investigation, JournalNote
from tidlig.intake.models import Letter, Notification
from tidlig.interventions.models import Decision, FollowUp, Measure, MeasureType, SupervisionVisit
from tidlig.organisation.models import Municipality
from tidlig.people.models import Child, Guardianship, Person
from tidlig.plans.models import Goal, Plan
from tidlig.timeline.models import Event, Obligation, summary_to_store

from . import calibration as cal
from . import fastrows
from .casefile import Rows
from .organisation import Org
from .specs import Family
from .timeline import Planned

BATCH = 250  # rows per INSERT; SQLite caches 128 prepared statements, so keep each one small
SOURCE = "notification"  # intake.services.SOURCE


@dataclass
class Counts:
    persons: int = 0
    children: int = 0
    unborn: int = 0
    measures: int = 0
    notifications: int = 0
    events: int = 0
    obligations: int = 0
    letters: int = 0
    cases: int = 0
    investigations: int = 0
    assessments: int = 0
    conversations: int = 0
    decisions: int = 0
    plans: int = 0
    followups: int = 0
    visits: int = 0
    notes: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def install_catalogue(m: Municipality) -> dict[str, MeasureType]:
    """The municipality's own copy of the shipped catalogue, with providers and prices (calibration.PRICES)."""
    rows = []
    for t in MeasureType.objects.filter(municipality=None).order_by("pk"):
        provider, unit, price = cal.PRICES.get(t.code, ("", "month", None))
        provider = provider.replace("Demokommune", m.name)  # the national demo's municipalities
        rows.append(
            MeasureType(
                municipality=m,
                code=t.code,
                title=t.title,
                paragraph=t.paragraph,
                kind=t.kind,
                level=t.level,
                provider=provider,
                unit=unit,
                unit_price=Decimal(price) if price is not None else None,
            )
        )
    return {t.code: t for t in MeasureType.objects.bulk_create(rows)}


@contextmanager
def _explicit(model, name: str):
    """Let bulk_create keep the value set on an auto_now_add field (a journal note written months ago)."""
    f = model._meta.get_field(name)
    f.auto_now_add = False
    try:
        yield
    finally:
        f.auto_now_add = True


def write_casework(org: Org, rows: Rows) -> Counts:
    """Cases, afdækninger, undersøgelser, børnesamtaler, decisions, measures, plans, follow-ups,
    supervision visits, journal notes, their events and obligations (casework.CaseWork.chunk)."""
    m = org.municipality
    counts = Counts()
    for name, model in (
        ("cases", Case),
        ("investigations", Investigation),
        ("assessments", Assessment),
        ("conversations", ChildConversation),
        ("decisions", Decision),
        ("measures", Measure),
        ("plans", Plan),
        ("goals", Goal),
        ("followups", FollowUp),
        ("visits", SupervisionVisit),
        ("access", CaseAccess),
    ):
        objs = getattr(rows, name)
        if objs:
            model.objects.bulk_create(objs, batch_size=BATCH)
    with _explicit(JournalNote, "written_at"):
        JournalNote.objects.bulk_create(rows.notes, batch_size=BATCH)
    n_events = fastrows.insert(
        Event,
        [
            {
                "municipality_id": m.pk,
                "child_id": e.child.obj.pk,
                "kind": e.kind,
                "occurred_at": e.at,
                "actor_id": e.actor.pk if e.actor else None,
                "source": e.source,
                "source_id": e.ref.pk,
                "summary": summary_to_store(e.msgid, e.args)[0],
                "data": {"_summary": summary_to_store(e.msgid, e.args)[1]},
            }
            for e in rows.events
        ],
    )
    n_obligations = fastrows.insert(
        Obligation,
        [
            {
                "municipality_id": m.pk,
                "child_id": o.child.obj.pk,
                "code": o.derived.code,
                "period": o.derived.period,
                "source": o.source,
                "source_id": o.ref.pk,
                "due_at": o.derived.due_at,
                "due_date": o.derived.due_date,
                "due_is_time": o.derived.due_is_time,
                "met_at": o.derived.met_at,
                "not_applicable": o.derived.not_applicable,
                "is_open": o.derived.met_at is None and not o.derived.not_applicable,
                "team_id": o.team_id,
                "assignee_id": o.assignee.pk if o.assignee else None,
            }
            for o in rows.obligations
        ],
    )
    counts.cases, counts.investigations, counts.assessments = (
        len(rows.cases),
        len(rows.investigations),
        len(rows.assessments),
    )
    counts.decisions, counts.measures, counts.plans = len(rows.decisions), len(rows.measures), len(rows.plans)
    counts.followups, counts.visits, counts.notes = len(rows.followups), len(rows.visits), len(rows.notes)
    counts.conversations = len(rows.conversations)
    counts.events, counts.obligations = n_events, n_obligations
    return counts


def fingerprint(child_id: int, fields: dict) -> str:
    """intake.services.fingerprint for the same notification."""
    parts = [
        str(child_id),
        fields["received_at"].astimezone(dt.UTC).isoformat(),
        fields["notifier_kind"],
        fields["notifier_name"],
        fields["text"],
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def write(org: Org, families: Sequence[Family], planned: Sequence[Planned]) -> Counts:
    m = org.municipality
    counts = Counts()
    specs = [p for f in families for p, _relation in f.guardians]
    specs += [c.mother for f in families for c in f.children if c.mother is not None]
    persons = Person.objects.bulk_create(
        [
            Person(
                municipality=m,
                cpr=p.cpr,
                first_name=p.first,
                last_name=p.last,
                address=p.address,
                email=p.email,
            )
            for p in specs
        ],
        batch_size=BATCH,
    )
    for spec, obj in zip(specs, persons, strict=True):
        spec.obj = obj
    counts.persons = len(persons)

    child_specs = [c for f in families for c in f.children]
    children = Child.objects.bulk_create(
        [
            Child(
                municipality=m,
                cpr=c.cpr,
                first_name=c.first,
                last_name=c.last,
                birth_date=c.birth,
                sex=c.sex,
                is_unborn=c.is_unborn,
                expected_birth=c.expected_birth,
                expecting_mother=c.mother.obj if c.mother else None,
                address=c.address,
                institution_id=c.institution_id,
                district_id=c.district_id,
                caseworker=c.caseworker,
            )
            for c in child_specs
        ],
        batch_size=BATCH,
    )
    for spec, obj in zip(child_specs, children, strict=True):
        spec.obj = obj
    counts.children = sum(not c.is_unborn for c in child_specs)
    counts.unborn = len(child_specs) - counts.children

    fastrows.insert(
        Guardianship,
        [
            {
                "child_id": c.obj.pk,
                "person_id": p.obj.pk,
                "relation": relation,
                "has_custody": True,
                "lives_with_child": True,
            }
            for f in families
            for c in f.children
            for p, relation in f.guardians
        ],
    )
    if not planned:
        return counts

    notifications = Notification.objects.bulk_create(
        [
            Notification(
                municipality=m,
                child=p.child.obj,
                request_fingerprint=fingerprint(p.child.obj.pk, p.fields),
                **p.fields,
            )
            for p in planned
        ],
        batch_size=BATCH,
    )
    for p, n in zip(planned, notifications, strict=True):
        p.obj = n
    first, last = notifications[0].pk, notifications[-1].pk
    Notification.objects.filter(municipality=m, pk__gte=first, pk__lte=last).update(
        registered_at=F("received_at")
    )
    events, obligations, letters = [], [], []
    for p, n in zip(planned, notifications, strict=True):
        child_id = p.child.obj.pk
        events += [
            {
                "municipality_id": m.pk,
                "child_id": child_id,
                "kind": a.kind,
                "occurred_at": a.at,
                "actor_id": a.actor.pk if a.actor else None,
                "source": SOURCE,
                "source_id": n.pk,
                "summary": a.summary,
                "data": a.stored_data,
            }
            for a in p.acts
        ]
        obligations += [
            {
                **{k: v for k, v in o.items() if k not in ("team", "assignee")},
                "municipality_id": m.pk,
                "child_id": child_id,
                "source": SOURCE,
                "source_id": n.pk,
                "team_id": o["team"].pk if o["team"] else None,
                "assignee_id": o["assignee"].pk if o["assignee"] else None,
            }
            for o in p.obligations
        ]
        letters += [Letter(notification=n, **letter) for letter in p.letters]
    fastrows.insert(Event, events)
    fastrows.insert(Obligation, obligations)
    Letter.objects.bulk_create(letters, batch_size=BATCH)
    counts.notifications, counts.events = len(notifications), len(events)
    counts.obligations, counts.letters = len(obligations), len(letters)
    return counts
