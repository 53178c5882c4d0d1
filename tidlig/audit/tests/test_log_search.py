"""The quality role searches the access log by child and by staff member; nobody else may (need-to-know)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tidlig.audit import services as audit
from tidlig.audit.models import AuditEntry
from tidlig.rules.calendar import CPH

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 9, 30, tzinfo=CPH)
REFUSED = ["alice", "tom", "mads", "ann", "eva"]  # caseworker, team leader, manager, analyst, educator


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def alice_read_the_child(client_for, alice, alices_child):
    """alice opens the child's page through the API, as a real request (path, IP, user agent)."""
    c = client_for(alice)
    r = c.get(f"/api/v1/children/{alices_child.pk}", HTTP_USER_AGENT="Firefox/140", REMOTE_ADDR="10.0.0.7")
    assert r.status_code == 200
    return alices_child


def _urls(child, person):
    return [
        reverse("audit:index"),
        reverse("audit:child", args=[child.pk]),
        reverse("audit:child_csv", args=[child.pk]),
        reverse("audit:staff", args=[person.pk]),
        reverse("audit:staff_csv", args=[person.pk]),
        f"/api/v1/audit/child-entries?child_id={child.pk}",
        f"/api/v1/audit/staff-entries?staff_id={person.pk}",
    ]


@pytest.mark.parametrize("persona", REFUSED)
def test_only_the_quality_role_searches_the_log(request, persona, karen, client_for, child, alice):
    intruder = client_for(request.getfixturevalue(persona))
    rightful = client_for(karen)
    for url in _urls(child, alice):
        assert intruder.get(url).status_code == 403, url
        assert rightful.get(url).status_code == 200, url
    for url, data in [
        (reverse("audit:find_child"), {"cpr": child.cpr}),
        (reverse("audit:find_staff"), {"username": "alice"}),
    ]:
        assert intruder.post(url, data).status_code == 403
        assert rightful.post(url, data).status_code == 302


def test_the_quality_role_is_refused_by_token_too_unless_rightful(token_for, karen, alice, child):
    url = f"/api/v1/audit/child-entries?child_id={child.pk}"
    assert token_for(alice).get(url).status_code == 403
    assert token_for(karen).get(url).status_code == 200


