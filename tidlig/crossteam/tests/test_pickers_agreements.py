"""The leader's and the team's pages, as issue 10 found them: a child picker that tells children of the
same name apart, consent only from the chosen child's custody holders, agreements that say when overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tidlig.crossteam.models import MeetingItem
from tidlig.people.models import Child, Guardianship, Person
from tidlig.wellbeing.models import GroupMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def namesake(municipality, org, group):
    """A second "Lukas Jensen" at Solsikken, in the same stue, with a father of his own."""
    c = Child.objects.create(
        municipality=municipality,
        cpr="0101214231",
        first_name="Lukas",
        last_name="Jensen",
        birth_date=dt.date(2021, 1, 1),
        sex="M",
        institution=org["solsikken"],
        district=org["nord"],
    )
    GroupMember.objects.create(group=group, child=c, joined_on=dt.date(2024, 8, 1))
    father = Person.objects.create(
        municipality=municipality, cpr="0505801237", first_name="Karl", last_name="Bach"
    )
    Guardianship.objects.create(child=c, person=father, relation="father", has_custody=True)
    return c


def _options(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    return html[start : html.index("</select>", start)]


def test_the_leaders_child_picker_tells_namesakes_apart_by_birth_date_and_group(
    client_for, lea, meeting, child, namesake
):
    html = client_for(lea).get(reverse("crossteam:item_new", args=[meeting.pk])).content.decode()
    children = _options(html, "child")
    assert "Lukas Jensen (f. 15.04.2018, Mariehønen)" in children
    assert "Lukas Jensen (f. 01.01.2021, Mariehønen)" in children
    assert "data-search=" in children and "pickers.js" in html


def test_consent_is_offered_only_from_the_chosen_childs_custody_holders(
    client_for, lea, meeting, child, namesake, mother
):
    url = reverse("crossteam:item_new", args=[meeting.pk])
    # Before a child is chosen every custody holder is there, each tagged with her children for pickers.js.
    consent = _options(client_for(lea).get(url).content.decode(), "consent_by")
    assert "Mette Jensen" in consent and "Karl Bach" in consent
    assert f'data-children="{namesake.pk}"' in consent
    # Once the child is chosen (here: a round with an error), only that child's own custody holders.
    r = client_for(lea).post(url, {"kind": "named", "child": namesake.pk, "question": ""})
    consent = _options(r.content.decode(), "consent_by")
    assert "Karl Bach" in consent and "Mette Jensen" not in consent


def test_a_proposal_from_a_concern_offers_that_childs_custody_holders_only(
    client_for, eva, group, child, namesake
):
    from tidlig.concerns.models import Concern

    concern = Concern.objects.create(
        municipality=child.municipality,
        child=child,
        institution=group.institution,
        raised_by=eva,
        observation="Trist",
        observed_on=timezone.localdate(),
    )
    html = client_for(eva).get(reverse("crossteam:propose") + f"?concern={concern.pk}").content.decode()
    consent = _options(html, "consent_by")
    assert "Mette Jensen" in consent and "Karl Bach" not in consent


def test_open_agreements_are_grouped_by_institution_with_the_overdue_flagged_first(
    client_for, pia, lea, named_item, anonymous_item
):
    today = timezone.localdate()
    MeetingItem.objects.filter(pk=named_item.pk).update(follow_up_on=today - dt.timedelta(days=12))
    MeetingItem.objects.filter(pk=anonymous_item.pk).update(follow_up_on=today + dt.timedelta(days=3))
    for user in (pia, lea):
        html = client_for(user).get(reverse("crossteam:index")).content.decode()
        section = html[html.index('data-testid="agreements"') :]
        assert "Solsikken" in section and "1 overskredet" in section
        assert "overskredet 12 dage" in section
        assert section.index("Lukas Jensen") < section.index("dreng, 5 år")  # by due date
        assert section.count('data-testid="overdue"') == 1


def test_the_social_workers_early_advice_comes_before_the_meetings_and_agreements(client_for, sara, meeting):
    html = client_for(sara).get(reverse("crossteam:index")).content.decode()
    assert html.index('data-testid="courses"') < html.index('data-testid="upcoming"')
    assert html.index('data-testid="courses"') < html.index('data-testid="agreements"')


def test_the_item_page_flags_an_overdue_follow_up_until_a_later_item_follows_it_up(
    client_for, lea, named_item
):
    MeetingItem.objects.filter(pk=named_item.pk).update(
        follow_up_on=timezone.localdate() - dt.timedelta(days=1)
    )
    html = client_for(lea).get(reverse("crossteam:item", args=[named_item.pk])).content.decode()
    assert "overskredet 1 dag" in html
    MeetingItem.objects.filter(pk=named_item.pk).update(follow_up_on=timezone.localdate())
    html = client_for(lea).get(reverse("crossteam:item", args=[named_item.pk])).content.decode()
    assert 'data-testid="overdue"' not in html
