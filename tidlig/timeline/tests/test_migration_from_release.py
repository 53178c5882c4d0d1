"""The spine's move from `cases` to `timeline` keeps every row of a database the previous release built.

tests/fixtures/release-f508321.sqlite3.xz is what `tidlig demo --children 300 --seed 9` left behind on
commit f508321 (the release before the move; see tests/fixtures/README.md and
scripts/build_release_fixture.py). The test migrates a copy with this code in a separate process (its own
settings, so the session's test database is not touched) and compares every event and obligation row
before and after, then reads the worklists and a child's timeline from the migrated file.
"""

from __future__ import annotations

import json
import lzma
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = ROOT / "tests" / "fixtures" / "release-f508321.sqlite3.xz"
MOMENT = "2026-11-18T10:00:00+01:00"  # the moment the fixture was built at

READ = """
import json, time_machine
with time_machine.travel({moment!r}, tick=False):
    import django
    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from tidlig.organisation.models import Staff
    from tidlig.people.models import Child
    from tidlig.timeline import selectors
    from tidlig.timeline.models import Event, Obligation

    def ids(rows):
        return [r.obligation.pk for r in rows]

    staff = {{s.username: s for s in Staff.objects.filter(username__in=["modtagelse", "raadgiver", "teamleder"])}}
    reception = selectors.reception_worklist(staff["modtagelse"])
    team = selectors.team_worklist(staff["teamleder"])
    mine = selectors.caseworker_worklist(staff["raadgiver"])
    child = Child.objects.get(pk={child_id})
    print(json.dumps({{
        "events": Event.objects.count(),
        "obligations": Obligation.objects.count(),
        "content_types": sorted(
            [ct.app_label, ct.model, ct.pk] for ct in ContentType.objects.filter(model__in=["event", "obligation"])
        ),
        "reception": {{"receipts": ids(reception["receipts"]), "acute_total": reception["acute_total"]}},
        "team": {{
            "unassigned": [n.pk for n in team["unassigned"]],
            "deadlines_total": team["deadlines_total"],
            "caseload": {{s.username: s.n_open for s in team["caseload"]}},
        }},
        "caseworker": sorted(pk for rows in mine.values() for pk in ids(rows)),
        "timeline": [[e.pk, e.display_summary] for e in selectors.child_timeline(child)],
    }}))
"""


def _rows(db: sqlite3.Connection, table: str) -> list[tuple]:
    return db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()  # noqa: S608 (our own table names)


