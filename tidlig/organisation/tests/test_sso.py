"""Single sign-on against a real OpenID Connect provider the tests start (tests/oidc_provider/).

Personas at the provider (fixture.PERSONAS): anna is a caseworker in the mapped group with two
factors; nils is in no mapped group; pia signed in with a password only; nina's acr is NSIS
"betydelig"; adam is an analyst with one factor; frida is deactivated in Tidlig; olaf is Testrup
staff whose provider says he belongs to Andetrup; alice is conftest's local caseworker.
"""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import PASSWORD
from tests.oidc_provider.fixture import NSIS_SUBSTANTIAL, sign_in_with_sso
from tidlig.audit.models import AuditEntry
from tidlig.organisation.models import Role, Staff

pytestmark = pytest.mark.slow

CALLBACK_PREFIX = "/oidc/callback/"


def signed_in_page(client: Client, response):
    """Follow Tidlig's redirects after the callback to the page the person lands on."""
    assert response.status_code == 302
    return client.get(response["Location"], follow=True)


def assert_refused(client: Client, response, text: str):
    assert response.status_code == 302 and response["Location"] == "/oidc/afvist/"
    page = client.get("/oidc/afvist/")
    assert page.status_code == 403
    assert text in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/")["Location"].startswith("/login/")
    assert "mfa_via_idp" not in client.session


def assert_anna_gets_in(sso):
    """The rightful person, through the same URLs, lands on her start page."""
    client = Client()
    page = signed_in_page(client, sign_in_with_sso(client, sso, "anna"))
    assert page.status_code == 200
    assert "Mine frister" in page.content.decode()


def test_a_new_caseworker_signs_in_and_lands_on_her_worklist_with_the_mapped_role(sso, org):
    client = Client()
    response = sign_in_with_sso(client, sso, "anna")
    assert response["Location"] == "/"
    page = signed_in_page(client, response)
    assert page.status_code == 200
    assert "Mine frister" in page.content.decode()

    anna = Staff.objects.get(oidc_subject="idp-anna")
    assert (anna.role, anna.team, anna.municipality.code) == (Role.CASEWORKER, org["team_nord"], "0999")
    assert (anna.first_name, anna.email) == ("Anna", "anna@testrup.invalid")
    assert not anna.has_usable_password()
    assert client.session["mfa_via_idp"] is True
    assert client.session["oidc_amr"] == ["pwd", "mfa"]
    assert client.session["oidc_acr"] == NSIS_SUBSTANTIAL
    login = AuditEntry.objects.get(action="auth.oidc.login", actor=anna)
    assert login.data["amr"] == ["pwd", "mfa"] and login.data["acr"] == NSIS_SUBSTANTIAL
    assert login.data["mfa_via_idp"] is True
    assert AuditEntry.objects.filter(action="organisation.staff.created_via_idp", actor=anna).count() == 1

    # The next day she is the same person, not a second account.
    again = Client()
    signed_in_page(again, sign_in_with_sso(again, sso, "anna"))
    assert Staff.objects.filter(first_name="Anna").count() == 1


def test_the_login_page_offers_the_municipalitys_login_only_when_it_is_configured(sso, settings):
    page = Client().get("/login/")
    assert "Log ind med kommunens login (SSO)" in page.content.decode()
    assert 'href="/oidc/login/"' in page.content.decode()

    settings.OIDC_RP_CLIENT_ID = ""
    page = Client().get("/login/")
    assert page.status_code == 200
    assert "kommunens login" not in page.content.decode()
    assert Client().get("/oidc/login/").status_code == 404


def test_a_person_whose_groups_map_to_no_role_is_refused_and_no_account_is_made(sso):
    client = Client()
    assert_refused(
        client, sign_in_with_sso(client, sso, "nils"), "ingen af dine grupper er knyttet til en rolle"
    )
    assert not Staff.objects.filter(oidc_subject="idp-nils").exists()
    assert AuditEntry.objects.get(action="auth.oidc.refused").data["reason"] == "no_role"
    assert_anna_gets_in(sso)


