"""Intake pages: login, start pages, the reception list, the notification form and the detail page."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from tidlig.intake import services
from tidlig.intake.models import Channel, Notification


def text(response) -> str:
    """The page as a person reads it: tags stripped, entities decoded, whitespace collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def register(actor, child, *, received_at=None, concern="Lukas kommer ofte sulten i skole.") -> Notification:
    data = services.NotificationData(
        child=child,
        received_at=received_at or timezone.now() - dt.timedelta(hours=1),
        notifier=services.NotifierData(
            kind="professional", name="Lærke Lærer", workplace="Testrup Skole", email="laerke@skole.invalid"
        ),
        text=concern,
    )
    notification, _ = services.notification_register(actor=actor, data=data, channel=Channel.RECEPTION)
    return notification


def form_data(**overrides) -> dict:
    data = {
        "idempotency_key": "form-1",
        "child_cpr": "150418-4235",
        "received_at": "2025-04-14T09:30",
        "notifier_kind": "professional",
        "notifier_category": "2",
        "notifier_name": "Lærke Lærer",
        "notifier_role": "Lærer",
        "notifier_workplace": "Testrup Skole",
        "notifier_email": "laerke@skole.invalid",
        "text": "Lukas har blå mærker på armene og siger, at han er bange for at gå hjem.",
        "reasons": ["violence"],
    }
    data.update(overrides)
    return data


# Login and start pages


def test_the_login_page_is_danish(db, client):
    response = client.get("/login/")

    assert response.status_code == 200
    page = text(response)
    assert "Log ind i Tidlig" in page
    assert "Brugernavn" in page
    assert 'lang="da"' in response.content.decode()


def test_a_wrong_password_is_explained_in_danish(db, client, rita):
    response = client.post("/login/", {"username": "rita", "password": "wrong"})

    assert response.status_code == 200
    assert "Brugernavn eller adgangskode er forkert. Prøv igen." in text(response)


