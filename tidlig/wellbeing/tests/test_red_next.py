"""A red rating leads on (issue 10): the handleguide, a concern, the team, a notification, one step away."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tidlig.concerns.models import Concern
from tidlig.people.models import Child
from tidlig.wellbeing import services
from tidlig.wellbeing.models import Rating

pytestmark = pytest.mark.django_db


def _links(html: str, child: Child) -> dict[str, bool]:
    return {
        "concern": f"{reverse('concerns:new')}?barn={child.pk}" in html,
        "guide": reverse("concerns:guide") in html,
        "team": f"{reverse('crossteam:propose')}?barn={child.pk}" in html,
        "notify": f"{reverse('intake:new')}?barn={child.pk}" in html,
    }


def test_a_red_rating_by_htmx_answers_with_the_next_steps_and_a_green_one_without(
    client_for, eva, group, period, child
):
    url = reverse("wellbeing:rate", args=[group.pk, period.pk, child.pk])
    html = client_for(eva).post(url, {"colour": "red"}, headers={"HX-Request": "true"}).content.decode()
    assert 'data-testid="red-next"' in html
    assert _links(html, child) == {"concern": True, "guide": True, "team": True, "notify": True}
    html = client_for(eva).post(url, {"colour": "green"}, headers={"HX-Request": "true"}).content.decode()
    assert "red-next" not in html and "Gemt 18.11.2026 kl. 10:00" in html


def test_without_htmx_a_red_rating_leads_to_the_next_steps_page_and_back_to_the_group(
    client_for, eva, group, period, child
):
    c = client_for(eva)
    r = c.post(reverse("wellbeing:rate", args=[group.pk, period.pk, child.pk]), {"colour": "red"})
    assert r.status_code == 302 and reverse("wellbeing:red_next", args=[child.pk]) in r.url
    html = c.get(r.url).content.decode()
    assert all(_links(html, child).values())
    assert f"{reverse('wellbeing:group', args=[group.pk])}?periode={period.pk}" in html


def test_the_next_steps_open_the_childs_concern_when_there_is_one(client_for, eva, group, period, child):
    concern = Concern.objects.create(
        municipality=child.municipality,
        child=child,
        institution=group.institution,
        raised_by=eva,
        observation="Sulten om morgenen",
        observed_on=timezone.localdate(),
    )
    html = client_for(eva).get(reverse("wellbeing:red_next", args=[child.pk])).content.decode()
    assert reverse("concerns:detail", args=[concern.pk]) in html
    assert reverse("concerns:notify_plain", args=[concern.pk]) in html
    assert f"{reverse('crossteam:propose')}?concern={concern.pk}" in html


def test_the_next_steps_page_refuses_a_child_the_user_does_not_see(client_for, frida, kim, child, group):
    url = reverse("wellbeing:red_next", args=[child.pk])
    assert client_for(frida).get(url).status_code == 404
    assert client_for(kim).get(url).status_code == 404


def test_a_red_infant_rating_leads_the_health_visitor_on_and_a_green_one_back_to_the_list(
    client_for, hanne, municipality, org
):
    today = timezone.localdate()
    baby = Child.objects.create(
        municipality=municipality,
        first_name="Alma",
        last_name="Test",
        birth_date=today - dt.timedelta(days=275),
        district=org["nord"],
        sex="F",
    )
    c = client_for(hanne)
    url = reverse("wellbeing:health_visitor_rate", args=[baby.pk])
    day = today.strftime("%d.%m.%Y")
    r = c.post(url, {"colour": "red", "rated_on": day, "parents_present": "Mor"})
    assert r.status_code == 302 and r.url == reverse("wellbeing:red_next", args=[baby.pk])
    html = c.get(r.url).content.decode()
    links = _links(html, baby)
    # The health visitor is on the team and does not propose items; she starts a concern or notifies.
    assert links == {"concern": True, "guide": True, "team": False, "notify": True}
    Rating.objects.filter(child=baby).delete()
    r = c.post(url, {"colour": "green", "rated_on": day, "parents_present": "Mor"})
    assert r.url == reverse("wellbeing:index")


def test_the_team_proposal_from_a_red_rating_has_the_child_picked(client_for, eva, group, child):
    html = client_for(eva).get(f"{reverse('crossteam:propose')}?barn={child.pk}").content.decode()
    assert f'value="{child.pk}" selected' in html


def test_the_health_visitors_list_is_ordered_by_when_the_rating_is_due(client_for, hanne, municipality, org):
    today = timezone.localdate()

    def baby(name, days):
        return Child.objects.create(
            municipality=municipality,
            first_name=name,
            last_name="Test",
            birth_date=today - dt.timedelta(days=days),
            district=org["nord"],
        )

    soon = baby("Snart", 230)  # 7½ months: due from 8 months
    now = baby("Nu", 280)  # 9 months: due now
    late = baby("Sent", 345)  # over 11 months: the window closed
    done = baby("Gjort", 300)
    services.health_visitor_rate(
        actor=hanne, child=done, colour="green", parents_present="Mor", rated_on=today
    )
    html = client_for(hanne).get(reverse("wellbeing:index")).content.decode()
    order = [html.index(f"{c.first_name} Test") for c in (late, now, soon, done)]
    assert order == sorted(order)
    row = html[order[0] : order[1]]
    assert "overskredet" in row
    assert "Vurderes senest" in html


def test_the_api_answers_a_red_rating_with_the_same_next_steps_and_a_green_one_without(
    token_for, eva, group, period, child
):
    api = token_for(eva)
    url = f"/api/v1/wellbeing/groups/{group.pk}/periods/{period.pk}/children/{child.pk}/rating"
    body = api.put(url, {"colour": "red"}, content_type="application/json").json()
    steps = {s["code"]: s["url"] for s in body["next_steps"]}
    assert steps == {
        "concern": f"{reverse('concerns:new')}?barn={child.pk}",
        "guide": reverse("concerns:guide"),
        "team": f"{reverse('crossteam:propose')}?barn={child.pk}",
        "notification": f"{reverse('intake:new')}?barn={child.pk}",
    }
    assert api.put(url, {"colour": "green"}, content_type="application/json").json()["next_steps"] == []


def test_a_red_infant_rating_by_api_answers_with_the_health_visitors_next_steps(
    token_for, hanne, municipality, org
):
    today = timezone.localdate()
    baby = Child.objects.create(
        municipality=municipality,
        first_name="Alma",
        last_name="Test",
        birth_date=today - dt.timedelta(days=275),
        district=org["nord"],
    )
    r = token_for(hanne).post(
        f"/api/v1/wellbeing/children/{baby.pk}/health-visitor-rating",
        {"colour": "red", "rated_on": today.isoformat(), "parents_present": "Mor"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert [s["code"] for s in r.json()["next_steps"]] == ["concern", "guide", "notification"]