def test_a_caseworker_without_two_factors_is_refused_when_the_policy_requires_them(sso, settings):
    client = Client()
    assert_refused(client, sign_in_with_sso(client, sso, "pia"), "skal du logge ind med to faktorer")
    assert not Staff.objects.filter(oidc_subject="idp-pia").exists()
    assert_anna_gets_in(sso)

    settings.OIDC_REQUIRE_MFA = False
    client = Client()
    assert signed_in_page(client, sign_in_with_sso(client, sso, "pia")).status_code == 200
    assert client.session["mfa_via_idp"] is False
    assert client.session["oidc_amr"] == ["pwd"]
    assert AuditEntry.objects.filter(action="auth.oidc.login", data__mfa_via_idp=False).count() == 1


def test_an_nsis_substantial_acr_counts_as_two_factors(sso):
    client = Client()
    assert signed_in_page(client, sign_in_with_sso(client, sso, "nina")).status_code == 200
    assert client.session["mfa_via_idp"] is True
    assert client.session["oidc_acr"] == NSIS_SUBSTANTIAL
    assert client.session["oidc_amr"] == []


def test_an_analyst_who_reads_no_personal_data_may_sign_in_with_one_factor(sso):
    client = Client()
    page = signed_in_page(client, sign_in_with_sso(client, sso, "adam"))
    assert page.status_code == 200
    assert Staff.objects.get(oidc_subject="idp-adam").role == Role.ANALYST
    assert client.session["mfa_via_idp"] is False


def test_deactivated_staff_are_refused(sso, municipality, org):
    frida = Staff.objects.create_user(
        username="frida", municipality=municipality, role=Role.CASEWORKER, team=org["team_nord"],
        oidc_subject="idp-frida", is_active=False,
    )  # fmt: skip
    client = Client()
    assert_refused(client, sign_in_with_sso(client, sso, "frida"), "Din bruger i Tidlig er deaktiveret")
    refused = AuditEntry.objects.get(action="auth.oidc.refused")
    assert (refused.actor, refused.data["reason"]) == (frida, "inactive")
    assert_anna_gets_in(sso)


def test_staff_whose_provider_names_another_municipality_are_refused(sso, municipality, org):
    Staff.objects.create_user(
        username="olaf", municipality=municipality, role=Role.CASEWORKER, team=org["team_nord"],
        oidc_subject="idp-olaf",
    )  # fmt: skip
    client = Client()
    assert_refused(client, sign_in_with_sso(client, sso, "olaf"), "en anden kommune")
    assert_anna_gets_in(sso)


def test_someone_unknown_from_another_municipality_without_its_mapping_is_refused(sso, municipality):
    client = Client()
    assert_refused(client, sign_in_with_sso(client, sso, "olaf"), "ingen af dine grupper")
    assert not Staff.objects.filter(oidc_subject="idp-olaf").exists()


def test_the_role_follows_the_provider_at_the_next_sign_in(sso):
    from tidlig.organisation.models import IdentityProviderRoleMapping

    client = Client()
    signed_in_page(client, sign_in_with_sso(client, sso, "anna"))
    IdentityProviderRoleMapping.objects.filter(role=Role.CASEWORKER).update(role=Role.TEAM_LEADER)
    client = Client()
    page = signed_in_page(client, sign_in_with_sso(client, sso, "anna"))
    assert page.status_code == 200
    assert Staff.objects.get(oidc_subject="idp-anna").role == Role.TEAM_LEADER
    changed = AuditEntry.objects.get(action="organisation.staff.role_changed_via_idp")
    assert (changed.data["from"], changed.data["to"]) == (Role.CASEWORKER, Role.TEAM_LEADER)


