"""Delete everything that belongs to the demo municipality, children first and the municipality last.

Append-only history (Event, AuditEntry) refuses delete() on the row and on the queryset; its
`purge()` is the one deliberate way out, meant for retention and for rebuilding the demo. Models
this module does not know yet (apps are added all the time) are cleared first by any foreign key
that leads to the municipality, retrying while PROTECT stops a delete.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import ProtectedError, RestrictedError

from tidlig.audit.models import AuditEntry
from tidlig.cases.models import Assessment, Case, CaseAccess, ChildConversation, Investigation, JournalNote
from tidlig.intake.models import Attachment, Letter, Notification
from tidlig.interventions.models import Decision, FollowUp, Measure, MeasureType, SupervisionVisit
from tidlig.organisation.models import ApiToken, ClosedDay, District, Institution, Municipality, Staff, Team
from tidlig.people.models import Child, Guardianship, Person
from tidlig.plans.models import Goal, Plan
from tidlig.timeline.models import Event, Obligation
from tidlig.wellbeing.models import Rating

# (model, lookup to the municipality), in the order they can be deleted.
KNOWN = [
    (Letter, "notification__municipality"),
    (Attachment, "notification__municipality"),
    (Obligation, "municipality"),
    (Event, "municipality"),
    (Goal, "plan__child__municipality"),
    (Plan, "child__municipality"),
    (SupervisionVisit, "measure__municipality"),
    (FollowUp, "measure__municipality"),
    (Measure, "municipality"),
    (Decision, "municipality"),
    (ChildConversation, "child__municipality"),
    (Investigation, "child__municipality"),
    (Assessment, "child__municipality"),
    (JournalNote, "child__municipality"),
    (CaseAccess, "child__municipality"),
    (Case, "municipality"),
    (Notification, "municipality"),
    (MeasureType, "municipality"),
    (Guardianship, "child__municipality"),
    (Child, "municipality"),
    (Person, "municipality"),
    (AuditEntry, "actor__municipality"),
    (ApiToken, "staff__municipality"),
    (Staff, "municipality"),
    (Team, "municipality"),
    (Institution, "municipality"),
    (ClosedDay, "municipality"),
    (District, "municipality"),
]
# Models whose rows belong to a municipality, and the lookup from them to it.
OWNED = {m: lookup for m, lookup in KNOWN} | {Municipality: ""}


def planner_statistics_refresh() -> None:
    """PostgreSQL: ANALYZE, so the planner knows how large the tables are.

    The demo writes its rows with COPY in one transaction, long before autovacuum comes by; until then
    the planner takes the tables for nearly empty and runs the reset's `DELETE … WHERE id IN (SELECT … JOIN …)`
    as nested loops over sequential scans (minutes instead of a second). ANALYZE counts the rows the current
    transaction inserted, so it helps inside the build's transaction and a test's too.

    Measured 02.12.2026 (2 shared cores, PostgreSQL 15): `test_the_same_seed_and_moment_build_the_same_demo`
    took 318 s before; with ANALYZE its call takes 14 s (SQLite 9 s on the same machine at the same load),
    and no DELETE is among its slowest statements (the slowest, the test's deferred foreign-key checks
    at rollback, 5 s; the seven ANALYZEs 2.7 s together).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


@transaction.atomic
def delete_municipality(municipality: Municipality) -> None:
    planner_statistics_refresh()
    _delete_unknown(municipality)
    _delete(AuditEntry.objects.filter(municipality_id=municipality.pk))
    for model, lookup in KNOWN:
        if model is AuditEntry:
            staff = Staff.objects.filter(municipality=municipality).values("pk")
            _delete(AuditEntry.objects.filter(actor_id__in=staff))
        else:
            _delete(model.objects.filter(**{lookup: municipality}))
    Municipality.objects.filter(pk=municipality.pk).delete()


DELETE_CHUNK = 20_000  # rows deleted at a time on SQLite (see _delete)


def _delete(qs: models.QuerySet) -> None:
    purge = getattr(qs, "purge", None)
    if purge is not None:
        purge()
    elif connection.vendor == "sqlite":
        # In slices: the collector sets a SET_NULL reference to the deleted rows (Concern.rating) with one
        # UPDATE … WHERE … IN over all of them, and five years of ratings pass SQLite's limit of bound
        # parameters ("too many SQL variables").
        while ids := list(qs.values_list("pk", flat=True)[:DELETE_CHUNK]):
            qs.filter(pk__in=ids).delete()
    else:
        qs.delete()


def _unknown_querysets(municipality: Municipality) -> list[models.QuerySet]:
    known = {m for m, _lookup in KNOWN} | {Municipality}
    result = []
    for model in apps.get_models():
        if model in known or model._meta.auto_created:
            continue
        lookups = []
        for f in model._meta.get_fields():
            if isinstance(f, models.ForeignKey) and f.related_model in OWNED:
                via = OWNED[f.related_model]
                lookups.append(f"{f.name}__{via}" if via else f.name)
        for lookup in lookups:
            result.append(model.objects.filter(**{lookup: municipality}))
    return result


def _delete_unknown(municipality: Municipality) -> None:
    # The ratings first, in slices (_delete): deleted by a cascade from their periods or groups they
    # would be one slice, however many.
    pending = sorted(_unknown_querysets(municipality), key=lambda qs: qs.model is not Rating)
    for _attempt in range(len(pending) + 1):
        blocked = []
        for qs in pending:
            try:
                with transaction.atomic():
                    _delete(qs)
            except (ProtectedError, RestrictedError):
                blocked.append(qs)
        if not blocked:
            return
        pending = blocked
    raise ProtectedError("demo reset: rows in other apps still point at the demo municipality", set())
