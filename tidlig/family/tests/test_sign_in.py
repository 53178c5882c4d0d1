"""Citizens sign in over OIDC as their own client (issue 14 § 1), against the suite's real provider; the demo's
sign-in; short sessions; the rate limit. A citizen is never a staff user."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from tests.oidc_provider.fixture import sign_in_with_sso
from tidlig.audit.models import AuditEntry
from tidlig.audit.services import citizen_key
from tidlig.family import citizen as citizens
from tidlig.family.models import DemoCitizen

from .conftest import STRANGER_CPR
from .helpers import citizen_client

MOTHER_CPR = "0303851234"


@pytest.mark.django_db(transaction=True)
def test_a_mother_signs_in_with_mitid_and_sees_her_children(citizen_sso, child, sibling):
    client = Client()

    r = sign_in_with_sso(client, citizen_sso, "borger-mette", start="/borger/login/")
    home = client.get("/borger/")

    assert r.status_code == 302 and r["Location"] == "/borger/"
    assert "Lukas Jensen" in home.text and "Ida Jensen" in home.text
    assert "Mette Jensen" in home.text  # the name from the broker's claims
    assert "_auth_user_id" not in client.session  # not a staff login
    assert client.session[citizens.SESSION_KEY]["via"] == "oidc"
    signed_in = AuditEntry.objects.get(action="family.sign_in.succeeded")
    assert signed_in.citizen == citizen_key(MOTHER_CPR) and signed_in.actor_id is None


@pytest.mark.django_db(transaction=True)
def test_the_cpr_may_come_in_the_plain_cpr_claim_and_a_stranger_sees_no_child(citizen_sso, child):
    client = Client()

    sign_in_with_sso(client, citizen_sso, "borger-fremmed", start="/borger/login/")
    home = client.get("/borger/")

    assert client.session[citizens.SESSION_KEY]["cpr"] == STRANGER_CPR
    assert "Vi kan ikke finde nogen børn" in home.text and "Lukas" not in home.text


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", ["borger-uden", "borger-skaev"], ids=["no CPR claim", "not a CPR number"])
def test_no_usable_cpr_is_refused_with_a_reason(citizen_sso, who):
    client = Client()

    r = sign_in_with_sso(client, citizen_sso, who, start="/borger/login/")
    page = client.get(r["Location"])

    assert r["Location"] == "/borger/login/afvist/"
    assert page.status_code == 403
    assert "Vi fik ikke jeres CPR-nummer fra MitID" in page.text
    assert citizens.SESSION_KEY not in client.session
    assert AuditEntry.objects.filter(action="family.sign_in.refused", data__reason="no_cpr").exists()


@pytest.mark.django_db(transaction=True)
def test_a_callback_replayed_or_forged_signs_no_one_in(citizen_sso, child):
    client = Client()
    r = client.get("/borger/login/")
    back = citizen_sso.sign_in(r["Location"], "borger-mette")
    callback = back.split("testserver", 1)[1]
    client.get(callback)
    client.post("/borger/log-af/")

    replayed = client.get(callback)
    forged = Client().get("/borger/login/callback/?code=x&state=y")

    assert replayed["Location"] == "/borger/login/afvist/"
    assert forged["Location"] == "/borger/login/afvist/"
    assert client.get("/borger/").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_a_citizen_sign_in_ends_a_staff_login_in_the_same_browser(citizen_sso, client_for, alice, child):
    client = client_for(alice)

    sign_in_with_sso(client, citizen_sso, "borger-mette", start="/borger/login/")

    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # the staff home sends to the staff login


@pytest.mark.django_db
def test_the_citizens_pages_and_sign_in_are_404_without_a_configured_client():
    assert Client().get("/borger/login/").status_code == 404
    assert Client().get("/borger/login/callback/?code=x&state=y").status_code == 404


@pytest.mark.django_db
def test_a_session_ends_after_15_idle_minutes_and_after_an_hour(child):
    idle = citizen_client(MOTHER_CPR)
    busy = citizen_client(MOTHER_CPR)
    start = dt.datetime.now(dt.UTC)

    with time_machine.travel(start + dt.timedelta(minutes=16)):
        r = idle.get("/borger/")
        page = idle.get(r["Location"])
    for minutes in range(10, 61, 10):
        with time_machine.travel(start + dt.timedelta(minutes=minutes)):
            assert busy.get("/borger/").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=61)):
        late = busy.get("/borger/")

    assert r.status_code == 302
    assert "ikke har brugt siden i et kvarter" in page.text
    assert late.status_code == 302
    assert "været logget ind i en time" in busy.get(late["Location"]).text


@pytest.mark.django_db
def test_sign_in_attempts_are_limited_per_address(settings, child):
    settings.CITIZEN_DEMO_LOGIN = True
    settings.CITIZEN_SIGN_IN_LIMIT = 3
    DemoCitizen.objects.create(cpr=MOTHER_CPR, name="Mette Jensen", role="Mor med forældremyndighed")
    client = Client()

    answers = [client.post("/borger/demo/", {"cpr": MOTHER_CPR}).status_code for _ in range(4)]

    assert answers == [302, 302, 302, 429]
    assert "Vent et kvarter" in client.post("/borger/demo/", {"cpr": MOTHER_CPR}).text


@pytest.mark.django_db
def test_the_demo_sign_in_lists_the_synthetic_people_and_is_off_in_production(settings, child):
    DemoCitizen.objects.create(cpr=MOTHER_CPR, name="Mette Jensen", role="Mor med forældremyndighed")
    settings.CITIZEN_DEMO_LOGIN = False
    assert Client().get("/borger/demo/").status_code == 404
    assert "Log ind som en person i demoen" not in Client().get("/borger/log-ind/").text

    settings.CITIZEN_DEMO_LOGIN = True
    client = Client()
    page = client.get("/borger/demo/")
    unknown = client.post("/borger/demo/", {"cpr": STRANGER_CPR})
    assert unknown.status_code == 200 and citizens.SESSION_KEY not in client.session
    signed_in = client.post("/borger/demo/", {"cpr": MOTHER_CPR})

    assert "Mor med forældremyndighed" in page.text
    assert signed_in["Location"] == "/borger/"
    assert "Lukas Jensen" in client.get("/borger/").text


@pytest.mark.django_db
def test_signing_out_ends_the_session(child):
    client = citizen_client(MOTHER_CPR)

    r = client.post("/borger/log-af/")

    assert r["Location"] == "/borger/log-ind/"
    assert "I er logget af" in client.get(r["Location"]).text
    assert client.get("/borger/").status_code == 302
