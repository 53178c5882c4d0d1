"""Reception's day (issue 10): who notified and why on the worklist, the reminder of the beredskab
against abuse on the acute assessment, and an error summary that reads well for question labels."""

from __future__ import annotations

import re

from django.utils import timezone

from tidlig.intake import services
from tidlig.intake.models import Channel

from .test_views import text


def register(actor, child, *, reasons=(), kind="professional", name="Lærke Lærer", workplace="Testrup Skole"):
    data = services.NotificationData(
        child=child,
        received_at=timezone.now() - timezone.timedelta(hours=1),
        notifier=services.NotifierData(kind=kind, name=name, workplace=workplace, email="l@skole.invalid"),
        text="Barnet fortæller om slag derhjemme.",
        reasons=list(reasons),
    )
    return services.notification_register(actor=actor, data=data, channel=Channel.RECEPTION)[0]


def test_the_worklist_shows_who_notified_and_why(client_for, rita, child, sibling):
    register(rita, child, reasons=["violence", "neglect"])
    register(rita, sibling, kind="anonymous", name="", workplace="")

    response = client_for(rita).get("/underretninger/modtagelse/")

    acute = re.search(r'data-testid="acute".*?</table>', response.content.decode(), flags=re.S).group(0)
    rows = {r.split("</td>")[0]: r for r in re.findall(r"<tr[^>]*>\s*<td[^>]*>(.*?)</tr>", acute, flags=re.S)}
    lukas = next(v for k, v in rows.items() if "Lukas Jensen" in k)
    ida = next(v for k, v in rows.items() if "Ida Jensen" in k)
    assert "Lærke Lærer, Testrup Skole" in lukas
    assert "Vold eller overgreb, Omsorgssvigt" in lukas
    assert "Anonym" in ida


def test_the_worklist_api_gives_the_notifier_and_the_reasons(token_for, rita, child):
    register(rita, child, reasons=["sexual_abuse"])

    body = token_for(rita).get("/api/v1/worklist").json()

    row = body["groups"]["acute"][0]
    assert row["notifier"] == {"kind": "professional", "name": "Lærke Lærer", "workplace": "Testrup Skole"}
    assert row["reasons"] == ["sexual_abuse"]


def test_a_notification_about_violence_reminds_of_the_beredskab_the_police_and_the_boernehus(
    client_for, rita, child, municipality
):
    municipality.abuse_readiness_contact = "Overgrebsteamet, tlf. 11 22 33 44"
    municipality.childrens_house = "Børnehus Testrup"
    municipality.police_contact = "Testrup Politi"
    municipality.save()
    n = register(rita, child, reasons=["violence"])

    page = text(client_for(rita).get(f"/underretninger/{n.pk}/"))

    assert "§ 15, stk. 2" in page
    assert "Kontakt: Overgrebsteamet, tlf. 11 22 33 44." in page
    assert "Politiet: Testrup Politi." in page
    assert "Børnehus Testrup (barnets lov §§ 124–125)" in page


def test_without_violence_or_abuse_there_is_no_reminder(client_for, rita, child):
    n = register(rita, child, reasons=["neglect"])

    page = client_for(rita).get(f"/underretninger/{n.pk}/").content.decode()

    assert 'data-testid="abuse-reminder"' not in page


def test_the_api_gives_the_reminder_for_sexual_abuse_only(token_for, rita, child, sibling, municipality):
    municipality.childrens_house = "Børnehus Testrup"
    municipality.save()
    abuse = register(rita, child, reasons=["sexual_abuse"])
    other = register(rita, sibling, reasons=["school_absence"])
    client = token_for(rita)

    reminder = client.get(f"/api/v1/notifications/{abuse.pk}").json()["abuse_readiness"]
    none = client.get(f"/api/v1/notifications/{other.pk}").json()["abuse_readiness"]

    assert reminder["childrens_house"] == "Børnehus Testrup"
    assert "§ 15, stk. 2" in reminder["law"]
    assert none is None


def test_the_error_summary_does_not_put_a_colon_after_a_question(client_for, rita, child):
    n = register(rita, child)

    response = client_for(rita).post(f"/underretninger/{n.pk}/akut/", {})

    summary = re.search(r'data-module="error-summary".*?</ul>', response.content.decode(), flags=re.S).group(
        0
    )
    assert "?:" not in summary
    assert "akutte indsatser? – Vælg om barnet er i akut fare." in summary
    assert "Begrundelse: Begrund vurderingen kort." in summary
