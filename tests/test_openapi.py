"""The OpenAPI document at /api/v1/openapi.json describes every endpoint integrations use."""

from __future__ import annotations

import pytest

EXPECTED = {
    "/api/v1/notifications": {"post"},
    "/api/v1/notifications/submitted": {"get"},
    "/api/v1/notifications/{notification_id}": {"get"},
    "/api/v1/notifications/{notification_id}/acute-assessment": {"post"},
    "/api/v1/notifications/{notification_id}/receipt-draft": {"get"},
    "/api/v1/notifications/{notification_id}/receipt": {"post"},
    "/api/v1/notifications/{notification_id}/route": {"post"},
    "/api/v1/notifications/{notification_id}/assign": {"post"},
    "/api/v1/notifications/{notification_id}/screening": {"post"},
    "/api/v1/notifications/{notification_id}/feedback-draft": {"get"},
    "/api/v1/notifications/{notification_id}/feedback": {"post"},
    "/api/v1/notifications/{notification_id}/feedback-waiver": {"post"},
    "/api/v1/notifications/{notification_id}/reassessment": {"post"},
    "/api/v1/worklist": {"get"},
    "/api/v1/children": {"get", "post"},
    "/api/v1/children/{child_id}": {"get"},
    "/api/v1/children/{child_id}/obligations": {"get"},
}


@pytest.fixture
def schema(client_for, rita):
    response = client_for(rita).get("/api/v1/openapi.json")  # staff only (tidlig/api.py, staff_only)
    assert response.status_code == 200
    return response.json()


def test_every_endpoint_is_listed(schema):
    paths = schema["paths"]

    missing = {
        p: sorted(methods - set(paths.get(p, {})))
        for p, methods in EXPECTED.items()
        if not methods <= set(paths.get(p, {}))
    }

    assert missing == {}


def test_it_names_the_api_and_bearer_authentication(schema):
    assert schema["info"]["title"] == "Tidlig API"
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_the_notification_schema_documents_obligations(schema):
    components = schema["components"]["schemas"]
    obligation = components["ObligationOut"]["properties"]

    # DESIGN.md § 2's shape, plus how many days overdue and the page that meets it (issue 10)
    assert set(obligation) == {
        "code",
        "title",
        "law",
        "due",
        "status",
        "met_at",
        "days_overdue",
        "action_url",
        # `period` (issue 12): a recurring obligation has one row per period, so code alone is not the row
        "period",
    }
    assert "obligations" in components["NotificationOut"]["properties"]
    body = schema["paths"]["/api/v1/notifications"]["post"]
    assert {"201", "403", "409", "422"} <= set(body["responses"])
    header_params = {p["name"] for p in body.get("parameters", []) if p["in"] == "header"}
    assert "Idempotency-Key" in header_params


def test_the_docs_page_is_served_to_staff(client_for, rita):
    assert client_for(rita).get("/api/v1/docs").status_code == 200
