"""Single sign-on in a real browser: Tidlig's login page, the test identity provider, and back.

The provider (tests/oidc_provider/) runs on its own port; chromium follows the real redirects both
ways, and the provider redirects to Tidlig's loopback callback on the live server's port (RFC 8252).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.oidc_provider.fixture import IDP_PASSWORD
from tidlig.organisation.models import Role, Staff

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_caseworker_signs_in_with_the_municipalitys_login_and_lands_on_her_worklist(
    page, sso, org, shot, axe, js_errors
):
    page.goto("/login/")
    axe("login with SSO")
    page.get_by_role("link", name="Log ind med kommunens login (SSO)").click()

    expect(page.get_by_role("heading", name="Kommunens login (test-IdP)")).to_be_visible()
    assert page.url.startswith(sso.url)
    page.get_by_label("IdP-brugernavn").fill("anna")
    page.get_by_label("IdP-adgangskode").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Fortsæt").click()

    expect(page.get_by_role("heading", name="Mine frister")).to_be_visible()
    assert not page.url.startswith(sso.url)
    assert re.search(r"/oidc/|/login/", page.url) is None
    shot("01-worklist")
    anna = Staff.objects.get(oidc_subject="idp-anna")
    assert (anna.role, anna.team) == (Role.CASEWORKER, org["team_nord"])
    assert js_errors == []


def test_someone_in_no_mapped_group_sees_why_in_danish(page, sso, shot):
    page.goto("/login/")
    page.get_by_role("link", name="Log ind med kommunens login (SSO)").click()
    page.get_by_label("IdP-brugernavn").fill("nils")
    page.get_by_label("IdP-adgangskode").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Fortsæt").click()

    expect(page.get_by_role("heading", name="Du er ikke logget ind")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("ingen af dine grupper er knyttet til en rolle")
    shot("01-refused")
    assert not Staff.objects.filter(oidc_subject="idp-nils").exists()
