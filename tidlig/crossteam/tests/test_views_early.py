"""Early-course pages: the social worker starts, sees escalation and ends; the leader sees counts only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tidlig.audit.models import AuditEntry
from tidlig.crossteam.models import EarlyCourse

from .test_early import notify, start


@pytest.fixture
def persona(request):
    return request.getfixturevalue


def day(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


def test_the_social_worker_starts_a_course_with_criteria(client_for, sara, child, criteria):
    today = timezone.localdate()
    data = {
        "child": child.pk,
        "purpose": "Rutiner",
        "started_on": day(today),
        "planned_end_on": day(today + dt.timedelta(days=60)),
    }
    r = client_for(sara).post(reverse("crossteam:course_new"), data)
    assert r.status_code == 422 and "mindst ét" in r.content.decode() and "Rutiner" in r.content.decode()
    r = client_for(sara).post(reverse("crossteam:course_new"), {**data, "criteria": [criteria[0].pk]})
    course = EarlyCourse.objects.get()
    assert r.status_code == 302 and r.url == reverse("crossteam:course", args=[course.pk])
    assert list(course.criteria.all()) == [criteria[0]]


def test_the_course_pages_say_nothing_of_a_later_notification_and_are_logged(
    client_for, token_for, sara, child, criteria, municipality
):
    """Issue 8: the social worker saw "Underretning <date>" on her course: she learnt the child has a case."""
    course = start(sara, child, criteria)
    notify(child, municipality, timezone.now() - dt.timedelta(days=1))
    yesterday = day(timezone.localdate() - dt.timedelta(days=1))

    page = client_for(sara).get(reverse("crossteam:course", args=[course.pk]))
    listing = client_for(sara).get(reverse("crossteam:courses"))
    api = token_for(sara).get("/api/v1/crossteam/early-courses")

    assert page.status_code == listing.status_code == api.status_code == 200
    for html in (page.content.decode(), listing.content.decode()):
        assert child.display_name in html
        assert "Underretning" not in html and yesterday not in html
        assert 'data-testid="escalation' not in html
    assert [c["id"] for c in api.json()] == [course.pk]
    assert not {"escalated_notification_on", "escalated_measure_on"} & set(api.json()[0])
    assert AuditEntry.objects.filter(actor=sara, child_id=child.pk, action="people.child.viewed").exists()


def test_ending_a_course(client_for, sara, child, criteria):
    course = start(sara, child, criteria)
    r = client_for(sara).post(
        reverse("crossteam:course", args=[course.pk]),
        {"ended_on": day(timezone.localdate()), "outcome": "completed"},
    )
    assert r.status_code == 302
    course.refresh_from_db()
    assert course.outcome == "completed"


def test_the_leader_sees_counts_without_names(client_for, lea, sara, child, criteria):
    start(sara, child, criteria)
    page = client_for(lea).get(reverse("crossteam:courses")).content.decode()
    assert criteria[0].title in page and "&lt; 5" in page and "Lukas" not in page


def test_the_social_worker_lists_her_courses(client_for, sara, child, criteria):
    start(sara, child, criteria)
    page = client_for(sara).get(reverse("crossteam:courses")).content.decode()
    assert "Lukas Jensen" in page


@pytest.mark.parametrize("who", ["eva", "kim", "alice", "olga", "hanne"])
def test_others_see_no_courses(client_for, persona, who, sara, child, criteria):
    course = start(sara, child, criteria)
    c = client_for(persona(who))
    assert c.get(reverse("crossteam:courses")).status_code == 403
    assert c.get(reverse("crossteam:course_new")).status_code == 403
    assert c.get(reverse("crossteam:course", args=[course.pk])).status_code == 404
    mine = client_for(sara)
    for url in (
        reverse("crossteam:courses"),
        reverse("crossteam:course_new"),
        reverse("crossteam:course", args=[course.pk]),
    ):
        assert mine.get(url).status_code == 200, url


def test_the_leader_cannot_open_a_course(client_for, lea, sara, child, criteria):
    course = start(sara, child, criteria)
    assert client_for(lea).get(reverse("crossteam:course", args=[course.pk])).status_code == 404
    assert client_for(sara).get(reverse("crossteam:course", args=[course.pk])).status_code == 200


def test_a_course_starts_from_a_named_meeting_item(client_for, sara, named_item, child, criteria):
    url = reverse("crossteam:course_new") + f"?punkt={named_item.pk}"
    assert f'value="{child.pk}" selected' in client_for(sara).get(url).content.decode()
    today = timezone.localdate()
    data = {
        "punkt": named_item.pk,
        "child": child.pk,
        "criteria": [criteria[4].pk],
        "purpose": "Efter teamets råd",
        "started_on": day(today),
        "planned_end_on": day(today + dt.timedelta(days=56)),
    }
    assert client_for(sara).post(reverse("crossteam:course_new"), data).status_code == 302
    assert EarlyCourse.objects.get().meeting_item == named_item
