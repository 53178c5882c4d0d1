"""Need to know inside one institution (issue 8): an educator sees her own groups' children, not every group
of her institution. Frida works at Solsikken but not in Mariehønen; Eva does. Each refusal is checked
against Eva's 200 on the same URL, so a mistyped URL cannot pass for a refusal."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tidlig.wellbeing import services
from tidlig.wellbeing.models import Rating, RatingFollowUp

pytestmark = pytest.mark.django_db
CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


@pytest.fixture(autouse=True)
def clock(time_machine):
    """A Wednesday in the middle of an autumn period; fixtures that read "now" run after this."""
    time_machine.move_to(dt.datetime(2026, 11, 4, 10, 0, tzinfo=CPH), tick=False)


@pytest.fixture
def joint(eva, emil, group, period, child):
    for actor in (eva, emil):
        services.rating_record(actor=actor, group=group, period=period, child=child, colour="yellow")
    return services.joint_record(actor=eva, group=group, period=period, child=child, colour="yellow")


def pages(group, period, child, joint) -> list[str]:
    return [
        reverse("wellbeing:group", args=[group.pk]),
        reverse("wellbeing:joint", args=[group.pk, period.pk]),
        reverse("wellbeing:follow_up", args=[joint.pk]),
        reverse("wellbeing:child", args=[child.pk]),
        reverse("wellbeing:parents", args=[child.pk]),
        reverse("wellbeing:parents_pdf", args=[child.pk]),
    ]


def test_an_educator_outside_the_group_gets_none_of_its_pages(
    client_for, eva, frida, group, period, child, joint
):
    for url in pages(group, period, child, joint):
        refused = client_for(frida).get(url)
        assert refused.status_code in (403, 404), url
        assert "Lukas" not in refused.content.decode(), url
        assert client_for(eva).get(url).status_code == 200, url
    rate = reverse("wellbeing:rate", args=[group.pk, period.pk, child.pk])
    assert client_for(frida).post(rate, {"colour": "green"}).status_code in (403, 404)
    assert not Rating.objects.filter(rater=frida).exists()
    assert client_for(eva).post(rate, {"colour": "green"}).status_code == 302  # saved, back to the sheet
    assert Rating.objects.get(rater=eva, kind="individual").colour == "green"


def test_an_educator_outside_the_group_does_not_see_it_on_her_start_page(
    client_for, eva, frida, group, period
):
    assert "Mariehønen" not in client_for(frida).get(reverse("wellbeing:index")).content.decode()
    assert "Mariehønen" in client_for(eva).get(reverse("wellbeing:index")).content.decode()


def test_an_educator_outside_the_group_gets_none_of_its_api(
    token_for, eva, frida, group, period, child, joint
):
    reads = [
        f"/api/v1/wellbeing/groups/{group.pk}/periods",
        f"/api/v1/wellbeing/groups/{group.pk}/periods/{period.pk}/sheet",
        f"/api/v1/wellbeing/children/{child.pk}/ratings",
    ]
    for url in reads:
        refused = token_for(frida).get(url)
        assert refused.status_code in (403, 404), url
        assert "Lukas" not in refused.content.decode(), url
        assert token_for(eva).get(url).status_code == 200, url
    mine = token_for(frida).get("/api/v1/wellbeing/groups").json()
    assert group.pk not in [g["id"] for g in mine]
    assert group.pk in [g["id"] for g in token_for(eva).get("/api/v1/wellbeing/groups").json()]

    rating_url = f"/api/v1/wellbeing/groups/{group.pk}/periods/{period.pk}/children/{child.pk}/rating"
    body = json.dumps({"colour": "green"})
    assert token_for(frida).put(rating_url, body, content_type="application/json").status_code in (403, 404)
    assert token_for(eva).put(rating_url, body, content_type="application/json").status_code == 200
    assert not Rating.objects.filter(rater=frida).exists()


# The follow-up of a yellow or red joint rating


def follow_up_body(**overrides) -> str:
    body = {"focus_points": "Leg i små grupper", "institution_action": "Voksenstøttet leg"}
    body.update(overrides)
    return json.dumps(body)


def test_the_follow_up_api_takes_the_groups_educator_and_refuses_everyone_else(
    token_for, eva, frida, kim, sara, olga, ann, joint
):
    url = f"/api/v1/wellbeing/ratings/{joint.pk}/follow-up"

    for outsider in (frida, kim, sara, olga, ann):
        refused = token_for(outsider).put(url, follow_up_body(), content_type="application/json")
        assert refused.status_code in (403, 404), outsider
    assert not RatingFollowUp.objects.exists()

    rightful = token_for(eva).put(
        url, follow_up_body(parents_informed_on="2026-11-03"), content_type="application/json"
    )
    assert rightful.status_code == 200, rightful.content
    assert rightful.json()["focus_points"] == "Leg i små grupper"
    assert rightful.json()["parents_informed_on"] == "2026-11-03"
    assert joint.follow_up.institution_action == "Voksenstøttet leg"


def test_a_follow_up_dated_in_the_future_is_refused(token_for, eva, joint):
    with pytest.raises(ValidationError) as caught:
        services.follow_up_record(
            actor=eva,
            rating=joint,
            focus_points="Leg",
            institution_action="Støtte",
            parents_informed_on=dt.date(2026, 11, 5),  # tomorrow
            team_requested_on=dt.date(2027, 1, 1),
        )
    assert set(caught.value.message_dict) == {"parents_informed_on", "team_requested_on"}

    url = f"/api/v1/wellbeing/ratings/{joint.pk}/follow-up"
    refused = token_for(eva).put(
        url, follow_up_body(parents_informed_on="2026-11-05"), content_type="application/json"
    )
    assert refused.status_code == 422
    assert "Datoen ligger i fremtiden" in refused.json()["errors"]["parents_informed_on"][0]
    assert not RatingFollowUp.objects.exists()
    today = token_for(eva).put(
        url, follow_up_body(parents_informed_on="2026-11-04"), content_type="application/json"
    )
    assert today.status_code == 200
