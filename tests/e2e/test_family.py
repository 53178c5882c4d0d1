"""The family's own pages in a real browser (issue 14 §§ 1, 2, 6): a mother signs in with "MitID" (the suite's
OIDC provider as the broker), reads the plan, downloads the next meeting to her calendar and opens the decision
letter, on a desktop (1366 px) and a phone (390 px); a father without custody and a stranger see what they may.
axe-core on every family page; screenshots in screenshots/."""

from __future__ import annotations

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.oidc_provider.fixture import IDP_PASSWORD
from tidlig.family.tests.helpers import build_case_file

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = {"desktop": 1366, "phone": 390}


def sign_in_with_mitid(page, username: str) -> None:
    page.goto("/borger/")
    page.get_by_role("link", name="Log ind med MitID").click()
    page.get_by_label("IdP-brugernavn").fill(username)
    page.get_by_label("IdP-adgangskode").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Fortsæt").click()


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_mother_signs_in_reads_the_plan_downloads_the_meeting_and_opens_the_letter(
    width, page, citizen_sso, child, alice, mother, shot, axe, js_errors
):
    case = build_case_file(child, alice, mother)
    page.set_viewport_size({"width": width, "height": 900})

    page.goto("/borger/")
    expect(page.get_by_role("heading", name="Jeres side hos kommunen")).to_be_visible()
    axe(f"sign-in {width}")
    shot(f"01-sign-in-{width}")
    sign_in_with_mitid(page, "borger-mette")

    expect(page.get_by_role("heading", name="Mine børn")).to_be_visible()
    axe(f"my children {width}")
    shot(f"02-my-children-{width}")
    page.get_by_role("link", name="Lukas Jensen").click()

    expect(page.get_by_role("heading", name="Lukas Jensen", exact=True)).to_be_visible()
    expect(page.get_by_test_id("family-goals")).to_contain_text("Lukas kommer i skole hver dag")
    expect(page.get_by_test_id("family-course-week")).to_have_text("I er i uge 3 af 12.")
    axe(f"child page {width}")
    shot(f"03-child-{width}")
    with page.expect_download() as download:
        page.get_by_test_id("family-ics").click()
    event = Calendar.from_ical(open(download.value.path(), "rb").read()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == case["upcoming"].starts_at

    page.get_by_test_id("family-decision-letter").click()
    expect(page.get_by_text("Familien har brug for støtte i hjemmet")).to_be_visible()
    axe(f"decision letter {width}")
    shot(f"04-letter-{width}")
    page.get_by_role("link", name="← Tilbage").click()
    page.get_by_test_id("family-sign-out").click()
    expect(page.get_by_text("I er logget af.")).to_be_visible()
    assert js_errors == []


def test_the_father_without_custody_and_a_stranger_see_what_they_may_on_a_phone(
    page, citizen_sso, child, alice, mother, shot, axe
):
    from tidlig.people.models import Guardianship, Person

    build_case_file(child, alice, mother)
    jonas = Person.objects.create(
        municipality=child.municipality, cpr="1111801237", first_name="Jonas", last_name="Jensen"
    )
    Guardianship.objects.create(child=child, person=jonas, relation="father", has_custody=False)
    page.set_viewport_size({"width": 390, "height": 844})

    sign_in_with_mitid(page, "borger-jonas")
    page.get_by_role("link", name="Lukas Jensen").click()
    expect(page.get_by_test_id("family-orientation")).to_contain_text("I har ikke forældremyndigheden")
    expect(page.get_by_test_id("family-plans")).to_have_count(0)
    axe("father without custody")
    shot("01-father-without-custody")
    page.get_by_role("link", name="Se det, dagtilbud og skole har skrevet").click()
    expect(page.get_by_text("Solsikken").first).to_be_visible()
    axe("daycare's record for the father")
    page.get_by_role("link", name="← Tilbage").click()
    page.get_by_test_id("family-sign-out").click()
    page.context.clear_cookies()  # the provider would otherwise remember Jonas (its own session)

    sign_in_with_mitid(page, "borger-fremmed")
    expect(page.get_by_test_id("family-no-children")).to_be_visible()
    axe("stranger")
    shot("02-stranger")


def test_the_demo_sign_in_lists_synthetic_people_on_a_phone(page, settings, child, mother, shot, axe):
    from tidlig.family.models import DemoCitizen

    settings.CITIZEN_DEMO_LOGIN = True
    DemoCitizen.objects.create(
        cpr=mother.cpr, name="Mette Jensen", role="Lukas' mor, med forældremyndighed: ser sagen"
    )
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto("/borger/log-ind/")
    page.get_by_role("link", name="Log ind som en person i demoen").click()
    axe("demo sign-in")
    shot("01-demo")
    page.get_by_role("button", name="Log ind som Mette Jensen").click()

    expect(page.get_by_role("link", name="Lukas Jensen")).to_be_visible()
