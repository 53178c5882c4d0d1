"""Who may use the decision and measure endpoints: Bob, Eva, Ann, Olga and Rita are refused (404 when they
may not see the case, 403 when they may see but not act); unknown ids are 404; the OpenAPI document."""

from __future__ import annotations

import pytest

from tidlig.interventions.models import Decision, FollowUp, Measure
from tidlig.interventions.tests.api_helpers import (
    TODAY,
    conversation,
    draft,
    make,
    ok,
    send,
)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def records(api, case):
    """A drafted decision, and a made and started § 32 measure."""
    pending = draft(api, case)
    measure = make(api, draft(api, case), conversation_id=conversation(api, case)["id"])
    ok(send(api, "post", f"/api/v1/measures/{measure['id']}/start", {"started_on": TODAY}))
    return {"decision": pending["id"], "measure": measure["id"], "child": case.pk}


ENDPOINTS = [
    (
        "post",
        "/api/v1/children/{child}/decisions",
        {
            "type_code": "bl32_2",
            "planned_on": TODAY,
            "purpose": "x",
            "expected_duration": "x",
            "reasoning": "x",
        },
    ),
    ("get", "/api/v1/decisions/{decision}", None),
    (
        "post",
        "/api/v1/decisions/{decision}/make",
        {"consent": True, "hearing_on": TODAY, "conversation_exception": "x"},
    ),
    ("get", "/api/v1/measures/{measure}", None),
    ("post", "/api/v1/measures/{measure}/start", {"started_on": TODAY}),
    ("post", "/api/v1/measures/{measure}/end", {"ended_on": TODAY, "reason": "x"}),
    (
        "post",
        "/api/v1/measures/{measure}/followups",
        {"held_on": TODAY, "assessment": "x", "schedule_reason": "y"},
    ),
    ("post", "/api/v1/measures/{measure}/supervision-visits", {"visited_on": TODAY, "note": "x"}),
]


@pytest.mark.parametrize("persona", ["bob", "eva", "ann", "olga", "rita"])
def test_people_without_the_case_are_refused_everywhere(request, api, token_for, records, persona):
    client = token_for(request.getfixturevalue(persona))
    before = (
        Decision.objects.count(),
        Measure.objects.filter(ended_on__isnull=True).count(),
        FollowUp.objects.count(),
    )

    for method, url, body in ENDPOINTS:
        response = send(client, method, url.format(**records), body)
        assert response.status_code == 404, (persona, method, url, response.content)

    assert (
        Decision.objects.count(),
        Measure.objects.filter(ended_on__isnull=True).count(),
        FollowUp.objects.count(),
    ) == before
    assert Decision.objects.get(pk=records["decision"]).decided_on is None
    # The caseworker reaches every one of those URLs: reads answer 200, writes 200/201 or, where the
    # case's state forbids that step now, a 422 from the rules. So each 404 above was a refusal.
    for method, url, body in ENDPOINTS:
        response = send(api, method, url.format(**records), body)
        expected = (200,) if method == "get" else (200, 201, 422)
        assert response.status_code in expected, (method, url, response.content)


def test_people_added_to_the_case_may_read_but_not_act(api, token_for, records, bob):
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

    for method, url, body in ENDPOINTS:
        response = send(client, method, url.format(**records), body)
        assert response.status_code == (200 if method == "get" else 403), (method, url, response.content)


def test_an_added_colleague_is_refused_before_the_ids_they_send_are_looked_up(api, token_for, records, bob):
    """The service's owner check is the one door (issue 9): a measure type, conversation or decision the
    router would otherwise look up first still answers 403 to someone who may see the case but not act."""
    child = records["child"]
    ok(send(api, "post", f"/api/v1/children/{child}/access", {"staff_id": bob.pk, "reason": "Vikar"}), 201)
    made = Measure.objects.get(pk=records["measure"]).decision_id
    appeal = ok(send(api, "post", f"/api/v1/decisions/{made}/appeals", {"received_on": TODAY}), 201)
    client = token_for(bob)
    unknown_type = {**ENDPOINTS[0][2], "type_code": "", "type_id": 999999}
    refused = [
        send(client, "post", f"/api/v1/children/{child}/decisions", unknown_type),
        send(client, "post", f"/api/v1/decisions/{records['decision']}/make", {"conversation_id": 999999}),
        send(
            client,
            "post",
            f"/api/v1/decisions/{made}/letters-sent",
            {"sent_on": TODAY, "method": "digital_post"},
        ),
        send(client, "post", f"/api/v1/decisions/{made}/appeals", {"received_on": TODAY}),
        send(
            client,
            "put",
            f"/api/v1/appeals/{appeal['id']}",
            {"reconsidered_on": TODAY, "reconsideration": "kept"},
        ),
    ]
    assert [r.status_code for r in refused] == [403] * 5, [r.content for r in refused]
    assert Decision.objects.get(pk=records["decision"]).decided_on is None
    # The caseworker sending the same ids is told what is wrong with them.
    wrong = send(api, "post", f"/api/v1/children/{child}/decisions", unknown_type)
    assert wrong.status_code == 422 and wrong.json()["errors"] == {
        "type_id": ["Vælg en indsats fra kommunens katalog."]
    }
    wrong = send(api, "post", f"/api/v1/decisions/{records['decision']}/make", {"conversation_id": 999999})
    assert wrong.status_code == 422 and wrong.json()["errors"] == {
        "conversation_id": ["Findes ikke på barnets sag. Vælg en på barnets sag."]
    }


def test_unknown_ids_are_404(api, records):
    assert api.get(f"/api/v1/decisions/{records['decision']}").status_code == 200
    assert api.get(f"/api/v1/measures/{records['measure']}").status_code == 200
    assert api.get("/api/v1/decisions/999999").status_code == 404
    assert api.get("/api/v1/measures/999999").status_code == 404
    assert send(api, "post", "/api/v1/measures/999999/start", {"started_on": TODAY}).status_code == 404
    body = {
        "type_code": "bl32_2",
        "planned_on": TODAY,
        "purpose": "x",
        "expected_duration": "x",
        "reasoning": "x",
    }
    assert send(api, "post", "/api/v1/children/999999/decisions", body).status_code == 404


EXPECTED = {
    "/api/v1/measure-types": "get",
    "/api/v1/children/{child_id}/decisions": "post",
    "/api/v1/decisions/{decision_id}": "get",
    "/api/v1/decisions/{decision_id}/make": "post",
    "/api/v1/measures/{measure_id}": "get",
    "/api/v1/measures/{measure_id}/start": "post",
    "/api/v1/measures/{measure_id}/end": "post",
    "/api/v1/measures/{measure_id}/followups": "post",
    "/api/v1/measures/{measure_id}/supervision-visits": "post",
}


def test_the_openapi_document_lists_the_endpoints(client_for, rita):  # staff only
    paths = client_for(rita).get("/api/v1/openapi.json").json()["paths"]

    assert {p: m for p, m in EXPECTED.items() if m not in paths.get(p, {})} == {}
    make = paths["/api/v1/decisions/{decision_id}/make"]["post"]
    assert {"201", "403", "404", "422"} <= set(make["responses"])