def test_searching_a_child_by_cpr_shows_who_read_it_when_and_from_where(
    client_for, karen, alice, alice_read_the_child
):
    c = client_for(karen)
    r = c.post(
        reverse("audit:find_child"), {"cpr": "150418-4235", "since": "01.03.2026", "until": "10.03.2026"}
    )
    assert r.status_code == 302
    # No CPR in the address of the result, only the child's id.
    assert (
        r.url == reverse("audit:child", args=[alice_read_the_child.pk]) + "?since=01.03.2026&until=10.03.2026"
    )
    page = c.get(r.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Lukas Jensen (150418-4235)" in html
    assert "Alice Rådgiver" in html and "10.03.2026 09:30:00" in html
    assert f"GET /api/v1/children/{alice_read_the_child.pk}" in html
    assert "10.0.0.7" in html and "Firefox/140" in html


def test_looking_up_a_child_in_the_log_is_itself_logged(client_for, karen, alice_read_the_child):
    client_for(karen).get(reverse("audit:child", args=[alice_read_the_child.pk]))
    mine = AuditEntry.objects.filter(actor=karen).exclude(action__startswith="auth.")
    assert [(e.child_id, e.action, e.data["view"], e.route) for e in mine] == [
        (alice_read_the_child.pk, "people.child.viewed", "audit_log", "audit:child")
    ]


def test_the_child_can_be_found_by_its_id(client_for, karen, child):
    r = client_for(karen).post(reverse("audit:find_child"), {"child_id": str(child.pk)})
    assert r.status_code == 302 and r.url == reverse("audit:child", args=[child.pk])


def test_a_bad_search_names_every_field_in_danish_and_keeps_what_was_typed(client_for, karen):
    r = client_for(karen).post(
        reverse("audit:find_child"), {"cpr": "321399-1234", "since": "31.02.2026", "until": "banan"}
    )
    html = r.content.decode()
    assert r.status_code == 422
    assert "gyldig fødselsdato" in html
    assert "Fra: Skriv datoen som dd.mm.åååå" in html and "Til og med: Skriv datoen som dd.mm.åååå" in html
    assert 'value="321399-1234"' in html and 'value="banan"' in html


def test_a_period_that_ends_before_it_begins_is_refused(client_for, karen, child):
    r = client_for(karen).get(
        reverse("audit:child", args=[child.pk]), {"since": "10.03.2026", "until": "01.03.2026"}
    )
    assert r.status_code == 422
    assert "»Til« skal være samme dag som »Fra« eller senere. Ret datoen i »Til«." in r.content.decode()
    # No rows and no name shown for an invalid search, and nothing logged.
    assert "Lukas" not in r.content.decode()
    assert not AuditEntry.objects.filter(actor=karen).exclude(action__startswith="auth.").exists()


def test_an_unknown_cpr_or_a_child_of_another_municipality_is_not_found(client_for, karen, quentin, child):
    r = client_for(karen).post(reverse("audit:find_child"), {"cpr": "010101-1234"})
    assert r.status_code == 422 and "Der er intet barn med dette CPR-nummer i kommunen." in r.content.decode()
    other = client_for(quentin)
    assert other.post(reverse("audit:find_child"), {"cpr": child.cpr}).status_code == 422
    assert other.get(reverse("audit:child", args=[child.pk])).status_code == 404
    assert client_for(karen).get(reverse("audit:child", args=[child.pk])).status_code == 200


def test_the_date_range_keeps_only_the_days_asked_for(client_for, karen, alice, child):
    for day in (dt.datetime(2026, 2, 28, 23, 30, tzinfo=CPH), dt.datetime(2026, 3, 1, 0, 30, tzinfo=CPH)):
        with time_machine.travel(day, tick=False):
            audit.record_access(actor=alice, child_ids=[child.pk], what="child")
    r = client_for(karen).get(
        reverse("audit:child", args=[child.pk]), {"since": "01.03.2026", "until": "01.03.2026"}
    )
    html = r.content.decode()
    assert "01.03.2026 00:30:00" in html and "28.02.2026" not in html


def test_searching_a_staff_member_shows_the_children_she_read_and_logs_them(
    client_for, karen, alice, alice_read_the_child
):
    c = client_for(karen)
    r = c.post(reverse("audit:find_staff"), {"username": "alice"})
    assert r.status_code == 302 and r.url == reverse("audit:staff", args=[alice.pk])
    html = c.get(r.url).content.decode()
    assert "Lukas Jensen" in html and "150418-4235" in html
    assert AuditEntry.objects.filter(
        actor=karen, child_id=alice_read_the_child.pk, data__view="audit_log"
    ).exists()
    # Looking at alice's log is itself on karen's record.
    assert AuditEntry.objects.filter(
        actor=karen, action="audit.staff_log.viewed", object_id=alice.pk
    ).exists()


def test_an_unknown_username_is_refused_in_danish(client_for, karen, olga):
    r = client_for(karen).post(reverse("audit:find_staff"), {"username": "olga"})  # another municipality
    assert r.status_code == 422
    assert "Der er ingen medarbejder med dette brugernavn i kommunen." in r.content.decode()


def test_the_result_is_paginated(client_for, karen, alice, child):
    for _ in range(51):
        audit.record(actor=alice, action="cases.note.added", child_id=child.pk)
    c = client_for(karen)
    url = reverse("audit:child", args=[child.pk])
    first = c.get(url).content.decode()
    assert "52 logposter" in first and "Side 1 af 2" in first  # 51 + karen's own look
    assert "Side 2 af 2" in c.get(url, {"page": 2}).content.decode()


def test_the_csv_export_has_every_row_with_route_and_source(client_for, karen, alice, alice_read_the_child):
    r = client_for(karen).get(reverse("audit:child_csv", args=[alice_read_the_child.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "text/csv; charset=utf-8"
    assert r["Content-Disposition"].startswith('attachment; filename="adgangslog-barn-')
    lines = b"".join(r.streaming_content).decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Tidspunkt;Brugernavn;Medarbejder;Rolle;Handling")
    alice_row = next(line for line in lines if ";alice;" in line)
    assert "10.03.2026 09:30:00" in alice_row and "10.0.0.7" in alice_row and "Firefox/140" in alice_row
    assert f"/api/v1/children/{alice_read_the_child.pk}" in alice_row


def test_the_csv_cannot_carry_a_spreadsheet_formula(client_for, karen, alice, child):
    # A user agent is whatever the client sends.
    client_for(alice).get(reverse("audit:mine"), HTTP_USER_AGENT="=cmd|' /C calc'!A0")
    AuditEntry.objects.create(
        actor=alice,
        municipality_id=alice.municipality_id,
        action="people.child.viewed",
        child_id=child.pk,
        user_agent="=cmd|' /C calc'!A0",
    )
    body = b"".join(
        client_for(karen).get(reverse("audit:child_csv", args=[child.pk])).streaming_content
    ).decode()
    assert ";'=cmd|" in body and ";=cmd" not in body


# API ----------------------------------------------------------------------------------------------------


def test_the_api_finds_a_child_by_cpr_and_pages_the_result(client_for, karen, alice, alice_read_the_child):
    c = client_for(karen)
    r = c.get("/api/v1/audit/child-entries", {"cpr": "1504184235", "limit": 1})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 2 and len(body["items"]) == 1  # alice's read and karen's own look
    assert body["items"][0]["actor"]["username"] == "karen"
    # Every look adds one row of karen's own; alice's read is the oldest.
    oldest = c.get("/api/v1/audit/child-entries", {"cpr": "1504184235"}).json()["items"][-1]
    assert (oldest["actor"]["username"], oldest["method"], oldest["ip"], oldest["user_agent"]) == (
        "alice",
        "GET",
        "10.0.0.7",
        "Firefox/140",
    )
    assert oldest["route"].startswith("api:")
    assert oldest["path"] == f"/api/v1/children/{alice_read_the_child.pk}"
    # The CPR of the search never reaches the log: only the path is kept.
    assert not AuditEntry.objects.filter(path__contains="1504184235").exists()


def test_the_api_says_which_fields_are_wrong_all_at_once(client_for, karen):
    r = client_for(karen).get(
        "/api/v1/audit/child-entries", {"cpr": "12", "since": "2026-03-10", "until": "2026-03-01"}
    )
    assert r.status_code == 422
    assert set(r.json()["errors"]) == {"cpr", "until"}


def test_the_api_lists_what_a_staff_member_read(client_for, karen, alice, alice_read_the_child):
    r = client_for(karen).get("/api/v1/audit/staff-entries", {"username": "alice"})
    assert r.status_code == 200
    # Her sign-in is on her record too (the security log); the read of the child is the one with a child.
    [item] = [i for i in r.json()["items"] if i["child"]]
    assert item["child"] == {"id": alice_read_the_child.pk, "name": "Lukas Jensen", "cpr": "150418-4235"}


def test_the_quality_role_does_not_see_the_childs_data_itself(client_for, karen, alice, alices_child):
    """The log tells who read what; it gives no access to the case (need-to-know)."""
    child = alices_child
    quality, caseworker = client_for(karen), client_for(alice)
    found = quality.get("/api/v1/children", {"cpr": child.cpr})
    assert found.status_code == 200 and found.json() == []
    assert [c["id"] for c in caseworker.get("/api/v1/children", {"cpr": child.cpr}).json()] == [child.pk]
    for url in (f"/api/v1/children/{child.pk}", reverse("cases:child", args=[child.pk])):
        assert quality.get(url).status_code == 404, url
        assert caseworker.get(url).status_code == 200, url
    assert quality.get("/api/v1/worklist").status_code == 403
    assert caseworker.get("/api/v1/worklist").status_code == 200


def test_the_quality_role_starts_at_the_log_search(client_for, karen):
    c = client_for(karen)
    r = c.get("/")
    assert r.status_code == 302 and r.url == reverse("audit:index")
    html = c.get(r.url).content.decode()
    assert 'href="/adgangslog/"' in html and "Min adgangslog" in html


def test_the_log_names_the_api_operation_called_not_just_the_path(client_for, rita, child):
    """GET and POST /children share a path; the row names the operation that answered the GET."""
    r = client_for(rita).get("/api/v1/children", {"cpr": child.cpr})
    assert r.status_code == 200 and r.json()[0]["id"] == child.pk
    row = AuditEntry.objects.exclude(action__startswith="auth.").get(actor=rita)
    assert (row.route, row.method, row.path) == ("api:find_children", "GET", "/api/v1/children")


@pytest.mark.parametrize(
    "query, field",
    [
        ({"username": "al\x00ice"}, "username"),
        ({"username": "x" * 151}, "username"),
        ({"staff_id": "0"}, "staff_id"),
        ({"username": "alice", "since": "0001-01-01"}, "since"),
        ({"username": "alice", "until": "9999-12-31"}, "until"),
        ({"username": "alice", "limit": "100000"}, "limit"),
        ({"username": "alice", "offset": "-1"}, "offset"),
    ],
)
def test_the_api_refuses_bad_input_with_422_naming_the_field(client_for, karen, alice, query, field):
    r = client_for(karen).get("/api/v1/audit/staff-entries", query)
    assert r.status_code == 422 and field in r.json()["errors"]
    assert client_for(karen).get("/api/v1/audit/staff-entries", {"username": "alice"}).status_code == 200


def test_a_nul_in_a_cpr_or_a_huge_id_is_a_422_or_404_never_a_500(client_for, karen, child):
    c = client_for(karen)
    assert c.get("/api/v1/audit/child-entries", {"cpr": "150418\x004235"}).status_code == 422
    assert c.get("/api/v1/audit/child-entries", {"child_id": str(2**53)}).status_code == 422
    assert c.get(reverse("audit:child", args=[2**62])).status_code == 404
    assert c.get(reverse("audit:staff", args=[2**62])).status_code == 404


def test_a_staff_search_page_costs_the_same_for_many_children_as_for_one(
    client_for, karen, alice, child, sibling
):
    c = client_for(karen)
    url = reverse("audit:staff", args=[alice.pk])

    def cost() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx)

    audit.record_access(actor=alice, child_ids=[child.pk], what="child")
    one = cost()
    audit.record_access(actor=alice, child_ids=[sibling.pk], what="child")
    for _ in range(30):
        audit.record(actor=alice, action="cases.note.added", child_id=sibling.pk)
    assert cost() == one


def test_the_log_is_not_in_the_django_admin():
    """The administrator has no need to know who read which child; the quality role has the search."""
    assert AuditEntry not in admin.site._registry


def test_the_openapi_document_describes_the_log_endpoints(client_for, karen):
    paths = client_for(karen).get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/audit/child-entries", "/api/v1/audit/staff-entries", "/api/v1/audit/my-reads"):
        assert set(paths[path]) == {"get"}
    params = {p["name"] for p in paths["/api/v1/audit/child-entries"]["get"]["parameters"]}
    assert params == {"cpr", "child_id", "since", "until", "limit", "offset"}


@pytest.mark.parametrize(
    "meta, setting, expected",
    [
        ({"REMOTE_ADDR": "10.0.0.7"}, "", "10.0.0.7"),
        ({"REMOTE_ADDR": "unix:/run/tidlig.sock"}, "", None),  # a server on a unix socket
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "192.0.2.4"}, "", "10.0.0.1"),  # not trusted
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "192.0.2.4"}, "HTTP_X_REAL_IP", "192.0.2.4"),
        (
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 192.0.2.4"},
            "HTTP_X_FORWARDED_FOR",
            "192.0.2.4",
        ),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "nonsense"}, "HTTP_X_REAL_IP", None),
    ],
)
def test_the_log_keeps_the_clients_address_or_none_never_garbage(
    settings, client_for, rita, child, meta, setting, expected
):
    settings.AUDIT_CLIENT_IP_HEADER = setting
    assert client_for(rita).get("/api/v1/children", {"cpr": child.cpr}, **meta).status_code == 200
    assert AuditEntry.objects.exclude(action__startswith="auth.").get(actor=rita).ip == expected


def test_an_unknown_child_and_a_backwards_period_are_named_in_one_round(client_for, karen, child):
    # the lookup of the child and the order of the dates used to wait until the other was right
    r = client_for(karen).post(
        reverse("audit:find_child"), {"cpr": "010120-4231", "since": "10.03.2026", "until": "01.03.2026"}
    )
    html = r.content.decode()
    assert r.status_code == 422
    assert "Der er intet barn med dette CPR-nummer i kommunen." in html
    assert "»Til« skal være samme dag som »Fra« eller senere. Ret datoen i »Til«." in html
    assert 'value="010120-4231"' in html and 'value="01.03.2026"' in html


def test_an_unknown_staff_member_and_a_bad_date_are_named_in_one_round(client_for, karen):
    r = client_for(karen).post(reverse("audit:find_staff"), {"username": "nobody", "since": "banan"})
    html = r.content.decode()
    assert r.status_code == 422
    assert "Fra: Skriv datoen som dd.mm.åååå" in html
    assert 'value="nobody"' in html
    assert html.count('class="form-error-message"') == 2
