"""The pages: a caseworker starts a course, plans its meetings, sets goals and ends it; others are refused."""

import pytest

from tidlig.course.models import Course
from tidlig.network.models import NetworkMeeting

from .conftest import at, day

pytestmark = pytest.mark.django_db


def test_a_caseworker_starts_plans_and_ends_a_course_from_the_childs_page(client_for, alice, owned, sara):
    c = client_for(alice)
    assert f'href="/forloeb/barn/{owned.pk}/"' in c.get(f"/boern/{owned.pk}/").content.decode()
    page = c.get(f"/forloeb/barn/{owned.pk}/").content.decode()
    assert "Start et forløb" in page and 'value="12"' in page  # the municipality's default length
    r = c.post(
        f"/forloeb/barn/{owned.pk}/",
        {
            "started_on": day(0).strftime("%d.%m.%Y"),
            "weeks": "12",
            "worker": str(sara.pk),
            "goals": "Lukas sover i egen seng.",
        },
    )
    course = Course.objects.get(child=owned)
    assert r.status_code == 302 and r["Location"] == f"/forloeb/{course.pk}/"
    page = c.get(f"/forloeb/{course.pk}/").content.decode()
    assert "Uge 12" in page and 'aria-current="step"' in page and "Sara" in page
    assert "Startmøde i § 30-forløb" in page and "Afslut § 30-forløb" in page  # the deadlines
    r = c.post(
        f"/forloeb/{course.pk}/moede/start/",
        {"start-day": at(1).strftime("%d.%m.%Y"), "start-start": "09:00", "start-end": "10:00"},
    )
    assert r.status_code == 302
    m = NetworkMeeting.objects.get(pk=Course.objects.get(pk=course.pk).start_meeting_id)
    assert m.measure_id == course.measure_id
    assert "Startmøde" in c.get(f"/forloeb/{course.pk}/").content.decode()
    r = c.post(f"/forloeb/{course.pk}/afslut/", {"result": "escalate", "reason": "Bekymringen voksede."})
    assert r.status_code == 302
    course.refresh_from_db()
    assert course.result == "escalate"
    page = c.get(f"/forloeb/{course.pk}/").content.decode()
    assert "Bekymringen voksede." in page and 'data-testid="end-form"' not in page


def test_errors_come_in_one_round_in_danish_and_keep_what_was_typed(client_for, alice, owned):
    r = client_for(alice).post(
        f"/forloeb/barn/{owned.pk}/", {"started_on": "31.02.2026", "weeks": "99", "goals": "Mine mål"}
    )
    page = r.content.decode()
    assert r.status_code == 422
    assert "Vælg en konsulent eller familiebehandler." in page and "1 til 52 uger" in page
    assert "Mine mål" in page and not Course.objects.exists()


def test_the_end_form_names_every_missing_field(client_for, alice, course):
    r = client_for(alice).post(f"/forloeb/{course.pk}/afslut/", {"reason": ""})
    page = r.content.decode()
    assert (
        r.status_code == 422
        and "Vælg forløbets resultat." in page
        and "Skriv begrundelsen for resultatet." in page
    )


def test_the_worker_reads_the_course_and_may_not_end_it(client_for, sara, course):
    c = client_for(sara)
    page = c.get(f"/forloeb/{course.pk}/").content.decode()
    assert "Lukas kommer i børnehave" in page and 'data-testid="end-form"' not in page
    assert c.post(f"/forloeb/{course.pk}/afslut/", {"result": "continue", "reason": "x"}).status_code == 404


@pytest.mark.parametrize("who", ["bob", "eva", "olga"])
def test_strangers_are_refused(client_for, course, owned, who, request):
    c = client_for(request.getfixturevalue(who))
    assert c.get(f"/forloeb/{course.pk}/").status_code == 404
    assert c.get(f"/forloeb/barn/{owned.pk}/").status_code in (403, 404)
    assert c.post(f"/forloeb/{course.pk}/afslut/", {"result": "continue", "reason": "x"}).status_code == 404


def test_starting_from_a_screened_notification_links_it(client_for, alice, owned, sara, rita):
    from tidlig.cases.tests.views_helpers import register

    n = register(rita, owned)
    c = client_for(alice)
    page = c.get(f"/forloeb/barn/{owned.pk}/?fra=screening&underretning={n.pk}").content.decode()
    assert "Screening af en underretning" in page
    c.post(
        f"/forloeb/barn/{owned.pk}/",
        {
            "fra": "screening",
            "underretning": str(n.pk),
            "started_on": day(0).strftime("%d.%m.%Y"),
            "weeks": "12",
            "worker": str(sara.pk),
        },
    )
    course = Course.objects.get(child=owned)
    assert (course.origin, course.notification_id) == ("screening", n.pk)


def test_the_start_link_shows_only_to_those_who_may_start(rf, alice, bob, owned):
    from django.template import Context, Template

    t = Template('{% load course_tags %}{% course_start_link child "crossteam" 7 %}')
    for user, shown in ((alice, True), (bob, False)):
        request = rf.get("/")
        request.user = user
        html = t.render(Context({"request": request, "child": owned}))
        assert (f"/forloeb/barn/{owned.pk}/?fra=crossteam&amp;punkt=7" in html) is shown
