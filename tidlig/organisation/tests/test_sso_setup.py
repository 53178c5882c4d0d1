"""What a municipality sets up for single sign-on: the role mapping in the admin, and the MFA rule."""

from __future__ import annotations

import pytest

from conftest import PASSWORD
from tidlig.organisation.models import IdentityProviderRoleMapping, Role, Staff
from tidlig.organisation.oidc import NSIS_HIGH, mfa_asserted

ADD_URL = "/admin/organisation/identityproviderrolemapping/add/"


@pytest.fixture
def administrator(municipality):
    return Staff.objects.create_superuser(
        username="admin", password=PASSWORD, municipality=municipality, role=Role.ADMINISTRATOR
    )


@pytest.mark.parametrize(
    ("acr", "amr", "two_factors"),
    [
        ("", ["pwd", "mfa"], True),  # Entra ID after MFA
        ("", ["otp"], True),
        ("", ["hwk"], True),
        ("", ["pwd"], False),
        ("", [], False),
        ("https://data.gov.dk/concept/core/nsis/loa/Substantial", [], True),
        (NSIS_HIGH, ["pwd"], True),
        ("https://data.gov.dk/concept/core/nsis/loa/Low", ["pwd"], False),
    ],
)
def test_two_factors_are_read_from_amr_or_an_nsis_acr(acr, amr, two_factors):
    assert mfa_asserted(acr=acr, amr=amr) is two_factors


def test_an_administrator_maps_a_group_to_a_role_and_team(administrator, org, client_for):
    client = client_for(administrator)
    assert client.get(ADD_URL).status_code == 200
    response = client.post(
        ADD_URL,
        {
            "municipality": org["nord"].municipality_id,
            "group_value": "Tidlig-Raadgivere-Nord",
            "role": Role.CASEWORKER,
            "team": org["team_nord"].pk,
            "priority": 10,
        },
    )
    assert response.status_code == 302
    mapping = IdentityProviderRoleMapping.objects.get()
    assert (mapping.role, mapping.team) == (Role.CASEWORKER, org["team_nord"])


def test_a_team_from_another_municipality_is_refused_with_a_danish_message(
    administrator, org, other_municipality, client_for
):
    client = client_for(administrator)
    response = client.post(
        ADD_URL,
        {
            "municipality": other_municipality.pk,
            "group_value": "Tidlig-Raadgivere-Nord",
            "role": Role.CASEWORKER,
            "team": org["team_nord"].pk,
            "priority": 10,
        },
    )
    assert response.status_code == 200
    assert "Teamet hører til en anden kommune" in response.content.decode()
    assert 'value="Tidlig-Raadgivere-Nord"' in response.content.decode()
    assert not IdentityProviderRoleMapping.objects.exists()


def test_only_an_administrator_reaches_the_mapping(alice, administrator, client_for):
    assert client_for(alice).get(ADD_URL).status_code == 302  # to the admin login
    assert client_for(administrator).get(ADD_URL).status_code == 200


def test_the_staff_page_shows_the_sso_identity_read_only(administrator, alice, client_for):
    Staff.objects.filter(pk=alice.pk).update(oidc_subject="idp-alice")
    page = client_for(administrator).get(f"/admin/organisation/staff/{alice.pk}/change/")
    assert page.status_code == 200
    assert "idp-alice" in page.content.decode()
    assert 'name="oidc_subject"' not in page.content.decode()


@pytest.mark.django_db
def test_a_unit_with_children_or_staff_has_no_delete_in_the_admin(
    administrator, org, child, alice, client_for
):
    """Django's delete page listed every protected row first (minutes for a municipality of 100,000 children)."""
    admin = client_for(administrator)
    nord = org["nord"]
    for url in (
        f"/admin/organisation/municipality/{nord.municipality_id}/",
        f"/admin/organisation/district/{nord.pk}/",
        f"/admin/organisation/institution/{child.institution_id}/",
        f"/admin/organisation/team/{alice.team_id}/",
    ):
        assert url + "delete/" not in admin.get(url + "change/").text, url
        assert admin.get(url + "delete/").status_code == 403, url
        assert admin.post(url + "delete/", {"post": "yes"}).status_code == 403, url
    assert Staff.objects.filter(pk=alice.pk).exists() and child.institution.children.exists()
    # An empty district can still be deleted.
    empty = nord.municipality.districts.create(name="Ny")
    page = admin.get(f"/admin/organisation/district/{empty.pk}/change/")
    assert f"/admin/organisation/district/{empty.pk}/delete/" in page.text
    assert admin.post(f"/admin/organisation/district/{empty.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not nord.municipality.districts.filter(pk=empty.pk).exists()
