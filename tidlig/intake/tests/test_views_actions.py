"""The forms on the notification page: each works, each refuses in Danish (422), strangers get 404."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.utils import timezone

from tidlig.intake import services
from tidlig.intake.models import Channel, Letter, Notification
from tidlig.interventions.models import Measure, MeasureType

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def text(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def register(actor, child) -> Notification:
    data = services.NotificationData(
        child=child,
        received_at=timezone.now() - dt.timedelta(hours=1),
        notifier=services.NotifierData(
            kind="professional", name="Lærke Lærer", workplace="Testrup Skole", email="laerke@skole.invalid"
        ),
        text="Lukas kommer ofte sulten i skole.",
    )
    notification, _ = services.notification_register(actor=actor, data=data, channel=Channel.RECEPTION)
    return notification


@pytest.fixture
def n(rita, child) -> Notification:
    return register(rita, child)


def url(n: Notification, action: str = "") -> str:
    return f"/underretninger/{n.pk}/{action}"


def assigned(n, tom, alice):
    services.notification_assign(notification=n, actor=tom, caseworker=alice)
    n.refresh_from_db()
    return n


def assessed(n, rita):
    services.notification_assess_acute(notification=n, actor=rita, danger=False, note="Ikke akut.")
    n.refresh_from_db()
    return n


# Acute assessment


def test_reception_records_the_acute_assessment(client_for, rita, n):
    client = client_for(rita)

    response = client.post(url(n, "akut/"), {"danger": "no", "note": "Barnet er i institution i dag."})

    assert response.status_code == 302
    assert response["Location"] == url(n)
    n.refresh_from_db()
    assert n.acute_assessed_at is not None and n.acute_danger is False
    page = text(client.get(url(n)))
    assert "Den akutte vurdering er registreret." in page
    assert "Ikke akut" in page


def test_an_incomplete_acute_assessment_is_explained(client_for, rita, n):
    response = client_for(rita).post(url(n, "akut/"), {})

    assert response.status_code == 422
    page = text(response)
    assert "Vælg om barnet er i akut fare." in page
    assert "Begrund vurderingen kort." in page
    n.refresh_from_db()
    assert n.acute_assessed_at is None


@pytest.mark.parametrize("persona", ["eva", "bob", "ann"])
def test_strangers_cannot_assess(client_for, request, rita, n, persona):
    response = client_for(request.getfixturevalue(persona)).post(
        url(n, "akut/"), {"danger": "no", "note": "x"}
    )

    assert response.status_code == 404
    n.refresh_from_db()
    assert n.acute_assessed_at is None
    assert client_for(rita).post(url(n, "akut/"), {"danger": "no", "note": "x"}).status_code == 302
    n.refresh_from_db()
    assert n.acute_assessed_at is not None


def test_the_actions_only_accept_post(client_for, rita, n):
    assert client_for(rita).get(url(n, "akut/")).status_code == 405


# Receipt


def test_the_page_offers_tidligs_receipt_draft(client_for, rita, n):
    response = client_for(rita).get(url(n))

    body = re.search(
        r'<textarea[^>]*name="receipt-body"[^>]*>(.*?)</textarea>', response.content.decode(), flags=re.S
    ).group(1)
    assert "Kære Lærke Lærer" in html.unescape(body)
    assert "§ 138, stk. 1" in html.unescape(body)


def test_reception_sends_the_receipt(client_for, rita, n):
    client = client_for(rita)

    response = client.post(
        url(n, "kvittering/"),
        {
            "receipt-medium": "email",
            "receipt-recipient": "laerke@skole.invalid",
            "receipt-subject": "Kvittering",
            "receipt-body": "Vi har modtaget din underretning (§ 138, stk. 1).",
        },
    )

    assert response.status_code == 302
    letter = Letter.objects.get(notification=n)
    assert letter.kind == "receipt"
    page = client.get(url(n))
    assert "Kvitteringen er registreret som sendt." in text(page)
    assert 'data-code="receipt"' in page.content.decode()
    shown = client.get(url(n, f"brev/{letter.pk}/"))
    assert shown.status_code == 200
    assert "Vi har modtaget din underretning" in text(shown)


def test_a_receipt_without_recipient_is_refused(client_for, rita, n):
    response = client_for(rita).post(
        url(n, "kvittering/"),
        {
            "receipt-medium": "email",
            "receipt-recipient": "",
            "receipt-subject": "Kvittering",
            "receipt-body": "Tekst",
        },
    )

    assert response.status_code == 422
    assert "Modtager: Dette felt er påkrævet." in text(response)
    assert not Letter.objects.exists()


def test_another_team_cannot_read_the_letters(client_for, rita, bob, n):
    letter = services.notification_send_receipt(
        notification=n,
        actor=rita,
        medium="print",
        recipient="Lærke Lærer",
        subject="Kvittering",
        body="Tekst",
    )

    assert client_for(bob).get(url(n, f"brev/{letter.pk}/")).status_code == 404
    assert client_for(rita).get(url(n, f"brev/{letter.pk}/")).status_code == 200


# Route and assign


def test_reception_sends_the_notification_to_a_team(client_for, rita, org, n):
    response = client_for(rita).post(url(n, "send-til-team/"), {"team": org["team_syd"].pk})

    assert response.status_code == 302
    n.refresh_from_db()
    assert n.team == org["team_syd"]


def test_sending_without_a_team_is_refused(client_for, rita, org, n):
    response = client_for(rita).post(url(n, "send-til-team/"), {"team": ""})

    assert response.status_code == 422
    assert "Send til team: Dette felt er påkrævet." in text(response)
    n.refresh_from_db()
    assert n.team == org["team_nord"]


def test_the_team_leader_assigns_from_the_notification(client_for, tom, alice, n):
    response = client_for(tom).post(url(n, "fordel/"), {"caseworker": alice.pk})

    assert response.status_code == 302
    n.refresh_from_db()
    assert n.assignee == alice


def test_only_the_team_leader_assigns(client_for, rita, alice, bob, tom, n):
    assert client_for(rita).post(url(n, "fordel/"), {"caseworker": alice.pk}).status_code == 403
    assert client_for(bob).post(url(n, "fordel/"), {"caseworker": bob.pk}).status_code == 404
    refused = client_for(tom).post(url(n, "fordel/"), {"caseworker": bob.pk})  # bob is not in team Nord
    assert refused.status_code == 422
    assert "Rådgiver:" in text(refused)
    n.refresh_from_db()
    assert n.assignee is None
    assert client_for(tom).post(url(n, "fordel/"), {"caseworker": alice.pk}).status_code == 302
    n.refresh_from_db()
    assert n.assignee == alice


# Screening


def test_screening_before_the_acute_assessment_is_explained(client_for, tom, alice, n):
    assigned(n, tom, alice)

    response = client_for(alice).post(url(n, "screening/"), {"decision": "afdaekning", "note": "Afdækning."})

    assert response.status_code == 422
    assert "Den akutte vurdering (§ 136, stk. 2) skal foretages før screeningen." in text(response)
    n.refresh_from_db()
    assert n.screened_at is None


def test_the_caseworker_screens(client_for, rita, tom, alice, n):
    assessed(assigned(n, tom, alice), rita)
    client = client_for(alice)

    missing = client.post(url(n, "screening/"), {"note": "x"})
    response = client.post(url(n, "screening/"), {"decision": "afdaekning", "note": "Afdækning."})

    assert missing.status_code == 422
    assert "Vælg et af de tre spor i § 18." in text(missing)
    assert response.status_code == 302
    n.refresh_from_db()
    assert n.screening_decision == "afdaekning"
    assert "Afdækning (§ 19)" in text(client.get(url(n)))


def test_reception_cannot_screen(client_for, rita, tom, alice, n):
    assessed(n, rita)

    assert client_for(rita).post(url(n, "screening/"), {"decision": "none", "note": "x"}).status_code == 403
    assigned(n, tom, alice)
    assert client_for(alice).post(url(n, "screening/"), {"decision": "none", "note": "x"}).status_code == 302


# Feedback


@pytest.fixture
def screened(n, rita, tom, alice):
    assessed(assigned(n, tom, alice), rita)
    services.notification_screen(notification=n, actor=alice, decision="undersoegelse", note="Undersøgelse.")
    return n


def test_the_caseworker_sends_feedback(client_for, alice, screened):
    client = client_for(alice)
    page = client.get(url(screened))
    body = re.search(
        r'<textarea[^>]*name="feedback-body"[^>]*>(.*?)</textarea>', page.content.decode(), flags=re.S
    ).group(1)

    response = client.post(
        url(screened, "tilbagemelding/"),
        {
            "feedback-medium": "email",
            "feedback-recipient": "laerke@skole.invalid",
            "feedback-subject": "Orientering",
            "feedback-body": html.unescape(body),
        },
    )

    assert "børnefaglig undersøgelse" in html.unescape(body)
    assert response.status_code == 302
    screened.refresh_from_db()
    assert screened.feedback_sent_at is not None


def test_feedback_without_text_is_refused(client_for, alice, screened):
    response = client_for(alice).post(
        url(screened, "tilbagemelding/"),
        {
            "feedback-medium": "email",
            "feedback-recipient": "laerke@skole.invalid",
            "feedback-subject": "Orientering",
            "feedback-body": "",
        },
    )

    assert response.status_code == 422
    assert "Tekst: Dette felt er påkrævet." in text(response)
    screened.refresh_from_db()
    assert screened.feedback_sent_at is None


def test_an_empty_waiver_is_refused(client_for, alice, screened):
    response = client_for(alice).post(url(screened, "tilbagemelding/undlad/"), {"reason": ""})

    assert response.status_code == 422
    assert "Skriv hvilke særlige forhold der gør sig gældende." in text(response)


def test_the_caseworker_waives_feedback(client_for, alice, screened):
    response = client_for(alice).post(
        url(screened, "tilbagemelding/undlad/"), {"reason": "Verserende straffesag."}
    )

    assert response.status_code == 302
    assert screened.child.events.filter(kind="intake.notification.feedback_waived").exists()


def test_another_team_cannot_send_feedback(client_for, bob, alice, screened):
    response = client_for(bob).post(url(screened, "tilbagemelding/undlad/"), {"reason": "x"})

    assert response.status_code == 404
    assert client_for(alice).post(url(screened, "tilbagemelding/undlad/"), {"reason": "x"}).status_code == 302


# Reassessment


def test_reassessment_needs_someone_new_to_the_case(client_for, rita, tom, alice, child, municipality):
    kind = MeasureType.objects.create(
        municipality=municipality,
        code="fb",
        title="Familiebehandling",
        paragraph="BL § 32",
        kind=MeasureType.Kind.SUPPORTIVE,
        level=3,
    )
    Measure.objects.create(
        municipality=municipality,
        child=child,
        type=kind,
        decided_on=dt.date(2024, 1, 1),
        started_on=dt.date(2024, 1, 2),
    )
    n = assigned(register(rita, child), tom, alice)
    client = client_for(alice)

    alone = client.post(url(n, "genvurdering/"), {"participants": [alice.pk], "conclusion": "Fortsætter."})
    together = client.post(
        url(n, "genvurdering/"), {"participants": [alice.pk, tom.pk], "conclusion": "Fortsætter."}
    )

    assert alone.status_code == 422
    assert "Mindst én deltager må ikke tidligere have deltaget" in text(alone)
    assert together.status_code == 302
    n.refresh_from_db()
    assert n.reassessed_at is not None