def test_an_existing_local_account_is_linked_by_email_only_when_configured(sso, settings, alice):
    client = Client()
    signed_in_page(client, sign_in_with_sso(client, sso, "alice"))
    assert Staff.objects.filter(email="alice@testrup.invalid").count() == 2  # not linked: a new account

    Staff.objects.filter(oidc_subject="idp-alice").update(oidc_subject="idp-someone-else")
    settings.OIDC_LINK_EXISTING_BY = "email"
    Staff.objects.filter(oidc_subject="idp-someone-else").update(email="other@testrup.invalid")
    client = Client()
    signed_in_page(client, sign_in_with_sso(client, sso, "alice"))
    alice.refresh_from_db()
    assert alice.oidc_subject == "idp-alice"
    assert int(client.session["_auth_user_id"]) == alice.pk


def test_a_callback_whose_state_this_browser_never_started_is_refused(sso):
    """State and nonce are mozilla-django-oidc's checks; replaying a used callback must not sign in."""
    client = Client()
    response = sign_in_with_sso(client, sso, "anna")
    callback = response.wsgi_request.get_full_path()
    assert callback.startswith(CALLBACK_PREFIX)
    stranger = Client()
    stranger.get("/login/")
    assert_refused(stranger, stranger.get(callback), "lykkedes ikke")

    client.logout()
    assert_refused(client, client.get(callback), "lykkedes ikke")  # a used state is gone
    assert_anna_gets_in(sso)


def test_an_unreachable_provider_gives_a_clear_page_not_a_server_error(sso, settings):
    settings.OIDC_OP_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    client = Client()
    response = client.get("/oidc/login/")
    assert response["Location"] == "/oidc/afvist/"
    page = client.get("/oidc/afvist/")
    assert page.status_code == 403 and "svarer ikke lige nu" in page.content.decode()


def test_admin_rights_are_never_given_by_a_group_and_go_with_the_role(sso, municipality, org):
    former_admin = Staff.objects.create_user(
        username="anna-admin", municipality=municipality, role=Role.ADMINISTRATOR,
        oidc_subject="idp-anna", is_staff=True, is_superuser=True,
    )  # fmt: skip
    client = Client()
    assert signed_in_page(client, sign_in_with_sso(client, sso, "anna")).status_code == 200
    former_admin.refresh_from_db()
    assert former_admin.role == Role.CASEWORKER
    assert not (former_admin.is_staff or former_admin.is_superuser)
    assert client.get("/admin/").status_code == 302


def test_careless_claims_are_cleaned_not_a_server_error_on_either_database(sso):
    client = Client()
    assert signed_in_page(client, sign_in_with_sso(client, sso, "zoe")).status_code == 200
    zoe = Staff.objects.get(oidc_subject="idp-zoe")
    assert (zoe.first_name, zoe.last_name) == ("Zoe", "Ø" * 150)


def test_the_page_asked_for_before_signing_in_is_where_the_person_lands(sso):
    login_page = Client().get("/login/?next=/noegletal/")
    assert 'href="/oidc/login/?next=%2Fnoegletal%2F"' in login_page.content.decode()
    client = Client()
    response = sign_in_with_sso(client, sso, "adam", start="/oidc/login/?next=/noegletal/")
    assert response["Location"] == "/noegletal/"
    # Adam's provider asserted one factor only, so Tidlig asks for its own second factor first and
    # keeps where he was going (every role signs in with two factors: README, "Signing in").
    assert client.get("/noegletal/")["Location"] == "/konto/to-faktor/opret/?next=%2Fnoegletal%2F"

    elsewhere = Client()
    response = sign_in_with_sso(elsewhere, sso, "adam", start="/oidc/login/?next=https://evil.invalid/")
    assert response["Location"] == "/"


def test_deactivating_someone_ends_the_session_they_began_by_sso(sso):
    client = Client()
    signed_in_page(client, sign_in_with_sso(client, sso, "anna"))
    assert client.get("/frister/").status_code == 200
    Staff.objects.filter(oidc_subject="idp-anna").update(is_active=False)
    assert client.get("/frister/")["Location"].startswith("/login/")


def test_a_provider_that_is_down_never_stands_in_the_way_of_a_local_login(sso, settings, alice):
    settings.OIDC_OP_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    client = Client()
    response = client.post("/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    # Past the password; the second factor (Tidlig's own TOTP) is the next step.
    assert client.get("/frister/")["Location"].startswith("/konto/to-faktor/")
