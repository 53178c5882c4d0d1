"""Rating a group: own ratings, confirming unchanged children, the joint rating, follow-ups, refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tidlig.audit.models import AuditEntry
from tidlig.wellbeing import services
from tidlig.wellbeing.models import Rating, RatingPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_period(org):
    today = timezone.localdate()
    return RatingPeriod.objects.create(
        institution=org["solsikken"],
        title="Forår",
        opens_on=today - dt.timedelta(days=200),
        closes_on=today - dt.timedelta(days=170),
    )


def _joint(period, group, child, colour, rater):
    return Rating.objects.create(
        municipality=child.municipality,
        institution=group.institution,
        district=group.institution.district,
        period=period,
        group=group,
        child=child,
        kind=Rating.Kind.JOINT,
        rater=rater,
        colour=colour,
        rated_at=timezone.make_aware(dt.datetime.combine(period.closes_on, dt.time(12))),
    )


def test_group_page_shows_last_periods_colour_as_suggestion(
    client_for, eva, group, period, last_period, child, sibling
):
    _joint(last_period, group, child, "yellow", eva)
    r = client_for(eva).get(reverse("wellbeing:group", args=[group.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    assert child.display_name in html and sibling.display_name in html
    assert f'id="c-{child.pk}-yellow" checked' in html.replace("\n", "") or (
        f'value="yellow" id="c-{child.pk}-yellow" checked' in html
    )
    assert "Bekræft resten som uændrede" in html
    assert AuditEntry.objects.filter(actor=eva, action="people.child.viewed", object_id=child.pk).exists()


def test_htmx_save_answers_with_the_rows_status(client_for, eva, group, period, child):
    url = reverse("wellbeing:rate", args=[group.pk, period.pk, child.pk])
    r = client_for(eva).post(url, {"colour": "red"}, headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert "Gemt 18.11.2026 kl. 10:00" in r.content.decode()
    assert Rating.objects.get(child=child, rater=eva, kind="individual").colour == "red"
    # Changing it again updates the same rating, it does not add one.
    client_for(eva).post(url, {"colour": "green"}, headers={"HX-Request": "true"})
    assert Rating.objects.filter(child=child, rater=eva).count() == 1


def test_bad_colour_is_answered_in_danish(client_for, eva, group, period, child):
    url = reverse("wellbeing:rate", args=[group.pk, period.pk, child.pk])
    r = client_for(eva).post(url, {"colour": "blue"}, headers={"HX-Request": "true"})
    assert r.status_code == 422
    assert "Vælg grøn, gul eller rød" in r.content.decode()


@pytest.mark.parametrize("persona", ["kim", "frida", "lea", "alice", "olga", "mads", "sara"])
def test_others_cannot_rate(request, client_for, persona, eva, group, period, child):
    user = request.getfixturevalue(persona)
    url = reverse("wellbeing:rate", args=[group.pk, period.pk, child.pk])
    r = client_for(user).post(url, {"colour": "red"}, headers={"HX-Request": "true"})
    assert r.status_code in (403, 404)
    assert not Rating.objects.filter(child=child).exists()
    assert client_for(eva).post(url, {"colour": "red"}, headers={"HX-Request": "true"}).status_code == 200
    assert Rating.objects.filter(child=child, rater=eva).exists()


@pytest.mark.parametrize("persona", ["kim", "frida", "alice", "olga", "sara", "rita"])
def test_others_do_not_see_the_group(request, client_for, persona, eva, group, period, child):
    user = request.getfixturevalue(persona)
    r = client_for(user).get(reverse("wellbeing:group", args=[group.pk]))
    assert r.status_code in (403, 404)
    assert child.display_name not in r.content.decode()
    assert client_for(eva).get(reverse("wellbeing:group", args=[group.pk])).status_code == 200


def test_leader_sees_group_but_does_not_rate_alone(client_for, lea, group, period, child):
    r = client_for(lea).get(reverse("wellbeing:group", args=[group.pk]))
    assert r.status_code == 200 and child.display_name in r.content.decode()


def test_confirm_unchanged_in_one_action(client_for, eva, emil, group, period, last_period, child, sibling):
    _joint(last_period, group, child, "green", emil)
    _joint(last_period, group, sibling, "yellow", emil)
    r = client_for(eva).post(reverse("wellbeing:confirm_unchanged", args=[group.pk, period.pk]))
    assert r.status_code == 302
    mine = dict(Rating.objects.filter(rater=eva, period=period).values_list("child_id", "colour"))
    assert mine == {child.pk: "green", sibling.pk: "yellow"}


def test_ratings_from_another_institution_do_not_follow_the_child(eva, emil, group, period, child, org, kim):
    other = RatingPeriod.objects.create(
        institution=org["syd_skole"],
        title="Forår",
        opens_on=period.opens_on - dt.timedelta(days=200),
        closes_on=period.opens_on - dt.timedelta(days=170),
    )
    Rating.objects.create(
        municipality=child.municipality,
        institution=org["syd_skole"],
        period=other,
        child=child,
        kind="joint",
        rater=kim,
        colour="red",
        rated_at=timezone.now() - dt.timedelta(days=180),
    )
    assert services.ratings_confirm_unchanged(actor=eva, group=group, period=period) == 0


def test_colleagues_ratings_are_hidden_until_i_have_rated(client_for, eva, emil, group, period, child):
    services.rating_record(actor=emil, group=group, period=period, child=child, colour="red")
    from tidlig.wellbeing.selectors import group_sheet

    row = next(r for r in group_sheet(eva, group, period, what="t") if r.child == child)
    assert row.others == []
    services.rating_record(actor=eva, group=group, period=period, child=child, colour="green")
    row = next(r for r in group_sheet(eva, group, period, what="t") if r.child == child)
    assert [r.colour for r in row.others] == ["red"] and row.disagreement


def test_joint_needs_two_independent_ratings(eva, emil, group, period, child):
    services.rating_record(actor=eva, group=group, period=period, child=child, colour="yellow")
    with pytest.raises(ValidationError, match="Mindst to fagpersoner"):
        services.joint_record(actor=eva, group=group, period=period, child=child, colour="yellow")
    services.rating_record(actor=emil, group=group, period=period, child=child, colour="yellow")
    joint = services.joint_record(actor=eva, group=group, period=period, child=child, colour="yellow")
    assert joint.kind == "joint" and joint.age_months is not None and joint.sex == "M"


def test_joint_page_marks_disagreement_and_saves_agreed_in_one_action(
    client_for, eva, emil, group, period, child, sibling
):
    for actor, c, colour in (
        (eva, child, "green"),
        (emil, child, "yellow"),
        (eva, sibling, "green"),
        (emil, sibling, "green"),
    ):
        services.rating_record(actor=actor, group=group, period=period, child=c, colour=colour)
    html = client_for(eva).get(reverse("wellbeing:joint", args=[group.pk, period.pk])).content.decode()
    assert "Uenighed – drøft barnet" in html
    client_for(eva).post(reverse("wellbeing:joint_agreed", args=[group.pk, period.pk]))
    joint = dict(Rating.objects.filter(kind="joint", period=period).values_list("child_id", "colour"))
    assert joint == {sibling.pk: "green"}  # the disagreement waits for the dialogue


def test_closed_period_refuses_saving(eva, group, last_period, child):
    with pytest.raises(ValidationError, match="lukket"):
        services.rating_record(actor=eva, group=group, period=last_period, child=child, colour="green")


def test_yellow_follow_up_requires_focus_points_and_action(client_for, eva, emil, group, period, child):
    for actor in (eva, emil):
        services.rating_record(actor=actor, group=group, period=period, child=child, colour="yellow")
    joint = services.joint_record(actor=eva, group=group, period=period, child=child, colour="yellow")
    url = reverse("wellbeing:follow_up", args=[joint.pk])
    informed = timezone.localdate() - dt.timedelta(days=1)  # a date in the future is refused
    r = client_for(eva).post(url, {"focus_points": "Leg med andre", "institution_action": ""})
    assert r.status_code == 422
    html = r.content.decode()
    assert "Skriv hvad I gør i institutionen." in html and "Leg med andre" in html  # what was typed is kept
    r = client_for(eva).post(
        url,
        {
            "focus_points": "Leg med andre",
            "institution_action": "Voksenstøttet leg",
            "parents_informed_on": informed.strftime("%d.%m.%Y"),
        },
    )
    assert r.status_code == 302
    assert joint.follow_up.parents_informed_on == informed
    assert client_for(EXCLUDED := emil).get(url).status_code == 200 and EXCLUDED


def test_red_joint_opens_the_handleguide(eva, emil, group, period, child):
    for actor in (eva, emil):
        services.rating_record(actor=actor, group=group, period=period, child=child, colour="red")
    joint = services.joint_record(actor=eva, group=group, period=period, child=child, colour="red")
    concern = joint.concerns.get()
    assert concern.child == child and concern.status == "open"
    with pytest.raises(ValidationError, match="forældrene"):
        services.follow_up_record(
            actor=eva, rating=joint, focus_points="x", institution_action="y", parents_informed_on=None
        )


def test_kim_cannot_open_follow_up(client_for, kim, eva, emil, group, period, child):
    for actor in (eva, emil):
        services.rating_record(actor=actor, group=group, period=period, child=child, colour="yellow")
    joint = services.joint_record(actor=eva, group=group, period=period, child=child, colour="yellow")
    assert client_for(kim).get(reverse("wellbeing:follow_up", args=[joint.pk])).status_code == 404
    assert client_for(eva).get(reverse("wellbeing:follow_up", args=[joint.pk])).status_code == 200


def test_health_visitor_rates_at_8_to_10_months_with_parents(client_for, hanne, eva, municipality, org):
    from tidlig.people.models import Child

    today = timezone.localdate()
    baby = Child.objects.create(
        municipality=municipality,
        first_name="Alma",
        last_name="Test",
        birth_date=today - dt.timedelta(days=275),
        district=org["nord"],
        sex="F",
    )
    url = reverse("wellbeing:health_visitor_rate", args=[baby.pk])
    r = client_for(hanne).post(
        url, {"colour": "green", "rated_on": today.strftime("%d.%m.%Y"), "parents_present": ""}
    )
    assert r.status_code == 422 and "Skriv hvem der var med" in r.content.decode()
    r = client_for(hanne).post(
        url, {"colour": "green", "rated_on": today.strftime("%d.%m.%Y"), "parents_present": "Mor"}
    )
    assert r.status_code == 302
    assert Rating.objects.get(child=baby).kind == "health_visitor"
    assert client_for(eva).get(url).status_code == 404
    too_young = Child.objects.create(
        municipality=municipality,
        first_name="Bo",
        last_name="Test",
        birth_date=today - dt.timedelta(days=100),
        district=org["nord"],
    )
    with pytest.raises(ValidationError, match="8–10 måneder"):
        services.health_visitor_rate(
            actor=hanne, child=too_young, colour="green", parents_present="Far", rated_on=today
        )
    with pytest.raises(PermissionDenied):
        services.health_visitor_rate(
            actor=eva, child=baby, colour="green", parents_present="Far", rated_on=today
        )


def test_joint_page_withholds_colleagues_colours_until_i_have_rated(
    client_for, eva, emil, group, period, child
):
    services.rating_record(actor=emil, group=group, period=period, child=child, colour="red")
    url = reverse("wellbeing:joint", args=[group.pk, period.pk])
    html = client_for(eva).get(url).content.decode()
    assert "Farverne vises, når du selv har vurderet barnet." in html
    assert "colour-red" not in html
    services.rating_record(actor=eva, group=group, period=period, child=child, colour="green")
    html = client_for(eva).get(url).content.decode()
    assert "colour-red" in html and "Uenighed – drøft barnet" in html


def test_transitions_link_only_where_children_arrive_from_daycare(client_for, eva, kim, group):
    assert (
        "Overleveringer fra dagtilbud" not in client_for(eva).get(reverse("wellbeing:index")).content.decode()
    )
    assert "Overleveringer fra dagtilbud" in client_for(kim).get(reverse("wellbeing:index")).content.decode()


def test_health_visitor_list_shows_the_infants_due(client_for, hanne, municipality, org):
    from tidlig.people.models import Child

    today = timezone.localdate()
    due = Child.objects.create(
        municipality=municipality,
        first_name="Alma",
        last_name="Klar",
        birth_date=today - dt.timedelta(days=260),
        district=org["nord"],
    )
    Child.objects.create(
        municipality=municipality,
        first_name="Bo",
        last_name="Lille",
        birth_date=today - dt.timedelta(days=60),
        district=org["nord"],
    )
    for i in range(210):  # older toddlers the health visitor also follows must not crowd the list out
        Child.objects.create(
            municipality=municipality,
            first_name=f"Tumling{i}",
            last_name="Test",
            birth_date=today - dt.timedelta(days=500 + i),
            district=org["nord"],
        )
    html = client_for(hanne).get(reverse("wellbeing:index")).content.decode()
    assert "Alma Klar" in html and "Bo Lille" not in html and "Tumling1 " not in html
    assert reverse("wellbeing:health_visitor_rate", args=[due.pk]) in html


def test_follow_up_records_which_indicators_worry_us(
    client_for, eva, emil, group, period, child, municipality
):
    from tidlig.wellbeing.models import Indicator

    social = Indicator.objects.create(municipality=municipality, title="Sociale kompetencer", order=1)
    Indicator.objects.create(municipality=municipality, title="Selvværd", order=2)
    for actor in (eva, emil):
        services.rating_record(actor=actor, group=group, period=period, child=child, colour="red")
    joint = services.joint_record(actor=eva, group=group, period=period, child=child, colour="red")
    url = reverse("wellbeing:follow_up", args=[joint.pk])
    page = client_for(eva).get(url).content.decode()
    assert "Sociale kompetencer" in page and "Foreslå et punkt til det tværfaglige team" in page
    r = client_for(eva).post(
        url,
        {
            f"indicator_{social.pk}": "red",
            "focus_points": "Leg",
            "institution_action": "Voksenstøttet leg",
            "parents_informed_on": timezone.localdate().strftime("%d.%m.%Y"),
        },
    )
    assert r.status_code == 302
    joint.refresh_from_db()
    assert joint.indicators == {str(social.pk): "red"}


def test_joint_page_shows_when_parents_are_not_yet_told(client_for, eva, emil, group, period, child):
    for actor in (eva, emil):
        services.rating_record(actor=actor, group=group, period=period, child=child, colour="yellow")
    joint = services.joint_record(actor=eva, group=group, period=period, child=child, colour="yellow")
    services.follow_up_record(
        actor=eva, rating=joint, focus_points="Leg", institution_action="Voksen med", parents_informed_on=None
    )
    url = reverse("wellbeing:joint", args=[group.pk, period.pk])
    assert "Forældrene er ikke orienteret endnu" in client_for(eva).get(url).content.decode()
    services.follow_up_record(
        actor=eva,
        rating=joint,
        focus_points="Leg",
        institution_action="Voksen med",
        parents_informed_on=timezone.localdate(),
    )
    assert "Forældrene er ikke orienteret endnu" not in client_for(eva).get(url).content.decode()


def test_a_closed_period_says_on_which_day_each_rating_was_saved(client_for, eva, group, last_period, child):
    """Issue 10: a closed period showed "Gemt kl. 13:09" without the day, months after it was saved."""
    saved = timezone.make_aware(
        dt.datetime.combine(last_period.closes_on - dt.timedelta(days=3), dt.time(13, 9))
    )
    Rating.objects.create(
        municipality=child.municipality,
        institution=group.institution,
        district=group.institution.district,
        period=last_period,
        group=group,
        child=child,
        kind=Rating.Kind.INDIVIDUAL,
        rater=eva,
        colour="yellow",
        rated_at=saved,
    )
    html = client_for(eva).get(reverse("wellbeing:group", args=[group.pk]), {"periode": last_period.pk})
    text = html.content.decode()
    assert "Perioden er lukket" in text
    assert f"Gemt {saved:%d.%m.%Y} kl. 13:09" in text
