"""Afdækning (§ 19) and børnefaglig undersøgelse (§§ 20–22): started from the notification, invalid input
comes back with Danish errors (422) and the input kept, and the notification page leads to them."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from tidlig.cases import casework
from tidlig.cases.models import Assessment, Investigation
from tidlig.cases.tests.views_helpers import (
    TODAY,
    base,
    d,
    investigation,
    register,
    screened,
    section,
    text,
)

# Afdækning (§ 19)


def test_the_caseworker_starts_an_afdaekning_from_the_notification(client_for, rita, tom, alice, owned):
    n = screened(rita, tom, alice, owned, "afdaekning")
    client = client_for(alice)

    form = client.get(base(owned) + f"afdaekning/ny/?underretning={n.pk}")
    assert form.status_code == 200
    assert "Startes på baggrund af underretningen modtaget" in text(form)
    assert f'value="{n.pk}"' in form.content.decode()

    response = client.post(
        base(owned) + "afdaekning/ny/",
        {
            "notification": n.pk,
            "matters": "Fravær og søvn.",
            "professionals": "Klasselærer",
            "started_on": d(TODAY()),
        },
    )

    a = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{base(owned)}afdaekning/{a.pk}/"
    assert (a.notification_id, a.matters, a.professionals, a.started_by) == (
        n.pk,
        "Fravær og søvn.",
        "Klasselærer",
        alice,
    )
    page = client.get(response["Location"])
    assert "Afdækningen er startet." in text(page) and "Fravær og søvn." in text(page)


def test_an_afdaekning_needs_the_matters(client_for, alice, owned):
    response = client_for(alice).post(
        base(owned) + "afdaekning/ny/",
        {"matters": "  ", "professionals": "Sundhedsplejerske", "started_on": "x"},
    )

    assert response.status_code == 422
    page = text(response)
    assert "Der er fejl i formularen" in page
    assert "Skriv hvilke forhold der skal afdækkes." in page
    assert "Skriv datoen som dd.mm.åååå, fx 14.04.2025." in page
    assert "Sundhedsplejerske" in response.content.decode()  # the input is kept
    assert not Assessment.objects.exists()


def test_another_childs_notification_is_refused(client_for, rita, alice, owned, sibling):
    other = register(rita, sibling)

    response = client_for(alice).post(
        base(owned) + "afdaekning/ny/",
        {"notification": other.pk, "matters": "Fravær.", "started_on": d(TODAY())},
    )

    assert response.status_code == 422
    assert "Underretningen hører ikke til barnet." in text(response)


def test_the_caseworker_concludes_the_afdaekning(client_for, alice, owned):
    a = casework.assessment_start(child=owned, actor=alice, matters="Fravær.")
    client = client_for(alice)

    response = client.post(
        f"{base(owned)}afdaekning/{a.pk}/afslut/", {"conclusion": "", "concluded_on": d(TODAY())}
    )
    assert response.status_code == 422
    assert "Skriv konklusionen." in text(response)

    future = d(TODAY() + dt.timedelta(days=3))
    response = client.post(
        f"{base(owned)}afdaekning/{a.pk}/afslut/", {"conclusion": "Ingen støtte.", "concluded_on": future}
    )
    assert response.status_code == 422
    assert "Datoen ligger i fremtiden." in text(response) and "Ingen støtte." in response.content.decode()

    response = client.post(
        f"{base(owned)}afdaekning/{a.pk}/afslut/", {"conclusion": "Ingen støtte.", "concluded_on": d(TODAY())}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.concluded_on == TODAY() and a.conclusion == "Ingen støtte."
    page = text(client.get(response["Location"]))
    assert "Afdækningen er afsluttet." in page and "Afslut afdækningen" not in page


# Børnefaglig undersøgelse (§§ 20–22)


def test_screening_for_an_undersoegelse_starts_it_from_the_notifications_received_date(
    client_for, rita, tom, alice, owned
):
    """§ 20, stk. 3: the 4 months run from when the municipality became aware, not from a later click."""
    received = timezone.now() - dt.timedelta(days=3)
    n = screened(rita, tom, alice, owned, "undersoegelse", received_at=received)

    inv = Investigation.objects.get()
    assert inv.aware_on == timezone.localdate(received) and inv.notification_id == n.pk
    page = client_for(alice).get(f"{base(owned)}undersoegelse/{inv.pk}/")
    due = inv.aware_on + relativedelta(months=4)
    deadline = section(page, "deadline")
    assert d(due) in deadline and f"{(due - TODAY()).days} dage tilbage" in deadline


def test_an_investigation_started_by_hand_defaults_to_the_notifications_received_date(
    client_for, rita, tom, alice, owned
):
    received = timezone.now() - dt.timedelta(days=3)
    n = screened(rita, tom, alice, owned, "afdaekning", received_at=received)
    client = client_for(alice)

    form = client.get(base(owned) + f"undersoegelse/ny/?underretning={n.pk}")
    assert form.status_code == 200
    assert f'value="{d(timezone.localdate(received))}"' in form.content.decode()

    response = client.post(
        base(owned) + "undersoegelse/ny/", {"notification": n.pk, "aware_on": d(timezone.localdate(received))}
    )

    inv = Investigation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{base(owned)}undersoegelse/{inv.pk}/"


def test_an_investigation_needs_a_valid_date(client_for, alice, owned):
    response = client_for(alice).post(base(owned) + "undersoegelse/ny/", {"aware_on": "31.02.2025"})

    assert response.status_code == 422
    assert "Skriv datoen som dd.mm.åååå, fx 14.04.2025." in text(response)
    assert 'value="31.02.2025"' in response.content.decode()


def test_a_second_ongoing_investigation_is_refused(client_for, alice, owned):
    first = investigation(owned, alice)
    client = client_for(alice)

    assert f"/undersoegelse/{first.pk}/" in section(client.get(base(owned) + "undersoegelse/ny/"), "ongoing")
    response = client.post(base(owned) + "undersoegelse/ny/", {"aware_on": d(TODAY())})

    assert response.status_code == 422
    assert "Barnet har allerede en igangværende børnefaglig undersøgelse." in text(response)
    assert Investigation.objects.count() == 1


def test_the_caseworker_describes_the_six_areas(client_for, alice, owned):
    inv = investigation(owned, alice)
    client = client_for(alice)

    page = client.get(f"{base(owned)}undersoegelse/{inv.pk}/")
    for label in (
        "Udvikling og adfærd",
        "Familieforhold",
        "Skoleforhold",
        "Sundhedsforhold",
        "Fritidsforhold og venskaber",
        "Andre forhold",
    ):
        assert label in text(page)

    response = client.post(
        f"{base(owned)}undersoegelse/{inv.pk}/omraader/",
        {
            "family_challenges": "Mor er syg.",
            "family_resources": "Mormor hjælper.",
            "school_resources": "Glad i skolen.",
        },
    )

    assert response.status_code == 302
    inv.refresh_from_db()
    assert inv.areas["family"] == {"challenges": "Mor er syg.", "resources": "Mormor hjælper."}
    assert inv.areas["school"] == {"challenges": "", "resources": "Glad i skolen."}
    page = client.get(response["Location"])
    assert "Udfordringer og ressourcer er gemt." in text(page)
    assert "Mormor hjælper." in page.content.decode()


def test_an_overdue_investigation_prompts_for_a_preliminary_assessment(client_for, alice, owned):
    aware = TODAY() - relativedelta(months=5)
    inv = investigation(owned, alice, aware_on=aware)
    client = client_for(alice)
    over = (TODAY() - (aware + relativedelta(months=4))).days

    page = client.get(f"{base(owned)}undersoegelse/{inv.pk}/")
    prompt = section(page, "preliminary-prompt")
    assert "skriv en foreløbig vurdering" in prompt
    assert f"Overskredet med {over} dage" in section(page, "deadline")

    response = client.post(f"{base(owned)}undersoegelse/{inv.pk}/foreloebig/", {"text": " "})
    assert response.status_code == 422
    assert "Skriv den foreløbige vurdering." in text(response)

    response = client.post(f"{base(owned)}undersoegelse/{inv.pk}/foreloebig/", {"text": "Vi mangler PPR."})
    assert response.status_code == 302
    inv.refresh_from_db()
    assert inv.preliminary_on == TODAY() and inv.preliminary_text == "Vi mangler PPR."
    page = client.get(response["Location"])
    assert 'data-testid="preliminary-prompt"' not in page.content.decode()
    assert "Der er skrevet en foreløbig vurdering" in text(page)


def test_an_investigation_is_concluded_with_a_reasoned_conclusion(client_for, alice, owned):
    inv = investigation(owned, alice)
    client = client_for(alice)
    url = f"{base(owned)}undersoegelse/{inv.pk}/afslut/"

    response = client.post(url, {"conclusion": "Grundlag for familiebehandling.", "concluded_on": d(TODAY())})
    assert response.status_code == 422
    assert "Beskriv udfordringer og ressourcer i mindst ét område (§ 22)." in text(response)
    assert "Grundlag for familiebehandling." in response.content.decode()

    casework.investigation_update_areas(
        investigation=inv, actor=alice, areas={"family": {"challenges": "Konflikt"}}
    )
    response = client.post(url, {"conclusion": "Grundlag for familiebehandling.", "concluded_on": d(TODAY())})

    assert response.status_code == 302
    inv.refresh_from_db()
    assert inv.concluded_on == TODAY()
    page = client.get(response["Location"])
    assert "Grundlag for familiebehandling." in section(page, "conclusion")
    assert "Afslut undersøgelsen" not in text(page)
    assert "Konflikt" in section(page, "areas")


# The start buttons on the notification page


def test_the_screened_notification_offers_to_start_the_afdaekning(client_for, rita, tom, alice, owned):
    n = screened(rita, tom, alice, owned, "afdaekning")

    for user in (alice, tom):
        buttons = section(client_for(user).get(f"/underretninger/{n.pk}/"), "start-casework")
        assert f'href="/boern/{owned.pk}/afdaekning/ny/?underretning={n.pk}"' in buttons
        assert "Start afdækning" in buttons
    assert (
        'data-testid="start-casework"'
        not in client_for(rita).get(f"/underretninger/{n.pk}/").content.decode()
    )

    a = casework.assessment_start(child=owned, actor=alice, matters="Fravær.", notification_id=n.pk)
    buttons = section(client_for(alice).get(f"/underretninger/{n.pk}/"), "start-casework")
    assert "Gå til afdækningen" in buttons and f"/afdaekning/{a.pk}/" in buttons


def test_the_screened_notification_leads_to_the_investigation_it_started(client_for, rita, tom, alice, owned):
    n = screened(rita, tom, alice, owned, "undersoegelse")

    buttons = section(client_for(alice).get(f"/underretninger/{n.pk}/"), "start-casework")

    inv = Investigation.objects.get()
    assert f'href="/boern/{owned.pk}/undersoegelse/{inv.pk}/"' in buttons
    assert "Gå til undersøgelsen" in buttons


def test_no_start_button_when_no_further_action(client_for, rita, tom, alice, owned):
    n = screened(rita, tom, alice, owned, "none")

    assert (
        'data-testid="start-casework"'
        not in client_for(alice).get(f"/underretninger/{n.pk}/").content.decode()
    )
