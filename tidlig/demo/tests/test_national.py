"""`tidlig demo --municipalities N`: real municipalities (name, code, size from their population) with
synthetic people, and need-to-know between them.

Three municipalities at a thousandth of their size are built once for the module and deleted afterwards.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from stdnum.dk import cpr as stdnum_cpr

from tidlig.demo.reset import delete_municipality
from tidlig.demo.synthetic_cpr import is_demo_cpr
from tidlig.organisation.models import Municipality, Role, Staff
from tidlig.people.models import Child, Person

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CODES = ["0101", "0147", "0151"]

# By hand from organisation/data/folk1a_population_all_ages_2026q1.csv: København 671,714, Frederiksberg
# 106,150, Ballerup 53,950 inhabitants; the 98 together 6,025,511; 1,160,000 children 0–17 in the country.
# Children at scale 0.001: 671,714 × 1,160,000 / 6,025,511 / 1000 = 129.3 → 129; 106,150 → 20.4 → 20;
# 53,950 → 10.4 → 10.
EXPECTED = {"0101": ("København", 129), "0147": ("Frederiksberg", 20), "0151": ("Ballerup", 10)}


@pytest.fixture(scope="module")
def country(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        out = StringIO()
        call_command("demo", municipalities=3, scale=0.001, seed=3, no_facts=True, stdout=out)
        yield {m.code: m for m in Municipality.objects.filter(code__in=CODES)}, out.getvalue()
        for m in Municipality.objects.filter(code__in=CODES):
            delete_municipality(m)


@pytest.mark.django_db
def test_three_municipalities_get_their_real_names_codes_and_proportional_sizes(country):
    municipalities, out = country

    assert sorted(municipalities) == CODES
    for code, (name, children) in EXPECTED.items():
        m = municipalities[code]
        assert m.name == name
        assert Child.objects.filter(municipality=m, is_unborn=False).count() == children, code
    assert "Built 3 municipalities with 159 children" in out


@pytest.mark.django_db
def test_every_cpr_number_is_synthetic_and_used_once_in_the_whole_installation(country):
    numbers = list(Child.objects.exclude(cpr=None).exclude(cpr="").values_list("cpr", flat=True))
    numbers += list(Person.objects.exclude(cpr="").values_list("cpr", flat=True))

    assert len(numbers) > 300
    assert len(numbers) == len(set(numbers))
    assert all(is_demo_cpr(n) and stdnum_cpr.validate(n) for n in numbers)
    assert not any(n[6:8] == "99" for n in numbers)  # Demokommune's own serials stay free


@pytest.mark.django_db
def test_every_municipality_has_the_personas_with_its_code_after_the_username(country):
    municipalities, _out = country

    for code, m in municipalities.items():
        assert Staff.objects.get(username=f"raadgiver-{code}").municipality == m
        assert Staff.objects.get(username=f"chef-{code}").role == Role.MANAGER
    assert not Staff.objects.filter(username="raadgiver", municipality__code__in=CODES).exists()


@pytest.mark.django_db
def test_a_caseworker_never_sees_a_child_of_another_municipality(country, client_for):
    municipalities, _out = country
    own = Child.objects.filter(municipality=municipalities["0101"], caseworker__isnull=False).first()
    other = Child.objects.filter(municipality=municipalities["0147"], is_unborn=False).first()
    caseworker = own.caseworker
    client = client_for(caseworker)

    assert client.get(f"/boern/{own.pk}/").status_code == 200
    assert client.get(f"/boern/{other.pk}/").status_code == 404
    found = client.get("/boern/soeg/", {"q": f"{other.cpr[:6]}-{other.cpr[6:]}"})
    assert found.status_code == 200 and other.last_name not in found.content.decode()
    assert client.get(f"/api/v1/children/{other.pk}/obligations").status_code == 404
    worklist = client.get("/frister/").content.decode()
    assert f"/boern/{other.pk}/" not in worklist


@pytest.mark.django_db
def test_building_them_again_needs_reset(country):
    with pytest.raises(CommandError, match="exist already"):
        call_command("demo", municipalities=1, scale=0.001, no_facts=True, stdout=StringIO())
