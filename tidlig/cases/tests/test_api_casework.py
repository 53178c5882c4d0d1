"""Case handling through /api/v1: the case overview, afdækning (§ 19), undersøgelse (§ 20), børnesamtale (§ 5),
journal notes, closing and reopening, and adding people to the case — with the UI's permissions.

Alice is Lukas' caseworker and Tom her team leader; Bob, Eva, Ann, Olga and Rita must be refused.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine

from tidlig.audit.models import AuditEntry
from tidlig.cases.models import Assessment, Case, CaseAccess, ChildConversation, Investigation, JournalNote
from tidlig.interventions.models import MeasureType

# Wednesday 12 November 2025, 10:00 in Copenhagen (CET).
NOW = dt.datetime(2025, 11, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
TODAY = "2025-11-12"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def send(client, method: str, url: str, body: dict | None = None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


@pytest.fixture
def case(child, alice):
    child.caseworker = alice
    child.save()
    return child


@pytest.fixture
def api(token_for, alice, case):
    return token_for(alice)


def start_investigation(api, child, aware_on: str = "2025-10-31") -> dict:
    return ok(send(api, "post", f"/api/v1/children/{child.pk}/investigations", {"aware_on": aware_on}), 201)


def test_an_investigation_is_due_four_calendar_months_after_the_municipality_became_aware(api, case):
    inv = start_investigation(api, case)

    assert inv["aware_on"] == "2025-10-31"
    assert inv["due_on"] == "2026-02-28"  # 31 October + 4 months, clamped to the end of February
    assert [(o["code"], o["due"], o["status"]) for o in inv["obligations"]] == [
        ("investigation", "2026-02-28", "open")
    ]
    assert set(inv["areas"]) == {"development", "family", "school", "health", "leisure", "other"}
    obligations = ok(api.get(f"/api/v1/children/{case.pk}/obligations"))
    assert {"code": "investigation", "due": "2026-02-28"}.items() <= obligations[0].items()
    assert ok(api.get(f"/api/v1/investigations/{inv['id']}"))["obligations"] == inv["obligations"]
    assert Case.objects.filter(child=case, closed_at__isnull=True).exists()


def test_the_investigation_is_described_by_area_and_concluded(api, case):
    inv = start_investigation(api, case)
    url = f"/api/v1/investigations/{inv['id']}"

    too_early = send(api, "post", f"{url}/conclusion", {"conclusion": "Behov for støtte efter § 32."})
    ok(send(api, "patch", f"{url}/areas", {"areas": {"school": {"challenges": "Fravær 20 %."}}}))
    both = ok(send(api, "patch", f"{url}/areas", {"areas": {"school": {"resources": "God lærer."}}}))
    unknown = send(api, "patch", f"{url}/areas", {"areas": {"sport": {"challenges": "x"}}})
    second = send(api, "post", f"/api/v1/children/{case.pk}/investigations", {"aware_on": TODAY})
    future = send(api, "post", f"{url}/conclusion", {"conclusion": "x", "concluded_on": "2025-12-01"})
    preliminary = ok(send(api, "post", f"{url}/preliminary", {"text": "Foreløbig: støtte i hjemmet."}))
    done = ok(send(api, "post", f"{url}/conclusion", {"conclusion": "Behov for støtte efter § 32."}))

    assert too_early.status_code == 422
    assert "areas" in too_early.json()["errors"]
    assert both["areas"]["school"] == {
        "label": "Skoleforhold",
        "challenges": "Fravær 20 %.",
        "resources": "God lærer.",
    }
    assert unknown.status_code == 422
    assert unknown.json()["errors"]["areas"] == ["Ukendt område: sport. Vælg et af områderne i § 22."]
    assert second.status_code == 422
    assert "igangværende" in second.json()["detail"]
    assert future.status_code == 422
    assert "concluded_on" in future.json()["errors"]
    assert preliminary["preliminary_on"] == TODAY
    assert done["concluded_on"] == TODAY
    assert done["obligations"][0]["status"] == "met"
    after = send(api, "patch", f"{url}/areas", {"areas": {"school": {"challenges": "x"}}})
    assert after.status_code == 422


def test_an_assessment_is_started_and_concluded(api, case):
    started = ok(
        send(
            api,
            "post",
            f"/api/v1/children/{case.pk}/assessments",
            {
                "matters": "Fravær i skolen",
                "professionals": "Klasselærer, sundhedsplejerske",
                "started_on": "2025-11-03",
            },
        ),
        201,
    )
    url = f"/api/v1/assessments/{started['id']}/conclusion"

    empty = send(api, "post", f"/api/v1/children/{case.pk}/assessments", {"matters": "  "})
    before_start = send(api, "post", url, {"conclusion": "x", "concluded_on": "2025-11-01"})
    done = ok(send(api, "post", url, {"conclusion": "Ingen yderligere indsats."}))
    twice = send(api, "post", url, {"conclusion": "Igen."})

    assert started["started_by"]["name"] == "Alice Rådgiver"
    assert empty.status_code == 422 and "matters" in empty.json()["errors"]
    assert before_start.status_code == 422 and "concluded_on" in before_start.json()["errors"]
    assert done["concluded_on"] == TODAY and done["conclusion"] == "Ingen yderligere indsats."
    assert twice.status_code == 422


def test_an_assessment_may_name_the_childs_own_notification_only(api, case):
    response = send(
        api,
        "post",
        f"/api/v1/children/{case.pk}/assessments",
        {"matters": "Fravær", "notification_id": 424242},
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "notification_id": ["Findes ikke på barnets sag. Vælg en på barnets sag."]
    }
    assert not Assessment.objects.exists()


def test_conversations_and_notes(api, case):
    conv = ok(
        send(
            api,
            "post",
            f"/api/v1/children/{case.pk}/conversations",
            {"held_on": "2025-11-10", "child_view": "Jeg vil gerne bo hjemme.", "bisidder": "Moster Hanne"},
        ),
        201,
    )
    for day in ("2025-11-10", "2025-11-11"):
        ok(
            send(
                api,
                "post",
                f"/api/v1/children/{case.pk}/notes",
                {"kind": "phone", "happened_on": day, "text": f"Mor ringede {day}."},
            ),
            201,
        )
    bad = send(
        api,
        "post",
        f"/api/v1/children/{case.pk}/notes",
        {"kind": "sms", "happened_on": "2025-12-01", "text": ""},
    )

    notes = ok(api.get(f"/api/v1/children/{case.pk}/notes"))
    page = ok(api.get(f"/api/v1/children/{case.pk}/notes?limit=1&offset=1"))

    assert conv["bisidder"] == "Moster Hanne" and conv["held_by"]["name"] == "Alice Rådgiver"
    assert [n["happened_on"] for n in notes] == ["2025-11-11", "2025-11-10"]
    assert notes[0]["written_at"] == "2025-11-12T10:00:00+01:00"  # Copenhagen time
    assert [n["happened_on"] for n in page] == ["2025-11-10"]
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) == {"kind"}
    empty_view = send(
        api, "post", f"/api/v1/children/{case.pk}/conversations", {"held_on": TODAY, "child_view": ""}
    )
    assert empty_view.status_code == 422 and "child_view" in empty_view.json()["errors"]
    assert api.get(f"/api/v1/children/{case.pk}/notes?limit=0").status_code == 422


def test_the_overview_shows_the_case_at_a_glance_and_logs_the_read(api, case, alice):
    start_investigation(api, case)
    ok(send(api, "post", f"/api/v1/children/{case.pk}/assessments", {"matters": "Fravær"}), 201)
    ok(
        send(
            api,
            "post",
            f"/api/v1/children/{case.pk}/notes",
            {"kind": "meeting", "happened_on": TODAY, "text": "Netværksmøde."},
        ),
        201,
    )
    ok(
        send(
            api,
            "post",
            f"/api/v1/children/{case.pk}/plans",
            {"kind": "child", "summary": "Trivsel.", "goals": [{"text": "I skole", "owner": "Mor"}]},
        ),
        201,
    )

    body = ok(api.get(f"/api/v1/children/{case.pk}/case"))

    assert body["child"] == {"id": case.pk, "name": "Lukas Jensen"}
    assert body["can_work"] is True
    assert body["case"]["closed_at"] is None
    assert body["level"] == 1 and body["history"] == []
    assert len(body["investigations"]) == 1 and len(body["assessments"]) == 1
    assert [n["text"] for n in body["notes"]] == ["Netværksmøde."]
    assert [g["text"] for g in body["plans"][0]["goals"]] == ["I skole"]
    assert [o["code"] for o in body["obligations"]] == ["investigation"]
    assert body["is_party"] is False  # 7 years old (§ 3: from 10)
    assert AuditEntry.objects.filter(
        actor=alice, action="people.child.viewed", child_id=case.pk, data__view="case"
    ).exists()


def test_closing_and_reopening_the_case(api, case):
    nothing_open = send(api, "post", f"/api/v1/children/{case.pk}/case/close", {"reason": "Afsluttet"})
    start_investigation(api, case)

    no_reason = send(api, "post", f"/api/v1/children/{case.pk}/case/close", {"reason": " "})
    closed = ok(send(api, "post", f"/api/v1/children/{case.pk}/case/close", {"reason": "Ingen bekymring."}))
    reopened = ok(
        send(api, "post", f"/api/v1/children/{case.pk}/case/reopen", {"reason": "Ny underretning."})
    )
    again = send(api, "post", f"/api/v1/children/{case.pk}/case/reopen", {"reason": "Igen."})

    assert nothing_open.status_code == 422 and "åben sag" in nothing_open.json()["detail"]
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["errors"]
    assert closed["close_reason"] == "Ingen bekymring." and closed["closed_at"].endswith("+01:00")
    assert reopened["id"] != closed["id"] and reopened["closed_at"] is None
    assert again.status_code == 422
    overview = ok(api.get(f"/api/v1/children/{case.pk}/case"))
    assert [c["id"] for c in overview["closed_cases"]] == [closed["id"]]


def test_the_case_cannot_close_while_a_section_32_measure_runs(api, case):
    from tidlig.interventions import services
    from tidlig.interventions.models import Decision

    d = services.decision_draft(
        child=case,
        actor=case.caseworker,
        type=MeasureType.objects.get(municipality=None, code="bl32_2"),
        planned_on=dt.date(2025, 11, 12),
        purpose="x",
        expected_duration="x",
        reasoning="x",
    )
    m = services.decision_make(
        decision=Decision.objects.get(pk=d.pk),
        actor=case.caseworker,
        consent=True,
        hearing_on=dt.date(2025, 11, 11),
        conversation_exception="Barnet er syg.",
    )
    services.measure_start(measure=m, actor=case.caseworker, started_on=dt.date(2025, 11, 12))

    response = send(api, "post", f"/api/v1/children/{case.pk}/case/close", {"reason": "Afsluttet"})

    assert response.status_code == 422
    assert "igangværende indsatser" in response.json()["detail"]


def test_people_added_to_the_case_see_it_but_cannot_act(api, token_for, case, bob, eva, tom):
    to_educator = send(api, "post", f"/api/v1/children/{case.pk}/access", {"staff_id": eva.pk, "reason": "x"})
    to_nobody = send(api, "post", f"/api/v1/children/{case.pk}/access", {"staff_id": 999999, "reason": "x"})
    no_reason = send(api, "post", f"/api/v1/children/{case.pk}/access", {"staff_id": bob.pk, "reason": ""})
    grant = ok(
        send(api, "post", f"/api/v1/children/{case.pk}/access", {"staff_id": bob.pk, "reason": "Vikar"}), 201
    )
    added = token_for(bob)

    overview = ok(added.get(f"/api/v1/children/{case.pk}/case"))
    note = send(
        added,
        "post",
        f"/api/v1/children/{case.pk}/notes",
        {"kind": "note", "happened_on": TODAY, "text": "x"},
    )
    passing_on = send(
        added, "post", f"/api/v1/children/{case.pk}/access", {"staff_id": tom.pk, "reason": "x"}
    )

    assert to_educator.status_code == 422 and "staff_id" in to_educator.json()["errors"]
    assert to_nobody.status_code == 422 and "staff_id" in to_nobody.json()["errors"]
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["errors"]
    assert grant["staff"] == {"id": bob.pk, "name": "Bob Rådgiver"} and grant["reason"] == "Vikar"
    assert overview["can_work"] is False
    assert overview["siblings_to_investigate"] == []
    assert note.status_code == 403
    assert passing_on.status_code == 403
    assert ok(added.get(f"/api/v1/children/{case.pk}/notes")) == []
    assert CaseAccess.objects.count() == 1


def test_the_team_leader_may_act_on_the_case(token_for, case, tom):
    response = send(
        token_for(tom),
        "post",
        f"/api/v1/children/{case.pk}/notes",
        {"kind": "note", "happened_on": TODAY, "text": "Teamlederen har gennemgået sagen."},
    )

    assert response.status_code == 201
    assert response.json()["author"]["name"] == "Tom Teamleder"


@pytest.fixture
def records(api, case):
    inv = start_investigation(api, case)
    ok(
        send(
            api,
            "patch",
            f"/api/v1/investigations/{inv['id']}/areas",
            {"areas": {"family": {"challenges": "Mor er syg."}}},
        )
    )
    a = ok(send(api, "post", f"/api/v1/children/{case.pk}/assessments", {"matters": "Fravær"}), 201)
    return {"child": case.pk, "investigation": inv["id"], "assessment": a["id"]}


ENDPOINTS = [
    ("get", "/api/v1/children/{child}/case", None),
    ("post", "/api/v1/children/{child}/assessments", {"matters": "x"}),
    ("post", "/api/v1/assessments/{assessment}/conclusion", {"conclusion": "x"}),
    ("post", "/api/v1/children/{child}/investigations", {"aware_on": TODAY}),
    ("get", "/api/v1/investigations/{investigation}", None),
    ("patch", "/api/v1/investigations/{investigation}/areas", {"areas": {"school": {"challenges": "x"}}}),
    ("post", "/api/v1/investigations/{investigation}/preliminary", {"text": "x"}),
    ("post", "/api/v1/investigations/{investigation}/conclusion", {"conclusion": "x"}),
    ("post", "/api/v1/children/{child}/conversations", {"held_on": TODAY, "child_view": "x"}),
    ("post", "/api/v1/children/{child}/notes", {"kind": "note", "happened_on": TODAY, "text": "x"}),
    ("get", "/api/v1/children/{child}/notes", None),
    ("post", "/api/v1/children/{child}/case/close", {"reason": "x"}),
    ("post", "/api/v1/children/{child}/case/reopen", {"reason": "x"}),
    ("post", "/api/v1/children/{child}/access", {"staff_id": 1, "reason": "x"}),
]


def counts() -> tuple:
    return (
        Assessment.objects.filter(concluded_on__isnull=True).count(),
        Investigation.objects.filter(concluded_on__isnull=True, preliminary_on__isnull=True).count(),
        ChildConversation.objects.count(),
        JournalNote.objects.count(),
        Case.objects.filter(closed_at__isnull=True).count(),
        CaseAccess.objects.count(),
    )


@pytest.mark.parametrize("persona", ["bob", "eva", "ann", "olga", "rita"])
def test_people_without_the_case_are_refused_everywhere(request, api, token_for, records, persona):
    user = request.getfixturevalue(persona)
    client = token_for(user)
    before = counts()

    for method, url, body in ENDPOINTS:
        if "access" in url:
            body = {**body, "staff_id": user.pk}
        response = send(client, method, url.format(**records), body)
        assert response.status_code == 404, (persona, method, url, response.content)

    assert counts() == before
    assert_rightful_user_gets_each(api, records, staff=request.getfixturevalue("tom"))


def assert_rightful_user_gets_each(api, records, *, staff) -> None:
    """The caseworker reaches every URL the others were refused, so each refusal was a refusal: reads
    answer 200, writes 200/201 or, where the case's state forbids that step now, a 422 from the rules."""
    for method, url, body in ENDPOINTS:
        if "access" in url:
            body = {**body, "staff_id": staff.pk}
        response = send(api, method, url.format(**records), body)
        expected = (200,) if method == "get" else (200, 201, 422)
        assert response.status_code in expected, (method, url, response.content)


