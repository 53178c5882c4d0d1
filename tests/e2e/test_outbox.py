"""A caseworker opens the outbox: a letter sent by Digital Post with its time, one that failed with the retry
button; she sends it again (1366 px and 390 px, axe-core)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.post import services
from tidlig.post.models import Letter

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def letters(settings, tmp_path, alice, child, mother):
    settings.POST_TRANSPORT, settings.POST_FILE_DIR = "file", tmp_path / "outbox"

    def queue(subject):
        return services.letter_queue(
            actor=alice,
            recipient_cpr=mother.cpr,
            recipient_name=str(mother),
            subject=subject,
            html="<p>Synthetic letter.</p>",
            child=child,
        )

    services.letter_deliver(letter_id=queue("Kvittering for underretning").pk)
    failed = queue("Afgørelse om praktisk, pædagogisk støtte i hjemmet")
    Letter.objects.filter(pk=failed.pk).update(
        status=Letter.Status.FAILED,
        attempts=services.MAX_ATTEMPTS,
        last_error="HTTP 503: Service Unavailable",
    )
    return failed


def test_a_caseworker_sends_a_failed_letter_again(page: Page, alice, letters, shot, axe):
    log_in(page, "alice", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/")
    page.get_by_role("link", name="Udbakke").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Udbakke")
    rows = page.get_by_test_id("outbox-letter")
    expect(rows).to_have_count(2)
    expect(page.get_by_test_id("outbox")).to_contain_text("Fejlet")
    axe("outbox")
    shot("01-outbox-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("02-outbox-390")
    page.get_by_role("button", name="Send igen").click()
    expect(page.get_by_text("Brevet sendes igen.")).to_be_visible()
    expect(page.get_by_test_id("outbox")).to_contain_text("Venter på afsendelse")
    shot("03-retried-390")


def test_the_measure_page_shows_the_decision_letter_by_digital_post(
    page: Page, alice, child, token_for, shot, axe
):
    from tidlig.interventions import catalogue
    from tidlig.interventions.tests.api_helpers import conversation, draft, make

    catalogue.install()  # the shipped catalogue comes from a data migration; an earlier live-server test flushes it
    child.caseworker = alice
    child.save()
    api = token_for(alice)
    measure = make(api, draft(api, child), conversation_id=conversation(api, child)["id"])
    log_in(page, "alice", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/indsatser/{measure['id']}/")
    page.get_by_role("button", name="Send med Digital Post").click()
    expect(page.get_by_text("Afgørelsesbrevet er lagt i udbakken")).to_be_visible()
    (letter,) = Letter.objects.filter(source="decision")
    services.letter_deliver(letter_id=letter.pk)
    page.reload()
    box = page.get_by_test_id("digital-post")
    expect(box).to_contain_text("Mette Jensen")
    expect(box).to_contain_text("Sendt")
    expect(page.get_by_test_id("letter-sent").first).to_contain_text("Klagefrist")
    axe("measure-digital-post")
    page.get_by_test_id("letters-appeals").scroll_into_view_if_needed()
    shot("01-measure-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("02-measure-390")
