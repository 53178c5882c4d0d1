"""The decision letter's dispatch and complaints (issue 12): complaint deadline from receipt (RSL § 67),
reconsideration within 4 weeks (RSL § 66), Ankestyrelsen's outcome (RSL § 68); page and API twins; access."""

from __future__ import annotations

import pytest

from tidlig.interventions.models import Appeal
from tidlig.interventions.tests.api_helpers import conversation, draft, make, ok, send

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def made(api, case):
    talk = conversation(api, case)
    return make(api, draft(api, case), conversation_id=talk["id"])


def test_letter_sent_shows_the_complaint_deadline(api, made):
    did = made["decision_id"]
    sent = ok(
        send(
            api,
            "post",
            f"/api/v1/decisions/{did}/letters-sent",
            {"sent_on": "2025-11-12", "method": "digital_post"},
        ),
        201,
    )
    assert (sent["complaint_deadline"], sent["deadline_known"]) == ("2025-12-10", True)
    by_post = ok(
        send(
            api,
            "post",
            f"/api/v1/decisions/{did}/letters-sent",
            {"sent_on": "2025-11-12", "method": "letter"},
        ),
        201,
    )
    assert by_post["deadline_known"] is False
    bad = send(
        api,
        "post",
        f"/api/v1/decisions/{did}/letters-sent",
        {"sent_on": "2025-11-12", "method": "letter", "received_on": "2025-11-01"},
    )
    assert bad.status_code == 422
    assert len(ok(send(api, "get", f"/api/v1/decisions/{did}/letters-sent"))) == 2


def test_appeal_reconsidered_and_decided(api, made):
    did = made["decision_id"]
    a = ok(send(api, "post", f"/api/v1/decisions/{did}/appeals", {"received_on": "2025-11-12"}), 201)
    assert a["reconsideration_due"] == "2025-12-10"
    # An outcome before the municipality has reconsidered is refused.
    early = send(api, "put", f"/api/v1/appeals/{a['id']}", {"outcome_on": "2025-12-20", "outcome": "changed"})
    assert early.status_code == 422
    body = {
        "reconsidered_on": "2025-11-20",
        "reconsideration": "kept",
        "outcome_on": "2026-02-01",
        "outcome": "remitted",
    }
    done = ok(send(api, "put", f"/api/v1/appeals/{a['id']}", body))
    assert (done["reconsideration"], done["outcome"]) == ("kept", "remitted")
    # Granted in full by the municipality: it never reaches Ankestyrelsen.
    b = ok(send(api, "post", f"/api/v1/decisions/{did}/appeals", {"received_on": "2025-11-12"}), 201)
    granted = {**body, "reconsideration": "granted"}
    assert send(api, "put", f"/api/v1/appeals/{b['id']}", granted).status_code == 422


def test_measure_page_records_letter_and_appeal(alice, made, client_for):
    c = client_for(alice)
    mid = made["id"]
    r = c.post(f"/indsatser/{mid}/brev-sendt/", {"sent_on": "12.11.2025", "method": "handed_over"})
    assert r.status_code == 302
    page = c.get(f"/indsatser/{mid}/").content.decode()
    assert "Klagefrist 10.12.2025" in page
    r = c.post(f"/indsatser/{mid}/klage/", {"received_on": "01.01.2020"})
    assert r.status_code == 422 and "Klagen kan ikke være modtaget før afgørelsen." in r.content.decode()
    assert c.post(f"/indsatser/{mid}/klage/", {"received_on": "12.11.2025"}).status_code == 302
    appeal = Appeal.objects.get()
    assert "Genvurdering senest 10.12.2025" in c.get(f"/indsatser/{mid}/").content.decode()
    r = c.post(
        f"/indsatser/{mid}/klage/{appeal.pk}/",
        {f"k{appeal.pk}-reconsidered_on": "20.11.2025", f"k{appeal.pk}-reconsideration": "partly"},
    )
    assert r.status_code == 302
    appeal.refresh_from_db()
    assert appeal.reconsideration == "partly"


def test_only_case_owners(bob, ann, made, client_for, token_for):
    did, mid = made["decision_id"], made["id"]
    for who in (bob, ann):
        api = token_for(who)
        r = send(api, "post", f"/api/v1/decisions/{did}/appeals", {"received_on": "2025-11-12"})
        assert r.status_code in (403, 404)
        assert client_for(who).post(
            f"/indsatser/{mid}/klage/", {"received_on": "12.11.2025"}
        ).status_code in (
            403,
            404,
        )
    assert not Appeal.objects.exists()
