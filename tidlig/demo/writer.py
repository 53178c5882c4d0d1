"""Bulk inserts of one chunk of households and their notifications, in dependency order.

bulk_create sets the primary keys (SQLite 3.35+ and PostgreSQL return them), so rows further down
can point at rows just inserted. Event.save() refuses updates; bulk_create never calls save().
auto_now_add fields get the time of the insert: Notification.registered_at is then set to when the
notification was received, while Event.recorded_at (append-only, no updates) keeps the build time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F

from tidlig.cases.models import Event, Obligation
from tidlig.intake.models import Letter, Notification
from tidlig.interventions.models import Measure, MeasureType
from tidlig.people.models import Child, Guardianship, Person

from .organisation import Org
from .population import Family
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

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def measure_type_ids() -> dict[str, int]:
    return dict(MeasureType.objects.filter(municipality=None).values_list("code", "pk"))


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


def write(
    org: Org, families: Sequence[Family], planned: Sequence[Planned], type_ids: dict[str, int]
) -> Counts:
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

    Guardianship.objects.bulk_create(
        [
            Guardianship(
                child=c.obj, person=p.obj, relation=relation, has_custody=True, lives_with_child=True
            )
            for f in families
            for c in f.children
            for p, relation in f.guardians
        ],
        batch_size=BATCH,
    )
    measures = [
        Measure(
            municipality=m,
            child=c.obj,
            type_id=type_ids[ms.code],
            decided_on=ms.decided_on,
            started_on=ms.started_on,
            decided_by=c.caseworker,
        )
        for c in child_specs
        for ms in c.measures
    ]
    Measure.objects.bulk_create(measures, batch_size=BATCH)
    counts.measures = len(measures)
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
    first, last = notifications[0].pk, notifications[-1].pk
    Notification.objects.filter(municipality=m, pk__gte=first, pk__lte=last).update(
        registered_at=F("received_at")
    )
    events, obligations, letters = [], [], []
    for p, n in zip(planned, notifications, strict=True):
        child = p.child.obj
        events += [
            Event(
                municipality=m,
                child=child,
                kind=a.kind,
                occurred_at=a.at,
                actor=a.actor,
                source=SOURCE,
                source_id=n.pk,
                summary=a.summary,
                data=a.stored_data,
            )
            for a in p.acts
        ]
        obligations += [
            Obligation(municipality=m, child=child, source=SOURCE, source_id=n.pk, **o) for o in p.obligations
        ]
        letters += [Letter(notification=n, **letter) for letter in p.letters]
    events = Event.objects.bulk_create(events, batch_size=BATCH)
    Obligation.objects.bulk_create(obligations, batch_size=BATCH)
    Letter.objects.bulk_create(letters, batch_size=BATCH)
    counts.notifications, counts.events = len(notifications), len(events)
    counts.obligations, counts.letters = len(obligations), len(letters)
    return counts