def _tables(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _run(args: list[str], database: Path) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "tidlig.settings",
        "SECRET_KEY": "test",
    }
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.slow
def test_migrating_the_previous_releases_demo_keeps_every_event_and_obligation(tmp_path):
    database = tmp_path / "release.sqlite3"
    database.write_bytes(lzma.decompress(FIXTURE.read_bytes()))
    with sqlite3.connect(database) as db:
        assert {"cases_event", "cases_obligation"} <= _tables(db)
        events, obligations = _rows(db, "cases_event"), _rows(db, "cases_obligation")
        child_id, n_child_events = db.execute(
            "SELECT child_id, COUNT(*) FROM cases_event GROUP BY child_id ORDER BY 2 DESC, 1 LIMIT 1"
        ).fetchone()
        newest_first = [
            pk
            for (pk,) in db.execute(
                "SELECT id FROM cases_event WHERE child_id = ? ORDER BY occurred_at DESC, id DESC", [child_id]
            )
        ]
        open_receipts = [
            pk
            for (pk,) in db.execute(
                "SELECT id FROM cases_obligation WHERE code = 'receipt' AND is_open ORDER BY due_at, id"
            )
        ]
        raadgiver_open = [
            pk
            for (pk,) in db.execute(
                "SELECT o.id FROM cases_obligation o JOIN organisation_staff s ON s.id = o.assignee_id "
                "WHERE s.username = 'raadgiver' AND o.is_open ORDER BY o.id"
            )
        ]
        unassigned = [
            pk
            for (pk,) in db.execute(
                "SELECT n.id FROM intake_notification n JOIN organisation_staff s ON s.team_id = n.team_id "
                "WHERE s.username = 'teamleder' AND n.assignee_id IS NULL ORDER BY n.received_at"
            )
        ]
        content_types = dict(
            db.execute("SELECT model, id FROM django_content_type WHERE app_label = 'cases'").fetchall()
        )
    db.close()
    assert (
        len(events) > 400 and len(obligations) > 200 and n_child_events > 10
    )  # the fixture is worth testing
    assert open_receipts and raadgiver_open and unassigned

    _run(["-m", "tidlig", "migrate", "--no-input", "-v", "0"], database)

    with sqlite3.connect(database) as db:
        tables = _tables(db)
        assert {"timeline_event", "timeline_obligation"} <= tables
        assert not {"cases_event", "cases_obligation"} & tables
        assert _rows(db, "timeline_event") == events  # every row, every column, the same ids
        # timeline 0002 (issue 12) adds `period`: every old row is a one-off obligation (0), else unchanged
        columns = [c[1] for c in db.execute("PRAGMA table_info(timeline_obligation)")]
        period = columns.index("period")
        migrated = _rows(db, "timeline_obligation")
        assert [r[:period] + r[period + 1 :] for r in migrated] == obligations
        assert {r[period] for r in migrated} == {0}
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    db.close()
    assert {
        "event_child_occurred",
        "event_source",
        "obl_open_assignee",
        "obl_open_team",
        "obl_open_code",
    } <= indexes

    read = json.loads(_run(["-c", READ.format(moment=MOMENT, child_id=child_id)], database))
    assert read["events"] == len(events) and read["obligations"] == len(obligations)
    # The content types (and so any permission) followed the models, with their ids.
    assert read["content_types"] == [
        ["timeline", "event", content_types["event"]],
        ["timeline", "obligation", content_types["obligation"]],
    ]
    assert read["reception"]["receipts"] == open_receipts
    assert read["team"]["unassigned"] == unassigned  # intake's section, registered with the spine
    assert read["team"]["caseload"]["raadgiver"] == len(raadgiver_open)
    assert read["caseworker"] == raadgiver_open
    assert [pk for pk, _ in read["timeline"]] == newest_first
    assert all(summary for _, summary in read["timeline"])


CASES_BEFORE_THE_MOVE = ("cases", "0003_assessment_childconversation_investigation_and_more")


def _spine_rows() -> tuple[list, list]:
    from tidlig.timeline.models import Event, Obligation

    return (
        list(
            Event.objects.order_by("pk").values_list(
                "pk", "child_id", "kind", "occurred_at", "source_id", "data"
            )
        ),
        list(Obligation.objects.order_by("pk").values_list("pk", "code", "due_at", "is_open", "assignee_id")),
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_move_runs_back_and_forth_on_this_database_without_losing_a_row(rita, child):
    """On the session's database (SQLite, or PostgreSQL in the second pass): undo the move, see the rows in
    the old tables, redo it, see the same rows, indexes and constraint in the new ones."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from tidlig.intake.tests.test_services import notify
    from tidlig.timeline.selectors import reception_worklist

    notify(rita, child)
    events, obligations = _spine_rows()
    assert events and obligations

    MigrationExecutor(connection).migrate([("timeline", None), CASES_BEFORE_THE_MOVE])
    tables = set(connection.introspection.table_names())
    assert {"cases_event", "cases_obligation"} <= tables and not {
        "timeline_event",
        "timeline_obligation",
    } & tables
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, kind FROM cases_event ORDER BY id")
        assert cursor.fetchall() == [(pk, kind) for pk, _, kind, *_ in events]
        cursor.execute("SELECT id, code FROM cases_obligation ORDER BY id")
        assert cursor.fetchall() == [(pk, code) for pk, code, *_ in obligations]

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    assert _spine_rows() == (events, obligations)
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "timeline_obligation")
        event_constraints = connection.introspection.get_constraints(cursor, "timeline_event")
    assert {"obl_open_assignee", "obl_open_team", "obl_open_code", "obl_child"} <= set(constraints)
    assert {"event_child_occurred", "event_source"} <= set(event_constraints)
    unique = [
        c
        for c in constraints.values()
        if c["unique"] and c["columns"] == ["source", "source_id", "code", "period"]  # timeline 0002
    ]
    assert unique
    assert reception_worklist(rita)["acute_total"] == 1
