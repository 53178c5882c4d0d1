"""The database itself refuses to change or delete audit rows (ASVS 4.0 V7.3.3), on SQLite and PostgreSQL.

Only a deliberate purge (retention, demo reset, a test's flush) may delete, and nothing may update.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from tidlig.audit import services as audit
from tidlig.audit.models import AuditEntry, purging

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(alice, child):
    audit.record_access(actor=alice, child_ids=[child.pk], what="child")
    return AuditEntry.objects.get(actor=alice)  # rows a demo built by an earlier module left are not hers


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_raw_update_is_refused_by_the_database(entry):
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["rettet", entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "people.child.viewed"


def test_a_raw_delete_is_refused_by_the_database(entry):
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_even_a_purge_may_not_update(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), purging():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["rettet", entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "people.child.viewed"


def test_the_deliberate_purge_deletes_and_the_guard_is_back_afterwards(entry, alice, sibling):
    assert AuditEntry.objects.filter(pk=entry.pk).purge() == 1
    assert not AuditEntry.objects.filter(pk=entry.pk).exists()
    audit.record_access(actor=alice, child_ids=[sibling.pk], what="child")
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_auditentry", [])
    assert AuditEntry.objects.filter(actor=alice).count() == 1


@pytest.mark.django_db(transaction=True)
def test_flushing_the_whole_database_still_works(alice, child):
    """A test's teardown (and a fresh demo) empties every table: that is a deliberate purge."""
    audit.record_access(actor=alice, child_ids=[child.pk], what="child")
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEntry.objects.count() == 0