def test_people_added_to_the_case_are_refused_every_action(api, token_for, records, bob):
    ok(
        send(
            api,
            "post",
            f"/api/v1/children/{records['child']}/access",
            {"staff_id": bob.pk, "reason": "Vikar"},
        ),
        201,
    )
    client = token_for(bob)
    before = counts()

    for method, url, body in ENDPOINTS:
        response = send(client, method, url.format(**records), body)
        assert response.status_code == (200 if method == "get" else 403), (method, url, response.content)

    assert counts() == before


def test_an_added_colleague_is_refused_before_the_ids_they_send_are_looked_up(api, token_for, records, bob):
    """The service's owner check is the one door (issue 9): the router does not look up the notification or
    the colleague first, and an id that finds nothing still answers 403, not a 422 about the id."""
    child = records["child"]
    ok(send(api, "post", f"/api/v1/children/{child}/access", {"staff_id": bob.pk, "reason": "Vikar"}), 201)
    client = token_for(bob)
    before = counts()

    assessment = {"matters": "Fravær", "notification_id": 424242}
    investigation = {"aware_on": TODAY, "notification_id": 424242}
    access = {"staff_id": 999999, "reason": "Vikar"}
    for url, body in (("assessments", assessment), ("investigations", investigation), ("access", access)):
        response = send(client, "post", f"/api/v1/children/{child}/{url}", body)
        assert response.status_code == 403, (url, response.content)
    assert counts() == before
    # The caseworker sending the same ids is told what is wrong with them.
    for url, body, field in (
        ("investigations", investigation, "notification_id"),
        ("access", access, "staff_id"),
    ):
        response = send(api, "post", f"/api/v1/children/{child}/{url}", body)
        assert response.status_code == 422 and list(response.json()["errors"]) == [field], url


