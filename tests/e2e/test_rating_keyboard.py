"""An educator rates a group of 25 children by keyboard alone: 3 changed, the rest confirmed unchanged.

Issue 4's goal: at most 35 actions (key presses and clicks) for the whole group, each change saved at
once without leaving the page. The test counts every key press it makes after the page has loaded.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.people.models import Child
from tidlig.wellbeing.models import Group, GroupMember, Rating, RatingPeriod

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Row index (0-based, as the sheet lists the children) → (last period's colour, new colour, arrow presses).
CHANGES = {3: ("green", "yellow", 1), 11: ("yellow", "red", 1), 19: ("green", "red", 2)}


@pytest.fixture
def big_group(municipality, org, eva, emil):
    today = timezone.localdate()
    last = RatingPeriod.objects.create(
        institution=org["solsikken"],
        title="Forår",
        opens_on=today - dt.timedelta(days=220),
        closes_on=today - dt.timedelta(days=190),
    )
    now_period = RatingPeriod.objects.create(
        institution=org["solsikken"],
        title="Efterår",
        opens_on=today - dt.timedelta(days=10),
        closes_on=today + dt.timedelta(days=20),
    )
    group = Group.objects.create(institution=org["solsikken"], name="Solstrålerne")
    group.educators.add(eva, emil)
    children = []
    for i in range(25):
        c = Child.objects.create(
            municipality=municipality,
            first_name=f"Barn{i:02d}",
            last_name="Testesen",
            birth_date=dt.date(2021, 1, 1) + dt.timedelta(days=i),
            district=org["nord"],
            institution=org["solsikken"],
            sex="F" if i % 2 else "M",
        )
        GroupMember.objects.create(group=group, child=c, joined_on=dt.date(2024, 8, 1))
        colour = CHANGES[i][0] if i in CHANGES else ("yellow" if i == 7 else "green")
        Rating.objects.create(
            municipality=municipality,
            institution=org["solsikken"],
            district=org["nord"],
            period=last,
            group=group,
            child=c,
            kind="joint",
            rater=emil,
            colour=colour,
            rated_at=timezone.make_aware(dt.datetime.combine(last.closes_on, dt.time(12))),
        )
        children.append(c)
    return group, now_period, children


def test_rating_a_group_of_25_by_keyboard_in_at_most_35_actions(
    page: Page, live_server, big_group, shot, axe, js_errors
):
    group, period, children = big_group
    log_in(page, "eva", PASSWORD)
    expect(page).to_have_url(re.compile(r"/trivsel/$"))
    page.get_by_role("link", name="Solstrålerne").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Solstrålerne")
    expect(page.get_by_test_id("row")).to_have_count(25)
    axe("group rating sheet")
    shot("01-sheet")

    actions = 0

    def press(key: str) -> None:
        nonlocal actions
        page.keyboard.press(key)
        actions += 1

    # The page opens with the first child's colour in focus.
    expect(page.locator(f"#c-{children[0].pk}-green")).to_be_focused()
    for i, child in enumerate(children):
        if i in CHANGES:
            _, new, presses = CHANGES[i]
            for _ in range(presses):
                press("ArrowRight")
            expect(page.locator(f"#c-{child.pk}-{new}")).to_be_checked()
            expect(page.locator(f"#status-{child.pk}")).to_contain_text("Gemt")
        press("Tab")
    expect(page.get_by_test_id("progress")).to_have_text("Du har vurderet 3 af 25 børn.")  # updated as you go
    expect(page.get_by_test_id("confirm-all")).to_be_focused()
    expect(page.get_by_test_id("confirm-all")).to_contain_text("Bekræft resten som uændrede")
    shot("02-three-changed")
    press("Enter")

    expect(page.get_by_role("status").first).to_contain_text("22 børn er vurderet som uændrede")
    expect(page.get_by_test_id("progress")).to_contain_text("Du har vurderet 25 af 25 børn.")
    shot("03-all-rated")
    print(f"actions for 25 children, 3 changed: {actions}")
    assert actions <= 35

    mine = dict(Rating.objects.filter(period=period, rater__username="eva").values_list("child_id", "colour"))
    expected = {
        c.pk: (CHANGES[i][1] if i in CHANGES else ("yellow" if i == 7 else "green"))
        for i, c in enumerate(children)
    }
    assert mine == expected
    assert js_errors == []


def test_enter_confirms_one_unchanged_child(page: Page, live_server, big_group):
    group, period, children = big_group
    log_in(page, "eva", PASSWORD)
    page.goto(f"/trivsel/gruppe/{group.pk}/")
    page.keyboard.press("Enter")
    expect(page.locator(f"#status-{children[0].pk}")).to_contain_text("Gemt")
    assert Rating.objects.get(period=period, rater__username="eva").child == children[0]


def test_joint_rating_and_yellow_follow_up(
    page: Page, live_server, eva, emil, group, period, child, sibling, shot, axe
):
    from tidlig.wellbeing import services

    for actor, c, colour in (
        (eva, child, "yellow"),
        (emil, child, "green"),
        (eva, sibling, "green"),
        (emil, sibling, "green"),
    ):
        services.rating_record(actor=actor, group=group, period=period, child=c, colour=colour)
    log_in(page, "eva", PASSWORD)
    page.goto(f"/trivsel/gruppe/{group.pk}/periode/{period.pk}/faelles/")
    expect(page.locator(f"#child-{child.pk}")).to_contain_text("Uenighed – drøft barnet")
    axe("joint rating")
    shot("01-joint")
    page.get_by_test_id("joint-agreed").click()  # Ida: both said green
    expect(page.get_by_role("status").first).to_contain_text("1 fælles vurdering er gemt")
    page.get_by_label("Fælles vurdering af Lukas Jensen").select_option("yellow")
    page.locator(f"#child-{child.pk}").get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opfølgning for Lukas Jensen")
    page.get_by_role("button", name="Gem opfølgning").click()
    expect(page.get_by_text("Skriv hvad I gør i institutionen.").first).to_be_visible()
    axe("follow-up with errors")
    page.get_by_label("Fokuspunkter").fill("Lukas trækker sig i samlinger")
    page.get_by_label("Det gør vi i institutionen").fill("En voksen sidder ved ham i samling")
    page.get_by_label("Forældrene er orienteret/inddraget den").fill(
        timezone.localdate().strftime("%d.%m.%Y")
    )
    page.get_by_role("button", name="Gem opfølgning").click()
    expect(page.get_by_role("status").first).to_contain_text("Opfølgningen er gemt.")
    expect(page.locator(f"#child-{child.pk}")).to_contain_text("Opfølgning skrevet")
    shot("02-after-follow-up")
    assert Rating.objects.get(child=child, kind="joint").follow_up.focus_points.startswith("Lukas")
