"""Issue 10: "Mine børn" (the caseworker's caseload), the team leader's weighted caseload with a drill-down,
and the unassigned list with risk, age, deadline and routing to the child's own caseworker's team."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import make_staff
from tidlig.cases.tests.views_helpers import TODAY, investigation, measure, note, register, section, text
from tidlig.intake import services as intake
from tidlig.intake.models import Notification
from tidlig.organisation.models import Role
from tidlig.timeline.models import Obligation


@pytest.fixture
def load(rita, alice, owned, sibling):
    """Alice has Lukas (placed, an overdue deadline, a journal note) and his sibling (nothing running)."""
    sibling.caseworker = alice
    sibling.save(update_fields=["caseworker"])
    measure(owned, alice, kind="placement", level=5, started=TODAY() - dt.timedelta(days=40))
    investigation(owned, alice)
    note(owned, alice)
    n = register(rita, owned, received_at=timezone.now() - dt.timedelta(days=3))
    Obligation.objects.filter(source="notification", source_id=n.pk).update(assignee=alice)
    return owned


def test_mine_boern_is_one_click_from_the_caseworkers_start_page(client_for, alice):
    start = client_for(alice).get("/", follow=True)
    assert 'href="/mine-boern/"' in start.content.decode()


def test_mine_boern_lists_step_next_deadline_days_overdue_and_last_contact(client_for, alice, load, sibling):
    page = client_for(alice).get("/mine-boern/")
    assert page.status_code == 200
    rows = text(page)
    assert "Lukas" in rows and sibling.first_name in rows
    table = section(page, "caseload-children")
    assert table.index("Lukas") < table.index(sibling.first_name)  # the overdue child first
    assert "5. Anbringelse i plejefamilie" in rows
    assert "2 dage over" in rows
    assert TODAY().strftime("%d.%m.%Y") in rows  # the journal note today is the last contact


def test_mine_boern_is_refused_to_other_roles(client_for, rita, tom):
    assert client_for(rita).get("/mine-boern/").status_code == 403
    assert client_for(tom).get("/mine-boern/").status_code == 403


def test_the_caseload_api_pages_with_limit_and_offset(token_for, alice, load, sibling):
    api = token_for(alice)
    first = api.get("/api/v1/caseload?limit=1").json()
    assert first["total"] == 2
    [lukas] = first["children"]
    assert lukas["child_id"] == load.pk
    assert lukas["staircase_level"] == 5
    assert lukas["days_overdue"] == 2
    assert lukas["next_obligation"]["status"] == "overdue"
    assert lukas["next_obligation"]["action_url"].endswith("#acute")
    assert lukas["last_contact"] == TODAY().isoformat()
    second = api.get("/api/v1/caseload?limit=1&offset=1").json()
    assert [c["child_id"] for c in second["children"]] == [sibling.pk]
    assert second["children"][0]["next_obligation"] is None
    assert api.get("/api/v1/caseload?limit=0").status_code == 422


def test_the_caseload_api_is_for_caseworkers(token_for, rita):
    assert token_for(rita).get("/api/v1/caseload").status_code == 403


def test_the_team_leader_drills_down_read_only_and_others_are_refused(
    client_for, token_for, tom, alice, bob, load
):
    page = client_for(tom).get(f"/team/raadgiver/{alice.pk}/")
    assert page.status_code == 200
    assert "Lukas" in text(page) and "Kun til læsning" in text(page)
    assert token_for(tom).get(f"/api/v1/caseworkers/{alice.pk}/caseload").json()["total"] == 2
    # Bob is in another team; Alice may not look at a colleague's list.
    assert client_for(tom).get(f"/team/raadgiver/{bob.pk}/").status_code == 404
    assert client_for(bob).get(f"/team/raadgiver/{alice.pk}/").status_code == 404
    assert token_for(bob).get(f"/api/v1/caseworkers/{alice.pk}/caseload").status_code == 404
    assert token_for(tom).get("/api/v1/caseworkers/99999999999999999999/caseload").status_code in (404, 422)


def test_the_team_page_weighs_the_caseload_and_links_each_caseworker(client_for, token_for, tom, alice, load):
    page = client_for(tom).get("/team/")
    table = section(page, "caseload")
    assert f'href="/team/raadgiver/{alice.pk}/"' in table
    # 2 children (2 × 1.0) + a placement (2.0) + a running investigation (1.5)
    assert "5,5" in table or "5.5" in table
    [row] = [
        c for c in token_for(tom).get("/api/v1/worklist").json()["caseload"] if c["caseworker_id"] == alice.pk
    ]
    assert (row["children"], row["placements"], row["investigations"], row["weighted"]) == (2, 1, 1, 5.5)


@pytest.fixture
def acute_elsewhere(rita, tom, bob, child, org):
    """Bob (Team Syd) is the child's caseworker, but an acute notification sits in Team Nord's pile."""
    child.caseworker = bob
    child.save(update_fields=["caseworker"])
    n = register(rita, child, received_at=timezone.now() - dt.timedelta(days=10))
    intake.notification_assess_acute(notification=n, actor=rita, danger=True, note="Slag i hjemmet.")
    Notification.objects.filter(pk=n.pk).update(team=org["team_nord"], assignee=None)
    return n


def test_the_unassigned_list_shows_risk_age_deadline_and_days_overdue(
    client_for, tom, acute_elsewhere, child
):
    table = section(client_for(tom).get("/team/"), "unassigned")
    assert "Akut fare" in table
    assert f"{child.age_on(TODAY())} år" in table
    assert "dage over" in table


def test_the_unassigned_api_gives_risk_age_deadline_and_the_childs_caseworker(
    token_for, tom, bob, acute_elsewhere, child
):
    [row] = token_for(tom).get("/api/v1/worklist").json()["unassigned"]
    assert row["acute_danger"] is True
    assert row["child_age"] == child.age_on(TODAY())
    assert row["next_obligation"]["status"] == "overdue" and row["next_obligation"]["days_overdue"] > 0
    assert row["child_caseworker"]["id"] == bob.pk


def test_the_team_leader_routes_it_to_the_childs_own_caseworker_from_the_page(
    client_for, tom, bob, org, acute_elsewhere
):
    client = client_for(tom)
    detail = client.get(f"/underretninger/{acute_elsewhere.pk}/")
    offer = section(detail, "route-to-caseworker")
    assert "Bob Rådgiver" in offer and "Team Syd" in offer
    response = client.post(
        f"/underretninger/{acute_elsewhere.pk}/send-til-team/", {"team": org["team_syd"].pk}
    )
    assert response.status_code == 302 and response.url == "/"  # Tom no longer sees it: no 404
    acute_elsewhere.refresh_from_db()
    assert (acute_elsewhere.team, acute_elsewhere.assignee) == (org["team_syd"], bob)  # continuity
    assert "Alle underretninger er fordelt" in text(client.get("/team/"))


def test_routing_by_api_keeps_continuity_too(token_for, tom, bob, org, acute_elsewhere):
    response = token_for(tom).post(
        f"/api/v1/notifications/{acute_elsewhere.pk}/route",
        data={"team_id": org["team_syd"].pk},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["assignee"]["id"] == bob.pk


def test_a_caseworker_is_not_offered_routing(client_for, bob, acute_elsewhere):
    page = client_for(bob).get(f"/underretninger/{acute_elsewhere.pk}/")
    assert 'data-testid="route-to-caseworker"' not in page.content.decode()


def test_another_team_leader_in_the_same_team_sees_the_same(municipality, org, acute_elsewhere, client_for):
    other = make_staff("tina", Role.TEAM_LEADER, municipality, team=org["team_nord"])
    assert 'data-testid="route-elsewhere"' in client_for(other).get("/team/").content.decode()


def test_mine_boern_costs_the_same_queries_for_more_children(client_for, alice, load, municipality, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tidlig.people.models import Child

    client = client_for(alice)

    def cost() -> int:
        with CaptureQueriesContext(connection) as q:
            assert client.get("/mine-boern/").status_code == 200
        return len(q)

    before = cost()
    for i in range(3):
        Child.objects.create(
            municipality=municipality,
            first_name=f"Barn{i}",
            last_name="Testesen",
            birth_date=dt.date(2020, 1, 1 + i),
            caseworker=alice,
        )
    assert cost() == before
