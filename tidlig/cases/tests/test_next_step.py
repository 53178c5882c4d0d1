"""Issue 10: every open obligation links to the page whose form meets it ("næste skridt"), in the UI and the API.

The registry is core.next_step.NEXT_STEPS; these tests fail when an obligation code is added without a target,
and open every target as the obligation's owner (and as a caseworker of another team, who is refused).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tidlig.cases.tests.views_helpers import TODAY, investigation, measure, register, section
from tidlig.core.next_step import NEXT_STEPS, action_url
from tidlig.course import services as course_services
from tidlig.interventions.models import FollowUp
from tidlig.network import services as network_services
from tidlig.timeline.models import ALL_TYPES, Obligation


def test_every_obligation_code_has_a_next_step():
    assert set(ALL_TYPES) - set(NEXT_STEPS) == set(), "add the new code's page to core.next_step.NEXT_STEPS"
    assert set(NEXT_STEPS) - set(ALL_TYPES) == set(), "a next step for a code that no longer exists"


@pytest.fixture
def sources(rita, alice, owned, sara):
    """One real source object per obligation source kind, on Alice's child."""
    placed = measure(owned, alice, kind="placement", level=5, started=TODAY() - dt.timedelta(days=100))
    followup = FollowUp.objects.create(
        measure=placed, held_on=TODAY() - dt.timedelta(days=10), held_by=alice, assessment="Går godt."
    )
    meeting = network_services.meeting_plan(
        actor=alice,
        child=owned,
        context="advice",
        starts_at=dt.datetime.combine(TODAY(), dt.time(8), tzinfo=dt.UTC),
        ends_at=dt.datetime.combine(TODAY(), dt.time(9), tzinfo=dt.UTC),
        send=False,
    )
    return {
        "network_meeting": network_services.meeting_hold(
            actor=alice, meeting=meeting, outcome="continue", reason="Vi fortsætter."
        ),
        "notification": register(rita, owned),
        "investigation": investigation(owned, alice),
        "measure": placed,
        "followup": followup,
        "course": course_services.course_start(actor=alice, child=owned, worker=sara, started_on=TODAY()),
    }


SOURCE_OF = {
    "acute_assessment": "notification",
    "receipt": "notification",
    "screening": "notification",
    "notifier_feedback": "notification",
    "reassessment": "notification",
    "investigation": "investigation",
    "child_conversation": "measure",  # met on the child's conversation form; the source is not in the URL
    "followup": "followup",
    "network_followup": "network_meeting",
    "course_start_meeting": "course",
    "course_end_meeting": "course",
    "course_end": "course",
}


# The feedback form shows once the notification is screened: § 138, stk. 2 tells what the screening started.
AFTER_SCREENING = {"notifier_feedback"}


def _obligation(code: str, sources: dict, child, owner) -> Obligation:
    kind = SOURCE_OF.get(code, "measure")
    due = dt.datetime.combine(TODAY(), dt.time(12), tzinfo=dt.UTC)
    return Obligation(
        municipality_id=child.municipality_id,
        child=child,
        code=code,
        source=kind,
        source_id=sources[kind].pk,
        due_at=due,
        due_date=TODAY(),
        assignee=owner,
    )


@pytest.mark.parametrize("code", sorted(ALL_TYPES))
def test_the_next_step_opens_for_the_owner_and_not_for_a_stranger(
    code, sources, owned, alice, bob, client_for
):
    url = action_url(_obligation(code, sources, owned, alice))
    assert url
    page = client_for(alice).get(url, follow=True)
    assert page.status_code == 200, (code, url)
    anchor = url.partition("#")[2]
    if anchor and code not in AFTER_SCREENING:
        assert f'id="{anchor}"' in page.content.decode(), (code, url)
    assert client_for(bob).get(url).status_code in (403, 404)


def test_a_met_obligation_has_no_next_step(sources, owned, alice):
    o = _obligation("receipt", sources, owned, alice)
    o.is_open, o.met_at = False, dt.datetime.now(dt.UTC)
    assert action_url(o) is None


def test_the_child_page_and_my_deadlines_link_each_open_obligation_to_its_form(
    client_for, rita, alice, owned
):
    n = register(rita, owned)
    n.assignee = alice
    n.save()
    Obligation.objects.filter(source="notification", source_id=n.pk).update(assignee=alice)
    for url, testid in ((f"/boern/{owned.pk}/", "obligations"), ("/frister/", "week")):
        page = client_for(alice).get(url)
        assert f'href="/underretninger/{n.pk}/#acute" data-testid="next-step"' in section(page, testid), url
        assert "Næste skridt" in page.content.decode()


def test_the_api_gives_the_next_step_of_each_obligation(token_for, rita, alice, owned):
    n = register(rita, owned)
    rows = token_for(alice).get(f"/api/v1/children/{owned.pk}/obligations").json()
    by_code = {r["code"]: r for r in rows}
    assert by_code["acute_assessment"]["action_url"] == f"/underretninger/{n.pk}/#acute"
    assert by_code["receipt"]["action_url"] == f"/underretninger/{n.pk}/#receipt"


def test_a_colleague_with_read_access_is_shown_no_next_step_they_could_not_take(
    client_for, rita, alice, bob, owned
):
    from tidlig.cases.models import CaseAccess

    CaseAccess.objects.create(child=owned, staff=bob, granted_by=alice, reason="Ferie")
    register(rita, owned)
    page = client_for(bob).get(f"/boern/{owned.pk}/")
    assert page.status_code == 200
    assert 'data-testid="next-step"' not in section(page, "obligations")
    assert 'data-testid="next-step"' in section(client_for(alice).get(f"/boern/{owned.pk}/"), "obligations")
