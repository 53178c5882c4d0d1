"""Decisions and measures: several wrong fields are named in one answer, with what was typed kept (issue 10)."""

from __future__ import annotations

import datetime as dt

from tidlig.interventions.models import Decision

from .test_views import (  # noqa: F401 - fixtures
    anb,
    bl32,
    conversation,
    d,
    draft,
    draft_data,
    measure,
    owned,
    today,
)


def test_a_draft_with_a_bad_date_and_no_purpose_or_reasoning_names_all_three(
    owned, alice, bl32, today, client_for
):
    data = draft_data(bl32, today, planned_on="banan", purpose="", reasoning="", expected_duration="6 måneder")

    response = client_for(alice).post(f"/indsatser/barn/{owned.pk}/ny-afgoerelse/", data)

    page = response.content.decode()
    assert "Skriv datoen som dd.mm.åååå" in page
    assert "Skriv formålet med indsatsen" in page
    assert "Skriv begrundelsen for afgørelsen." in page
    assert 'value="banan"' in page and 'value="6 måneder"' in page
    assert not Decision.objects.exists()


def test_ending_a_measure_names_a_future_date_and_a_missing_reason_together(measure, alice, today, client_for):
    client = client_for(alice)
    client.post(f"/indsatser/{measure.pk}/start/", {"started_on": d(today - dt.timedelta(days=5))})

    future = client.post(f"/indsatser/{measure.pk}/afslut/", {"ended_on": d(today + dt.timedelta(days=3))})
    unreadable = client.post(f"/indsatser/{measure.pk}/afslut/", {"ended_on": "i morgen"})

    for response in (future, unreadable):
        page = response.content.decode()
        assert response.status_code == 422
        assert "Skriv hvorfor indsatsen ophører." in page
    assert "Slutdatoen ligger i fremtiden" in future.content.decode()
    assert "Skriv datoen som dd.mm.åååå" in unreadable.content.decode()
    measure.refresh_from_db()
    assert measure.ended_on is None
