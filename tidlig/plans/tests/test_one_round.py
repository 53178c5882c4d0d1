"""A plan with several faults is refused naming each of them in one answer (issue 10)."""

from __future__ import annotations

from tidlig.plans.models import Plan

from .test_views import owned, plan_data  # noqa: F401 - fixture


def test_a_plan_without_content_and_with_a_bad_date_names_both(owned, alice, client_for):
    response = client_for(alice).post(
        f"/planer/barn/{owned.pk}/ny/", plan_data(summary="", recorded_on="31.02.2026")
    )

    page = response.content.decode()
    assert "Skriv planens indhold." in page
    assert "Skriv datoen" in page
    assert "Lukas kommer i børnehave hver dag" in page  # the goals typed are kept
    assert not Plan.objects.exists()
