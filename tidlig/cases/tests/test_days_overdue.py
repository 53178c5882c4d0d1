"""Issue 10: every overdue row says by how many days, on the worklists, the child page and in the API."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tidlig.cases.tests.views_helpers import register, section, text
from tidlig.timeline.models import Obligation


def _late(rita, alice, child):
    """Received Sunday 15.11 10:00: the acute assessment was due Monday 16.11 10:00, two days ago."""
    n = register(rita, child, received_at=timezone.now() - dt.timedelta(days=3))
    Obligation.objects.filter(source="notification", source_id=n.pk).update(assignee=alice)
    return n


def test_my_deadlines_say_how_many_days_a_deadline_is_overdue(client_for, rita, alice, owned):
    _late(rita, alice, owned)
    assert "2 dage over" in text_of(client_for(alice).get("/frister/"), "overdue")


def test_the_child_page_says_how_many_days_overdue(client_for, rita, alice, owned):
    _late(rita, alice, owned)
    assert "2 dage over" in text_of(client_for(alice).get(f"/boern/{owned.pk}/"), "obligations")


def test_the_team_list_and_reception_say_how_many_days_overdue(client_for, rita, tom, alice, owned):
    _late(rita, alice, owned)
    Obligation.objects.update(team=alice.team)
    assert "2 dage over" in text_of(client_for(tom).get("/team/"), "team-deadlines")
    assert "2 dage over" in text_of(client_for(rita).get("/underretninger/modtagelse/"), "acute")


def test_the_api_gives_days_overdue_and_none_for_what_is_not_overdue(token_for, rita, alice, owned):
    _late(rita, alice, owned)
    groups = token_for(alice).get("/api/v1/worklist").json()["groups"]
    late = {o["code"]: o for o in groups["overdue"]}
    assert late["acute_assessment"]["days_overdue"] == 2
    open_rows = [o for k in ("today", "week", "later") for o in groups[k]]
    assert open_rows and all(o["days_overdue"] is None for o in open_rows)


def text_of(response, testid: str) -> str:
    assert response.status_code == 200
    return text(type("R", (), {"content": section(response, testid).encode()})())
