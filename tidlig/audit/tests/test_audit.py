"""The audit log and the child's timeline are append-only; each read of a child's data is one log row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import ProtectedError

from tidlig.audit import services as audit
from tidlig.audit.models import AppendOnlyError, AuditEntry
from tidlig.timeline.models import Event
from tidlig.timeline.services import event_record

pytestmark = pytest.mark.django_db

AT = dt.datetime(2025, 4, 14, 7, 0, tzinfo=dt.UTC)


@pytest.fixture
def event(child, rita):
    return event_record(
        child=child,
        kind="intake.notification.received",
        occurred_at=AT,
        actor=rita,
        summary="Underretning modtaget",
        source="notification",
        source_id=1,
    )


@pytest.fixture
def entry(rita, child):
    audit.record(actor=rita, action="intake.notification.received", obj=child, child_id=child.pk)
    return AuditEntry.objects.get()


# A text column of each append-only model, to try to change.
FIELD = {Event: "summary", AuditEntry: "action"}


@pytest.fixture(params=["event", "entry"])
def row(request):
    return request.getfixturevalue(request.param)


def test_a_saved_row_cannot_be_changed(row):
    field = FIELD[type(row)]
    setattr(row, field, "rettet")
    with pytest.raises(AppendOnlyError):
        row.save()
    assert getattr(type(row).objects.get(pk=row.pk), field) != "rettet"


def test_a_saved_row_cannot_be_deleted(row):
    with pytest.raises(AppendOnlyError):
        row.delete()
    assert type(row).objects.filter(pk=row.pk).exists()


def test_a_bulk_delete_through_the_queryset_is_refused_too(row):
    model = type(row)
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).delete()
    assert model.objects.filter(pk=row.pk).exists()


def test_a_bulk_update_through_the_queryset_is_refused_too(row):
    model, field = type(row), FIELD[type(row)]
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).update(**{field: "rettet"})
    assert getattr(model.objects.get(pk=row.pk), field) != "rettet"


def test_a_correction_is_a_new_event_and_both_stay_on_the_timeline(event, child, rita):
    event_record(
        child=child,
        kind="intake.notification.corrected",
        occurred_at=AT + dt.timedelta(hours=1),
        actor=rita,
        summary="Rettelse",
    )
    assert list(child.events.order_by("occurred_at").values_list("kind", flat=True)) == [
        "intake.notification.received",
        "intake.notification.corrected",
    ]


def test_a_child_with_a_timeline_cannot_be_deleted(event, child):
    with pytest.raises(ProtectedError):
        child.delete()
    assert Event.objects.filter(pk=event.pk).exists()


def test_an_event_without_a_saved_actor_is_recorded_without_one(child):
    e = event_record(child=child, kind="system.import", occurred_at=AT, actor=None, summary="Import")
    assert e.actor is None and e.municipality_id == child.municipality_id


# audit.record --------------------------------------------------------------------------------------------


def test_record_writes_who_did_what_to_which_object(entry, rita, child):
    assert (entry.actor, entry.municipality_id, entry.action) == (
        rita,
        rita.municipality_id,
        "intake.notification.received",
    )
    assert (entry.object_type, entry.object_id, entry.child_id) == ("child", child.pk, child.pk)
    assert entry.at is not None


def test_record_masks_sensitive_values(rita):
    audit.record(
        actor=rita,
        action="people.child.registered",
        data={"cpr": "1504184235", "text": "Bekymring", "password": "x", "channel": "api", "token": ""},
    )
    assert AuditEntry.objects.get().data == {
        "cpr": "***",
        "text": "***",
        "password": "***",
        "channel": "api",
        "token": "",
    }


# audit.record_access --------------------------------------------------------------------------------------


def test_record_access_writes_one_row_per_child_in_one_query(rita, child, sibling, django_assert_num_queries):
    with django_assert_num_queries(1):
        audit.record_access(actor=rita, child_ids=[sibling.pk, child.pk, child.pk], what="worklist.reception")
    rows = AuditEntry.objects.order_by("child_id")
    assert [(r.child_id, r.object_id, r.action, r.data["view"]) for r in rows] == [
        (c.pk, c.pk, "people.child.viewed", "worklist.reception")
        for c in sorted([child, sibling], key=lambda c: c.pk)
    ]
    assert {r.actor for r in rows} == {rita}


def test_record_access_for_no_children_writes_nothing(rita, django_assert_num_queries):
    with django_assert_num_queries(0):
        audit.record_access(actor=rita, child_ids=[], what="worklist.reception")