def test_unknown_ids_are_404(api, records):
    assert api.get("/api/v1/children/999999/case").status_code == 404
    assert api.get("/api/v1/investigations/999999").status_code == 404
    assert send(api, "post", "/api/v1/assessments/999999/conclusion", {"conclusion": "x"}).status_code == 404
    # The same URLs with ids that exist answer.
    assert api.get(f"/api/v1/children/{records['child']}/case").status_code == 200
    assert api.get(f"/api/v1/investigations/{records['investigation']}").status_code == 200
    url = f"/api/v1/assessments/{records['assessment']}/conclusion"
    assert send(api, "post", url, {"conclusion": "x"}).status_code == 200


EXPECTED = {
    "/api/v1/children/{child_id}/case": "get",
    "/api/v1/children/{child_id}/assessments": "post",
    "/api/v1/assessments/{assessment_id}/conclusion": "post",
    "/api/v1/children/{child_id}/investigations": "post",
    "/api/v1/investigations/{investigation_id}": "get",
    "/api/v1/investigations/{investigation_id}/areas": "patch",
    "/api/v1/investigations/{investigation_id}/preliminary": "post",
    "/api/v1/investigations/{investigation_id}/conclusion": "post",
    "/api/v1/children/{child_id}/conversations": "post",
    "/api/v1/children/{child_id}/notes": "get",
    "/api/v1/children/{child_id}/case/close": "post",
    "/api/v1/children/{child_id}/case/reopen": "post",
    "/api/v1/children/{child_id}/access": "post",
}


def test_the_openapi_document_lists_the_endpoints(client_for, rita):  # staff only
    schema = client_for(rita).get("/api/v1/openapi.json").json()
    paths = schema["paths"]

    assert {p: m for p, m in EXPECTED.items() if m not in paths.get(p, {})} == {}
    assert "post" in paths["/api/v1/children/{child_id}/notes"]
    overview = schema["components"]["schemas"]["CaseOverviewOut"]["properties"]
    assert {"history", "active_measures", "placement", "drafts", "plans", "obligations", "is_party"} <= set(
        overview
    )
