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


def test_a_receipt_goes_from_the_notification_page_through_the_outbox_to_delivered(
    page: Page, rita, child, token_for, settings, tmp_path, shot, axe
):
    """Reception sends the § 138 receipt by Digital Post to the school's CVR number; it waits in the outbox, the
    worker sends it (file transport), and a recorded delivery receipt from Beskedfordeler marks it delivered."""
    import shutil
    import uuid
    from pathlib import Path

    from django.core.management import call_command

    from tidlig.intake.tests.api_helpers import register_notification

    settings.POST_TRANSPORT, settings.POST_FILE_DIR = "file", tmp_path / "outbox"
    settings.POST_FILE_RECEIPTS = False  # the receipt is the recorded one, dropped below
    notification = register_notification(token_for, rita)
    log_in(page, "rita", PASSWORD)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        if width == 390:  # the second round: a fresh notification on the phone
            notification = register_notification(token_for, rita)
        page.goto(f"/underretninger/{notification['id']}/")
        receipt = page.locator("#receipt")
        receipt.get_by_label("Sendes som").select_option("digital_post")
        receipt.get_by_label("Modtager").fill("55133018")
        receipt.get_by_role("button", name="Send kvittering").click()
        expect(page.get_by_text("Kvitteringen er lagt i udbakken")).to_be_visible()
        letters = page.get_by_test_id("notification-letters")
        expect(letters).to_contain_text("Venter på afsendelse")
        expect(page.locator("#receipt")).to_have_count(0)
        shot(f"01-receipt-queued-{width}")

        if width == 1366:
            page.get_by_role("link", name="Udbakke").first.click()  # reception's menu has it
        else:
            page.goto("/udbakke/")  # the phone's menu is folded away
        row = page.get_by_test_id("outbox-letter").filter(has_text="Testrup Skole").first
        expect(row).to_contain_text("Venter på afsendelse")
        expect(row).to_contain_text("CVR 55133018")
        axe(f"outbox-queued-{width}")
        shot(f"02-outbox-queued-{width}")

        letter = Letter.objects.get(
            source="intake_letter", source_id__isnull=False, status=Letter.Status.QUEUED
        )
        recorded_uuid = uuid.UUID("5f0c6f5e-0000-4000-8000-00000000000a")
        Letter.objects.filter(message_uuid=recorded_uuid).update(message_uuid=uuid.uuid4())  # the 1st round's
        Letter.objects.filter(pk=letter.pk).update(message_uuid=recorded_uuid)
        services.deliver_letter.call(letter.pk)  # the worker's task
        page.reload()
        expect(row).to_contain_text("Sendt")

        folder = Path(settings.POST_FILE_DIR) / "kvitteringer"
        folder.mkdir(parents=True, exist_ok=True)
        recorded = (
            Path(__file__).resolve().parents[2] / "tidlig/post/tests/recorded/beskedfordeler_afleveret.xml"
        )
        shutil.copy(recorded, folder / f"afleveret-{width}.xml")
        call_command("post", "poll")
        page.reload()
        expect(row).to_contain_text("Leveret")
        expect(row).to_contain_text("sendt")
        shot(f"03-outbox-delivered-{width}")

        page.goto(f"/underretninger/{notification['id']}/")
        expect(page.get_by_test_id("notification-letters")).to_contain_text("Leveret")
        axe(f"notification-delivered-{width}")
        shot(f"04-notification-delivered-{width}")
