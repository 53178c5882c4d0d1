"""What the decision and measure API tests share: the frozen day, posting JSON, and a draft made into a measure."""

from __future__ import annotations

import datetime as dt
import json

from tidlig.interventions.models import MeasureType

# Wednesday 12 November 2025, 10:00 in Copenhagen (CET).
NOW = dt.datetime(2025, 11, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
TODAY = "2025-11-12"


def send(client, method: str, url: str, body: dict | None = None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


def type_id(code: str) -> int:
    return MeasureType.objects.get(municipality=None, code=code).pk


def draft(api, child, **extra) -> dict:
    body = {
        "type_id": type_id("bl32_2"),
        "planned_on": "2025-11-20",
        "purpose": "Struktur på morgener og måltider.",
        "expected_duration": "6 måneder",
        "reasoning": "Undersøgelsen viser behov for praktisk støtte i hjemmet.",
        **extra,
    }
    return ok(send(api, "post", f"/api/v1/children/{child.pk}/decisions", body), 201)


def conversation(api, child, held_on: str = "2025-11-10") -> dict:
    body = {"held_on": held_on, "child_view": "Lukas vil gerne have hjælp om morgenen.", "bisidder": "Moster"}
    return ok(send(api, "post", f"/api/v1/children/{child.pk}/conversations", body), 201)


def make(api, decision: dict, **extra) -> dict:
    body = {"consent": True, "consent_note": "Mor samtykker mundtligt", "hearing_on": "2025-11-11", **extra}
    return ok(send(api, "post", f"/api/v1/decisions/{decision['id']}/make", body), 201)


def by_code(obligations: list[dict]) -> dict[str, dict]:
    return {o["code"]: o for o in obligations}
