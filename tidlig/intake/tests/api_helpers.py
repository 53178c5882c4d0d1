"""What the intake API tests share: posting JSON, a notification routed to team Nord, and the steps after it."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

URL = "/api/v1/notifications"


def received_an_hour_ago() -> str:
    return timezone.localtime(timezone.now() - dt.timedelta(hours=1)).replace(microsecond=0).isoformat()


def post(client, url, body=None):
    return client.post(
        url, data=json.dumps(body if body is not None else {}), content_type="application/json"
    )


def register_notification(token_for, rita) -> dict:
    """A professional's notification about Lukas, received an hour ago and routed to team Nord."""
    response = post(
        token_for(rita),
        URL,
        {
            "child_cpr": "1504184235",
            "received_at": received_an_hour_ago(),
            "notifier": {
                "kind": "professional",
                "name": "Lærke Lærer",
                "workplace": "Testrup Skole",
                "email": "laerke@skole.invalid",
            },
            "text": "Lukas kommer ofte sulten i skole.",
        },
    )
    assert response.status_code == 201, response.content
    return response.json()


def status_of(body: dict, code: str) -> str:
    return {o["code"]: o["status"] for o in body["obligations"]}[code]


def assign(token_for, tom, alice, notification):
    response = post(token_for(tom), f"{URL}/{notification['id']}/assign", {"caseworker_id": alice.pk})
    assert response.status_code == 200, response.content
    return response.json()


def assess(token_for, rita, notification):
    response = post(
        token_for(rita),
        f"{URL}/{notification['id']}/acute-assessment",
        {"danger": False, "note": "Ikke akut; barnet er i institution i dag."},
    )
    assert response.status_code == 200, response.content
    return response.json()
