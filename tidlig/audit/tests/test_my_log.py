"""Min adgangslog: every staff member sees what she was shown of children's data, and only her own."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tidlig.audit import services as audit
from tidlig.rules.calendar import CPH

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 29, 3, 30, tzinfo=CPH)  # the night summer time begins


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_i_see_my_own_reads_and_not_a_colleagues(client_for, alice, bob, child, sibling):
    audit.record_access(actor=alice, child_ids=[child.pk], what="child")
    audit.record_access(actor=bob, child_ids=[sibling.pk], what="worklist")
    r = client_for(alice).get(reverse("audit:mine"))
    html = r.content.decode()
    assert r.status_code == 200
    assert "1 visning" in html and "29.03.2026 03:30:00" in html
    assert f"<td>{child.pk}</td>" in html and f"<td>{sibling.pk}</td>" not in html
    # Bob, on the same URL, sees his own and not alice's.
    html_bob = client_for(bob).get(reverse("audit:mine")).content.decode()
    assert f"<td>{sibling.pk}</td>" in html_bob and f"<td>{child.pk}</td>" not in html_bob


def test_my_log_names_no_child(client_for, alice, child):
    audit.record_access(actor=alice, child_ids=[child.pk], what="child")
    assert "Lukas" not in client_for(alice).get(reverse("audit:mine")).content.decode()


def test_my_log_is_reachable_from_the_user_menu_for_every_role(client_for, alice, eva, ann):
    for who in (alice, eva, ann):
        html = client_for(who).get(reverse("audit:mine")).content.decode()
        assert 'data-testid="my-access-log"' in html and f'href="{reverse("audit:mine")}"' in html


def test_my_log_asks_for_a_login(client):
    r = client.get(reverse("audit:mine"))
    assert r.status_code == 302 and "/login/" in r.url


def test_my_log_as_csv_and_through_the_api(client_for, token_for, alice, bob, child, sibling):
    audit.record_access(actor=alice, child_ids=[child.pk], what="child")
    audit.record_access(actor=bob, child_ids=[sibling.pk], what="worklist")
    body = b"".join(client_for(alice).get(reverse("audit:mine_csv")).streaming_content).decode()
    assert body.count("\n") == 2 and "29.03.2026 03:30:00" in body
    r = token_for(alice).get("/api/v1/audit/my-reads")
    assert r.status_code == 200
    assert [i["child"]["id"] for i in r.json()["items"]] == [child.pk]
    assert r.json()["items"][0]["child"]["name"] is None


def test_my_log_filters_by_period(client_for, alice, child):
    audit.record_access(actor=alice, child_ids=[child.pk], what="child")
    html = client_for(alice).get(reverse("audit:mine"), {"since": "30.03.2026"}).content.decode()
    assert "Ingen visninger i perioden." in html