def test_logging_in_leads_to_the_start_page(db, rita):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tidlig.demo.mfa import current_code

    device = TOTPDevice.objects.create(user=rita, name="app", confirmed=True)
    client = Client()

    response = client.post("/login/", {"username": "rita", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/konto/to-faktor/?next=%2F"  # the second factor first
    response = client.post(response.redirect_chain[-1][0], {"code": current_code(device)}, follow=True)

    assert response.redirect_chain[-1][0] == "/underretninger/modtagelse/"
    assert "Modtagelse" in text(response)


@pytest.mark.parametrize(
    ("persona", "start"),
    [
        ("rita", "/underretninger/modtagelse/"),
        ("alice", "/frister/"),
        ("tom", "/team/"),
        ("eva", "/trivsel/"),
        ("lea", "/trivsel/"),
        ("hanne", "/trivsel/"),
        ("sara", "/tvaerfagligt-team/"),
        ("ann", "/noegletal/"),
    ],
)
def test_home_sends_each_role_to_its_start_page(client_for, request, persona, start):
    client = client_for(request.getfixturevalue(persona))

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == start
    assert client.get(start).status_code == 200


def test_home_asks_a_stranger_to_log_in(db, client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


# Reception


def test_reception_lists_unassessed_notifications_soonest_deadline_first(client_for, rita, child, sibling):
    now = timezone.now()
    register(rita, child, received_at=now - dt.timedelta(hours=2))
    register(rita, sibling, received_at=now - dt.timedelta(hours=20))
    assessed = register(rita, child, received_at=now - dt.timedelta(hours=21))
    services.notification_assess_acute(notification=assessed, actor=rita, danger=False, note="Ikke akut.")

    response = client_for(rita).get("/underretninger/modtagelse/")

    assert response.status_code == 200
    acute = re.search(r'data-testid="acute".*?</table>', response.content.decode(), flags=re.S).group(0)
    names = re.findall(r">(Ida Jensen|Lukas Jensen)</a>", acute)
    assert names == ["Ida Jensen", "Lukas Jensen"]  # Ida's 24 hours run out first; the assessed one is gone
    assert "Akut vurdering inden 24 timer" in text(response)


@pytest.mark.parametrize(("persona", "status"), [("alice", 403), ("eva", 403), ("ann", 403)])
def test_the_reception_page_is_for_reception_only(client_for, request, persona, status):
    response = client_for(request.getfixturevalue(persona)).get("/underretninger/modtagelse/")

    assert response.status_code == status


def test_another_municipalitys_reception_sees_nothing_of_testrup(client_for, rita, olga, child):
    n = register(rita, child)
    client = client_for(olga)

    reception = client.get("/underretninger/modtagelse/")
    detail = client.get(f"/underretninger/{n.pk}/")

    assert reception.status_code == 200
    assert "Lukas" not in reception.content.decode()
    assert detail.status_code == 404
    assert client.get(f"/boern/{child.pk}/").status_code == 404
    assert client_for(rita).get(f"/underretninger/{n.pk}/").status_code == 200
    assert client_for(rita).get(f"/boern/{child.pk}/").status_code == 200


# Registering through the form


def test_reception_registers_a_notification_through_the_form(client_for, rita, child):
    client = client_for(rita)

    response = client.post("/underretninger/ny/", form_data())

    n = Notification.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/underretninger/{n.pk}/"
    assert n.child == child
    assert n.channel == "reception"
    assert timezone.localtime(n.received_at) == timezone.make_aware(dt.datetime(2025, 4, 14, 9, 30))
    assert n.reasons == ["violence"]
    page = client.get(response["Location"])
    assert "Underretningen er modtaget og registreret." in text(page)


@pytest.mark.parametrize(
    ("overrides", "danish"),
    [
        ({"child_cpr": "321318-1234"}, "skal være en gyldig fødselsdato"),
        ({"received_at": "2099-01-01T09:00"}, "Modtagelsestidspunktet ligger i fremtiden"),
        ({"notifier_name": ""}, "En fagperson underretter med navn (§ 133)"),
        ({"child_cpr": "010120-4231"}, "Kommunen kender ikke et barn med dette CPR-nummer"),
    ],
    ids=["invalid-cpr", "future", "no-name", "unknown-child"],
)
def test_an_invalid_form_explains_in_danish_and_keeps_what_was_typed(
    client_for, rita, child, overrides, danish
):
    data = form_data(**overrides)

    response = client_for(rita).post("/underretninger/ny/", data)

    assert response.status_code == 200
    page = response.content.decode()
    assert danish in text(response)
    assert "Det, du har skrevet, er bevaret." in text(response)
    textarea = re.search(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', page, flags=re.S).group(1)
    assert html.unescape(textarea).strip() == data["text"]
    assert f'value="{data["notifier_workplace"]}"' in page
    if data["notifier_name"]:
        assert f'value="{data["notifier_name"]}"' in page
    assert f'value="{data["child_cpr"]}"' in page
    assert 'value="form-1"' in page  # the same idempotency key, so sending again cannot register twice
    assert Notification.objects.count() == 0


def test_a_form_sent_twice_registers_one_notification(client_for, rita, child):
    client = client_for(rita)

    first = client.post("/underretninger/ny/", form_data())
    second = client.post("/underretninger/ny/", form_data(), follow=True)

    assert first.status_code == 302
    assert Notification.objects.count() == 1
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "var allerede modtaget" in text(second)


def test_the_form_gets_a_fresh_idempotency_key(client_for, rita):
    client = client_for(rita)

    keys = [
        re.search(
            r'name="idempotency_key" value="([^"]+)"', client.get("/underretninger/ny/").content.decode()
        ).group(1)
        for _ in range(2)
    ]

    assert keys[0] != keys[1]


def test_an_analyst_cannot_open_the_form(client_for, ann, rita, eva, child):
    client = client_for(ann)

    assert client.get("/underretninger/ny/").status_code == 403
    assert client.post("/underretninger/ny/", form_data()).status_code == 403
    assert client.get("/underretninger/mine/").status_code == 403
    assert client.get("/underretninger/barn/ny/").status_code == 403
    assert Notification.objects.count() == 0
    reception = client_for(rita)
    assert reception.get("/underretninger/ny/").status_code == 200
    assert reception.post("/underretninger/ny/", form_data()).status_code == 302
    assert reception.get("/underretninger/barn/ny/").status_code == 200
    assert client_for(eva).get("/underretninger/mine/").status_code == 200


# The educator


def test_an_educator_writes_a_notification_and_sees_only_that_it_arrived(client_for, eva, rita, child):
    client = client_for(eva)
    concern = "Lukas fortæller, at far slår."

    response = client.post(
        "/underretninger/ny/", {"idempotency_key": "eva-1", "child_choice": child.pk, "text": concern}
    )

    assert response.status_code == 302
    assert response["Location"] == "/underretninger/mine/"
    n = Notification.objects.get()
    assert n.notifier_staff == eva
    mine = client.get("/underretninger/mine/")
    assert mine.status_code == 200
    page = text(mine)
    assert "Lukas Jensen" in page
    assert "Modtaget" in page
    assert "Ikke sendt endnu" in page
    assert concern not in page
    assert "far slår" not in mine.content.decode()
    assert client.get(f"/underretninger/{n.pk}/").status_code == 404
    assert client.get("/underretninger/modtagelse/").status_code == 403
    assert client_for(rita).get(f"/underretninger/{n.pk}/").status_code == 200
    assert client_for(rita).get("/underretninger/modtagelse/").status_code == 200


def test_an_educators_double_submit_registers_once_without_an_error(client_for, eva, child):
    client = client_for(eva)
    form = {"idempotency_key": "eva-twice", "child_choice": child.pk, "text": "Lukas er sulten hver dag."}

    first = client.post("/underretninger/ny/", form)
    again = client.post("/underretninger/ny/", form)  # a second later: the server's clock has moved

    assert (first.status_code, again.status_code) == (302, 302)
    assert Notification.objects.count() == 1


def test_an_educator_only_chooses_among_her_institutions_children(client_for, eva, child, municipality, org):
    from tidlig.people.models import Child

    other = Child.objects.create(
        municipality=municipality,
        cpr="0101154001",
        first_name="Sofus",
        last_name="Syd",
        institution=org["syd_skole"],
        district=org["syd"],
    )
    client = client_for(eva)

    form = client.get("/underretninger/ny/")
    response = client.post(
        "/underretninger/ny/", {"idempotency_key": "eva-2", "child_choice": other.pk, "text": "Bekymring."}
    )

    assert "Lukas Jensen" in text(form)
    assert "Sofus" not in text(form)
    assert response.status_code == 200
    assert Notification.objects.count() == 0


def test_the_form_is_no_cpr_to_name_oracle_for_a_caseworker_of_another_team(client_for, alice, bob, child):
    """Issue 8: bob filed with a CPR he has no case for and read the child's name on "mine underretninger".
    The form now refuses him as the API does, with the same words as for a CPR nobody has."""
    child.caseworker = alice
    child.save(update_fields=["caseworker"])
    client = client_for(bob)

    known = client.post(
        "/underretninger/ny/", {"idempotency_key": "bob-1", "child_cpr": "150418-4235", "text": "Bekymring."}
    )
    unknown = client.post(
        "/underretninger/ny/", {"idempotency_key": "bob-2", "child_cpr": "010120-4231", "text": "Bekymring."}
    )

    assert known.status_code == 200
    assert "Du kan kun underrette om børn, du allerede har adgang til." in text(known)
    assert text(known).replace("bob-1", "") == text(unknown).replace("bob-2", "").replace(
        "010120-4231", "150418-4235"
    )
    assert "Lukas" not in known.content.decode()
    assert Notification.objects.count() == 0
    assert "Lukas" not in client.get("/underretninger/mine/").content.decode()
    # The child's own caseworker files with the same CPR on the same URL.
    rightful = client_for(alice).post(
        "/underretninger/ny/",
        {"idempotency_key": "alice-1", "child_cpr": "150418-4235", "text": "Bekymring."},
    )
    assert rightful.status_code == 302
    assert Notification.objects.get().child == child
    assert "Lukas Jensen" in text(client_for(alice).get("/underretninger/mine/"))


# The detail page


def test_the_detail_page_shows_earlier_notifications_and_the_obligations(client_for, rita, child):
    earlier = register(rita, child, received_at=timezone.make_aware(dt.datetime(2025, 1, 6, 10, 0)))
    n = register(rita, child, received_at=timezone.make_aware(dt.datetime(2025, 4, 14, 9, 30)))

    response = client_for(rita).get(f"/underretninger/{n.pk}/")

    assert response.status_code == 200
    page = text(response)
    assert "Gentagen bekymring" in page
    assert "Barnet har 1 tidligere underretning" in page
    assert f'href="/underretninger/{earlier.pk}/"' in response.content.decode()
    assert "06.01.2025" in page
    assert "modtaget 14.04.2025 09:30" in page
    assert "150418-4235" in page
    table = re.search(r'data-testid="obligations".*?</table>', response.content.decode(), flags=re.S).group(0)
    assert re.findall(r'data-code="(\w+)"', table) == [
        "acute_assessment",
        "receipt",
        "screening",
        "notifier_feedback",
    ]
    assert "15.04.2025 09:30" in table  # acute: 24 hours
    assert "25.04.2025" in table  # receipt: 6 working days around Easter
    assert "BL § 138, stk. 1" in table


def test_a_first_notification_is_not_called_repeated(client_for, rita, child):
    n = register(rita, child)

    response = client_for(rita).get(f"/underretninger/{n.pk}/")

    assert "Gentagen bekymring" not in text(response)


def test_a_caseworker_of_another_team_cannot_open_it(client_for, rita, bob, ann, child):
    n = register(rita, child)

    assert client_for(bob).get(f"/underretninger/{n.pk}/").status_code == 404
    assert client_for(ann).get(f"/underretninger/{n.pk}/").status_code == 404
    assert client_for(rita).get(f"/underretninger/{n.pk}/").status_code == 200


def test_the_detail_page_requires_login(db, client, rita, child):
    n = register(rita, child)

    response = client.get(f"/underretninger/{n.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_health_visitor_files_by_cpr_only_for_the_infants_she_already_sees(
    client_for, hanne, municipality, org, child, time_machine
):
    """The notify scope (intake.selectors.children_to_notify_about) includes what a professional already
    sees by name in early detection, and nothing more: Lukas (8 years) is refused like an unknown CPR."""
    import zoneinfo

    from tidlig.people.models import Child

    time_machine.move_to(dt.datetime(2026, 11, 4, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Copenhagen")))
    Child.objects.create(
        municipality=municipality,
        cpr="0102264232",
        first_name="Alma",
        last_name="Spæd",
        birth_date=dt.date(2026, 2, 1),
        district=org["nord"],
        sex="F",
    )
    hanne.job_title, hanne.institution = "Sundhedsplejerske", org["solsikken"]  # her workplace, for § 133
    hanne.save(update_fields=["job_title", "institution"])
    client = client_for(hanne)

    older = client.post(
        "/underretninger/ny/", {"idempotency_key": "h-1", "child_cpr": "150418-4235", "text": "x"}
    )
    infant = client.post(
        "/underretninger/ny/", {"idempotency_key": "h-2", "child_cpr": "010226-4232", "text": "x"}
    )

    assert older.status_code == 200
    assert "Du kan kun underrette om børn, du allerede har adgang til." in text(older)
    assert "Lukas" not in older.content.decode()
    assert infant.status_code == 302
    assert Notification.objects.get().child.first_name == "Alma"


def test_an_educator_cannot_backdate_or_name_another_notifier_through_the_page(client_for, eva, child):
    """Fields the page does not show, sent anyway, are not taken: the service's rule (BL § 133)."""
    response = client_for(eva).post(
        "/underretninger/ny/",
        {
            "idempotency_key": "eva-forged",
            "child_choice": child.pk,
            "text": "Lukas er sulten.",
            "received_at": "01.01.2026 09:00",
            "notifier_kind": "citizen",
            "notifier_name": "Opdigtet Nabo",
        },
    )

    assert response.status_code == 302
    n = Notification.objects.get()
    assert (n.notifier_staff, n.notifier_kind, n.notifier_name) == (eva, "professional", "Eva Pædagog")
    assert abs((timezone.now() - n.received_at).total_seconds()) < 60, n.received_at
