"""Worklists: who sees which deadlines, grouped how, logged as reads, at a cost that does not grow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_staff
from tidlig.audit.models import AuditEntry
from tidlig.intake.models import Channel
from tidlig.intake.services import NotificationData, notification_assess_acute, notification_register
from tidlig.intake.tests.test_services import citizen, notify, professional
from tidlig.organisation.models import Role
from tidlig.people.models import Child
from tidlig.rules.calendar import CPH
from tidlig.timeline.selectors import caseworker_worklist, reception_worklist, team_worklist

pytestmark = pytest.mark.django_db

# Wednesday 11 June 2025, noon. This week runs to Sunday 15 June; 9 June (2. pinsedag) and 5 June
# (Grundlovsdag) are closed.
NOW = dt.datetime(2025, 6, 11, 12, 0, tzinfo=CPH)


def cph(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CPH)


def kid(municipality, name: str, *, district=None, caseworker=None) -> Child:
    return Child.objects.create(
        municipality=municipality, first_name=name, last_name="Barn", district=district, caseworker=caseworker
    )


def arrived(actor, child, received_at, notifier=None):
    return notify(actor, child, notifier=notifier or citizen(), received_at=received_at, now=NOW)


def viewed(actor) -> dict[int, str]:
    return {
        e.child_id: e.data["view"]
        for e in AuditEntry.objects.filter(actor=actor, action="people.child.viewed")
    }


def codes_and_children(rows) -> list[tuple[str, int]]:
    return [(r.obligation.code, r.obligation.child_id) for r in rows]


# Reception ------------------------------------------------------------------------------------------------


def test_reception_sees_open_acute_assessments_soonest_deadline_first(rita, municipality, org):
    a, b, c = (kid(municipality, n, district=org["nord"]) for n in "ABC")
    arrived(rita, b, cph(2025, 6, 11, 8, 0))
    arrived(rita, a, cph(2025, 6, 10, 15, 0))
    arrived(rita, c, cph(2025, 6, 11, 11, 0))
    rows = reception_worklist(rita, now=NOW)["acute"]
    assert [r.obligation.child for r in rows] == [a, b, c]
    assert [r.status for r in rows] == ["open", "open", "open"]
    assert [r.status for r in reception_worklist(rita, now=cph(2025, 6, 11, 16, 0))["acute"]] == [
        "overdue",
        "open",
        "open",
    ]


def test_an_assessed_notification_leaves_the_acute_list_but_its_receipt_stays(rita, municipality, org):
    a, b = kid(municipality, "A", district=org["nord"]), kid(municipality, "B", district=org["nord"])
    first = arrived(rita, a, cph(2025, 6, 10, 15, 0))
    arrived(rita, b, cph(2025, 6, 11, 8, 0))
    notification_assess_acute(notification=first, actor=rita, danger=False, note="Ikke akut.", now=NOW)
    worklist = reception_worklist(rita, now=NOW)
    assert [r.obligation.child for r in worklist["acute"]] == [b]
    assert {r.obligation.child for r in worklist["receipts"]} == {a, b}


def test_reception_sees_only_its_own_municipality(rita, olga, child, other_municipality):
    arrived(rita, child, cph(2025, 6, 11, 8, 0))
    theirs = kid(other_municipality, "Fremmed")
    arrived(olga, theirs, cph(2025, 6, 11, 9, 0))
    assert [r.obligation.child for r in reception_worklist(rita, now=NOW)["acute"]] == [child]
    assert [r.obligation.child for r in reception_worklist(olga, now=NOW)["acute"]] == [theirs]
    assert set(viewed(olga)) == {theirs.pk}


def test_the_reception_worklist_logs_a_read_of_every_child_it_shows(rita, municipality, org):
    a, b = kid(municipality, "A", district=org["nord"]), kid(municipality, "B", district=org["nord"])
    arrived(rita, a, cph(2025, 6, 10, 15, 0))
    arrived(rita, b, cph(2025, 6, 11, 8, 0))
    kid(municipality, "Ikke vist", district=org["nord"])
    assert viewed(rita) == {}
    reception_worklist(rita, now=NOW)
    assert viewed(rita) == {a.pk: "worklist.reception", b.pk: "worklist.reception"}


# The caseworker's own list --------------------------------------------------------------------------------


def test_the_caseworker_worklist_groups_overdue_today_this_week_and_later(
    rita, alice, bob, municipality, org
):
    mine = kid(municipality, "Min", district=org["nord"], caseworker=alice)
    # Screening is due 6 working days after the day of receipt (the day itself not counted):
    arrived(rita, mine, cph(2025, 5, 1, 10, 0))  # 2, 5, 6, 7, 8, 9 May: overdue
    arrived(rita, mine, cph(2025, 5, 30, 10, 0))  # 2, 3, 4, 6, 10, 11 June: today
    arrived(rita, mine, cph(2025, 6, 3, 10, 0))  # 4, 6, 10, 11, 12, 13 June: this week
    arrived(rita, mine, cph(2025, 6, 10, 10, 0))  # 11, 12, 13, 16, 17, 18 June: later
    arrived(rita, kid(municipality, "Bobs", caseworker=bob), cph(2025, 5, 1, 10, 0))
    groups = caseworker_worklist(alice, now=NOW)
    due = {key: [r.obligation.due_date for r in rows] for key, rows in groups.items()}
    assert due == {
        "overdue": [dt.date(2025, 5, 9)],
        "today": [dt.date(2025, 6, 11)],
        "week": [dt.date(2025, 6, 13)],
        "later": [dt.date(2025, 6, 18)],
    }
    assert {r.obligation.code for rows in groups.values() for r in rows} == {"screening"}
    assert [r.status for r in groups["overdue"]] == ["overdue"]
    assert viewed(alice) == {mine.pk: "worklist.caseworker"}


def test_a_deadline_on_sunday_is_this_week_and_one_on_monday_is_later(rita, alice, municipality, org):
    mine = kid(municipality, "Min", district=org["nord"], caseworker=alice)
    # Feedback to a professional is due 3 calendar months after receipt.
    arrived(rita, mine, cph(2025, 3, 15, 10, 0), professional())  # due Sunday 15 June
    arrived(rita, mine, cph(2025, 3, 16, 10, 0), professional())  # due Monday 16 June
    groups = caseworker_worklist(alice, now=NOW)
    feedback = {
        key: [r.obligation.due_date for r in rows if r.obligation.code == "notifier_feedback"]
        for key, rows in groups.items()
    }
    assert feedback["week"] == [dt.date(2025, 6, 15)]
    assert feedback["later"] == [dt.date(2025, 6, 16)]


def test_a_deadline_that_ended_a_moment_ago_is_overdue(rita, alice, municipality, org):
    mine = kid(municipality, "Min", district=org["nord"], caseworker=alice)
    arrived(rita, mine, cph(2025, 5, 30, 10, 0))  # screening due at the end of 11 June
    assert len(caseworker_worklist(alice, now=cph(2025, 6, 11, 23, 59))["today"]) == 1
    assert len(caseworker_worklist(alice, now=cph(2025, 6, 12, 0, 0))["overdue"]) == 1


# The team leader's list -----------------------------------------------------------------------------------


def test_the_team_worklist_shows_unassigned_notifications_oldest_first_and_each_caseload(
    rita, tom, alice, bob, municipality, org
):
    make_staff("carl", Role.CASEWORKER, municipality, team=org["team_nord"], name="Carl Ny")
    alices = kid(municipality, "Alices", district=org["nord"], caseworker=alice)
    arrived(rita, alices, cph(2025, 5, 1, 10, 0))  # screening overdue since 9 May
    arrived(rita, alices, cph(2025, 6, 10, 10, 0))  # screening due 18 June
    late, early = (
        kid(municipality, "Sen", district=org["nord"]),
        kid(municipality, "Tidlig", district=org["nord"]),
    )
    arrived(rita, late, cph(2025, 6, 2, 10, 0))
    arrived(rita, early, cph(2025, 6, 1, 10, 0))
    arrived(rita, kid(municipality, "Syd", district=org["syd"]), cph(2025, 6, 1, 10, 0))
    worklist = team_worklist(tom, now=NOW)
    assert [n.child for n in worklist["unassigned"]] == [early, late]
    assert sorted(codes_and_children(worklist["deadlines"])) == sorted(
        [("screening", alices.pk)] * 2 + [("screening", late.pk), ("screening", early.pk)]
    )
    caseload = {s.username: (s.n_children, s.n_open, s.n_overdue) for s in worklist["caseload"]}
    assert caseload == {"alice": (1, 2, 1), "carl": (0, 0, 0)}
    assert viewed(tom) == {c.pk: "worklist.team" for c in (alices, late, early)}
    assert bob.username not in caseload


def test_a_team_leader_without_a_team_sees_nothing_of_another_municipality(
    olga, municipality, other_municipality
):
    tina = make_staff("tina", Role.TEAM_LEADER, municipality, name="Tina Udenteam")
    theirs = kid(other_municipality, "Fremmed")  # no district: Andetrup's notification goes to no team
    data = NotificationData(
        child=theirs, received_at=cph(2025, 6, 10, 10, 0), notifier=citizen(), text="Bekymring."
    )
    notification_register(actor=olga, data=data, channel=Channel.RECEPTION, now=NOW)
    worklist = team_worklist(tina, now=NOW)
    assert worklist["unassigned"] == []
    assert worklist["deadlines"] == []
    assert viewed(tina) == {}


# Cost does not grow with data -----------------------------------------------------------------------------

# Rows, the access log, and (reception, team) the totals behind "vis flere".
BUDGET = {"reception": 6, "caseworker": 2, "team": 6}  # reception: + one query for notifier and reasons
CALLS = {
    "reception": lambda p: reception_worklist(p["rita"], now=NOW),
    "caseworker": lambda p: caseworker_worklist(p["alice"], now=NOW),
    "team": lambda p: team_worklist(p["tom"], now=NOW),
}


def add_notifications(rita, alice, municipality, org, start: int, stop: int) -> None:
    for i in range(start, stop):
        child = kid(municipality, f"Barn{i}", district=org["nord"], caseworker=alice if i % 2 else None)
        arrived(rita, child, cph(2025, 6, 10, 10, 0) - dt.timedelta(hours=i), professional())


@pytest.mark.parametrize("worklist", list(BUDGET))
def test_a_worklist_costs_the_same_number_of_queries_for_3_and_30_notifications(
    worklist, rita, alice, tom, municipality, org, django_assert_max_num_queries
):
    personas = {"rita": rita, "alice": alice, "tom": tom}
    counts, logged = [], []
    for start, stop in [(0, 3), (3, 30)]:
        add_notifications(rita, alice, municipality, org, start, stop)
        before = AuditEntry.objects.filter(action="people.child.viewed").count()
        with django_assert_max_num_queries(BUDGET[worklist]), CaptureQueriesContext(connection) as queries:
            CALLS[worklist](personas)
        counts.append(len(queries))
        logged.append(AuditEntry.objects.filter(action="people.child.viewed").count() - before)
    assert counts[0] == counts[1]
    assert logged[1] >= 10 * logged[0] > 0  # the second list really was ten times as long
