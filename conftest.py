"""Personas shared by every test (docs/architecture.md, "Tests"): each view and API test includes someone
who must be refused.

Municipality "Testrup" (0999) has a reception team, two district teams and a daycare in each district.
- rita: reception            - alice: caseworker, team Nord   - bob: caseworker, team Syd
- tom: team leader of Nord   - eva: educator at Solsikken (Nord)   - ann: analyst
- olga: reception in another municipality (must see nothing of Testrup)
Early detection (wellbeing, concerns, crossteam):
- emil: second educator at Solsikken (two raters)   - kim: educator at Sydskolen (another institution)
- lea: leader of Solsikken   - sara: social worker, hanne: health visitor, pia: PPR psychologist,
  all three on Solsikken's cross-disciplinary team   - mads: manager
- `group`: Solsikken's "Mariehønen" with eva and emil, `child` and `sibling`; `period`: open today.
Children: `child` (Nord, at Solsikken), `sibling` (shares a custody guardian with `child`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings

from tidlig.crossteam.models import CrossTeamMember, Profession
from tidlig.organisation.models import District, Institution, Municipality, Role, Staff, Team
from tidlig.organisation.services import api_token_create
from tidlig.people.models import Child, Guardianship, Person
from tidlig.wellbeing.models import Group, GroupMember, RatingPeriod

# The identity provider for single sign-on tests (oidc_provider, sso): tests/oidc_provider/fixture.py.
pytest_plugins = ["tests.oidc_provider.fixture"]

PASSWORD = "test-password-1"

# Hypothesis' 200 ms deadline fails pure-rule tests on a shared, loaded machine (a first example that waits for
# a core is not a bug); the examples themselves stay as they are.
settings.register_profile("tidlig", deadline=None)
settings.load_profile("tidlig")


@pytest.fixture
def municipality(db):
    return Municipality.objects.create(code="0999", name="Testrup")


@pytest.fixture
def other_municipality(db):
    return Municipality.objects.create(code="0998", name="Andetrup")


@pytest.fixture
def org(municipality):
    nord = District.objects.create(municipality=municipality, name="Nord")
    syd = District.objects.create(municipality=municipality, name="Syd")
    return {
        "nord": nord,
        "syd": syd,
        "reception": Team.objects.create(
            municipality=municipality, kind=Team.Kind.RECEPTION, name="Modtagelsen"
        ),
        "team_nord": Team.objects.create(
            municipality=municipality, kind=Team.Kind.DISTRICT, name="Team Nord", district=nord
        ),
        "team_syd": Team.objects.create(
            municipality=municipality, kind=Team.Kind.DISTRICT, name="Team Syd", district=syd
        ),
        "solsikken": Institution.objects.create(
            municipality=municipality, district=nord, name="Solsikken", kind=Institution.Kind.DAYCARE
        ),
        "syd_skole": Institution.objects.create(
            municipality=municipality, district=syd, name="Sydskolen", kind=Institution.Kind.SCHOOL
        ),
    }


def make_staff(username: str, role: str, municipality, **extra) -> Staff:
    first, _, last = extra.pop("name", f"{username.title()} Testesen").partition(" ")
    user = Staff.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        municipality=municipality,
        first_name=first,
        last_name=last,
        email=f"{username}@testrup.invalid",
        **extra,
    )
    return user


@pytest.fixture
def rita(municipality, org):
    return make_staff("rita", Role.RECEPTION, municipality, team=org["reception"], name="Rita Modtager")


@pytest.fixture
def alice(municipality, org):
    return make_staff("alice", Role.CASEWORKER, municipality, team=org["team_nord"], name="Alice Rådgiver")


@pytest.fixture
def bob(municipality, org):
    return make_staff("bob", Role.CASEWORKER, municipality, team=org["team_syd"], name="Bob Rådgiver")


@pytest.fixture
def tom(municipality, org):
    return make_staff("tom", Role.TEAM_LEADER, municipality, team=org["team_nord"], name="Tom Teamleder")


@pytest.fixture
def eva(municipality, org):
    return make_staff(
        "eva",
        Role.EDUCATOR,
        municipality,
        institution=org["solsikken"],
        name="Eva Pædagog",
        job_title="Pædagog",
    )


@pytest.fixture
def ann(municipality, org):
    return make_staff("ann", Role.ANALYST, municipality, name="Ann Analytiker")


@pytest.fixture
def olga(other_municipality):
    reception = Team.objects.create(
        municipality=other_municipality, kind=Team.Kind.RECEPTION, name="Modtagelse"
    )
    return make_staff("olga", Role.RECEPTION, other_municipality, team=reception, name="Olga Andenkommune")


@pytest.fixture
def emil(municipality, org):
    return make_staff(
        "emil",
        Role.EDUCATOR,
        municipality,
        institution=org["solsikken"],
        name="Emil Pædagog",
        job_title="Pædagog",
    )


@pytest.fixture
def frida(municipality, org):
    """An educator at Solsikken who is NOT in the group Mariehønen: she must see none of its children."""
    return make_staff(
        "frida",
        Role.EDUCATOR,
        municipality,
        institution=org["solsikken"],
        name="Frida Pædagog",
        job_title="Pædagog",
    )


@pytest.fixture
def kim(municipality, org):
    return make_staff(
        "kim", Role.EDUCATOR, municipality, institution=org["syd_skole"], name="Kim Lærer", job_title="Lærer"
    )


@pytest.fixture
def lea(municipality, org):
    return make_staff(
        "lea", Role.INSTITUTION_LEADER, municipality, institution=org["solsikken"], name="Lea Leder"
    )


@pytest.fixture
def mads(municipality, org):
    return make_staff("mads", Role.MANAGER, municipality, name="Mads Chef")


def _cross_member(username, role, profession, municipality, institution, name):
    staff = make_staff(username, role, municipality, name=name)
    CrossTeamMember.objects.create(institution=institution, staff=staff, profession=profession)
    return staff


@pytest.fixture
def sara(municipality, org):
    return _cross_member(
        "sara",
        Role.SOCIAL_WORKER,
        Profession.SOCIAL_WORKER,
        municipality,
        org["solsikken"],
        "Sara Socialrådgiver",
    )


@pytest.fixture
def hanne(municipality, org):
    return _cross_member(
        "hanne",
        Role.HEALTH_VISITOR,
        Profession.HEALTH_VISITOR,
        municipality,
        org["solsikken"],
        "Hanne Sundhedsplejerske",
    )


@pytest.fixture
def pia(municipality, org):
    return _cross_member(
        "pia", Role.PSYCHOLOGIST, Profession.PSYCHOLOGIST, municipality, org["solsikken"], "Pia Psykolog"
    )


@pytest.fixture
def period(org):
    today = timezone.localdate()
    return RatingPeriod.objects.create(
        institution=org["solsikken"],
        title="Efterår",
        opens_on=today - dt.timedelta(days=14),
        closes_on=today + dt.timedelta(days=14),
    )


@pytest.fixture
def group(org, eva, emil, child, sibling):
    g = Group.objects.create(institution=org["solsikken"], name="Mariehønen")
    g.educators.add(eva, emil)
    for c in (child, sibling):
        GroupMember.objects.create(group=g, child=c, joined_on=dt.date(2024, 8, 1))
    return g


@pytest.fixture
def mother(municipality):
    return Person.objects.create(
        municipality=municipality,
        cpr="0303851234",
        first_name="Mette",
        last_name="Jensen",
        email="mette@example.invalid",
    )


@pytest.fixture
def child(municipality, org, mother):
    c = Child.objects.create(
        municipality=municipality,
        cpr="1504184235",
        first_name="Lukas",
        last_name="Jensen",
        birth_date=dt.date(2018, 4, 15),
        sex="M",
        institution=org["solsikken"],
        district=org["nord"],
    )
    Guardianship.objects.create(child=c, person=mother, relation="mother", has_custody=True)
    return c


@pytest.fixture
def sibling(municipality, org, mother):
    c = Child.objects.create(
        municipality=municipality,
        cpr="0209204236",
        first_name="Ida",
        last_name="Jensen",
        birth_date=dt.date(2020, 9, 2),
        sex="F",
        institution=org["solsikken"],
        district=org["nord"],
    )
    Guardianship.objects.create(child=c, person=mother, relation="mother", has_custody=True)
    return c


def login(user: Staff) -> Client:
    """A client signed in as `user` with both factors: a confirmed TOTP device, marked verified in the
    session exactly as django_otp.login() does after a right code (the sign-in itself is tested in
    tidlig/accounts/tests)."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def login_without_mfa(user: Staff) -> Client:
    """A client past the password but not the second factor."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_for():
    return login


@pytest.fixture
def token_for():
    """An API client authenticated with a bearer token, as an integration would be."""

    def make(user: Staff) -> Client:
        return Client(headers={"Authorization": f"Bearer {api_token_create(staff=user, label='test')}"})

    return make


# --- The clock (issue 8 §6): every test runs at a pinned moment, never at the real one ---------------------
# TIDLIG_TEST_NOW moves the pin (ISO 8601 with an offset; `make test-clocks` sweeps it over the hard moments);
# "real" turns it off, to see what the suite does at the real (or faketime's) clock.
DEFAULT_TEST_NOW = "2026-11-18T10:00:00+01:00"  # a Wednesday: no month end, DST night or half-year near
_pin = os.environ.get("TIDLIG_TEST_NOW", "").strip() or DEFAULT_TEST_NOW
TEST_NOW = None if _pin == "real" else dt.datetime.fromisoformat(_pin)
assert TEST_NOW is None or TEST_NOW.tzinfo, f"TIDLIG_TEST_NOW needs an offset: {_pin}"


def _pinned(*, tick: bool):
    return time_machine.travel(TEST_NOW, tick=tick) if TEST_NOW else contextlib.nullcontext()


@pytest.fixture(scope="session", autouse=True)
def session_clock():
    """Session fixtures (the database, the live server, the browser) start at the pin too."""
    with _pinned(tick=True) as traveller:
        yield traveller


@pytest.fixture(scope="module", autouse=True)
def module_clock(session_clock):
    """Module fixtures (the demo) are built at the pin, with the clock stopped: nothing they write is later
    than the moment each test then starts at."""
    with _pinned(tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def clock(module_clock):
    """Each test starts at the pin and time runs on from there, so timeouts and waits still end. A test that
    needs another moment travels itself (`time_machine.travel(…)` nests, or `clock.move_to(…)`)."""
    with _pinned(tick=True) as traveller:
        yield traveller


@pytest.fixture
def now(clock):
    return timezone.now()


@pytest.fixture(scope="session", autouse=True)
def post_file_outbox(tmp_path_factory):
    """Letters a test (or a demo built for one) sends go to a temporary file outbox, never the repository's."""
    from django.test import override_settings

    with override_settings(POST_TRANSPORT="file", POST_FILE_DIR=tmp_path_factory.mktemp("outbox")):
        yield


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """MD5 only in tests: the real hasher costs ~0.4 s per persona and proves nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- One demo municipality for the whole session (issue 10: `make test` well under 20 minutes) -------------
# Building Demokommune costs a minute on PostgreSQL and deleting it another; five modules used to build their
# own. Now `demo_site` builds one, at the pin with the clock stopped, the first time a module asks for it, and
# every module after shares it. Tests on it must leave it as they found it: a test in a transaction rolls back;
# a browser test that saves something picks a child nobody else looks at.
# Two things keep it from leaking into other tests (which count rows or expect an empty installation):
# - the tests that use it run together, after every other test in a transaction and before the first
#   transactional one (`pytest_collection_modifyitems` below, after pytest-django has put the transactional
#   tests after the others);
# - before a transactional test the database is flushed, as every transactional test flushes it after itself
#   (deleting the demo row by row took as long as building it); a later module that asked for the demo would
#   get it built again (which the order above avoids).
# Enough for paedagog's stue of 25 and every persona's worklist; a module that needs more says so in
# DEMO_CHILDREN_NEEDED (the five-year story's shares: tidlig/demo/tests/test_demo_story.py), and the demo is
# built at the largest size any collected module needs.
DEMO_CHILDREN = 3_000
DEMO_SEED = 1
DEMO_FIXTURE = "demo_site"


@dataclass(frozen=True)
class Demo:
    municipality: Municipality
    children: int  # 0–17, as built
    out: str  # what `tidlig demo` printed
    now: dt.datetime  # the moment it was built at (the pin)

    @property
    def today(self) -> dt.date:
        return timezone.localdate(self.now)


_demo: dict[str, Demo] = {}
_demo_children = [DEMO_CHILDREN]  # the size the collected modules need (pytest_collection_modifyitems)


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames))


def _in_a_transaction(item: pytest.Item) -> bool:
    return not _transactional(item) and (item.get_closest_marker("django_db") or "db" in item.fixturenames)


def beside_the_demo(code: str = "0997") -> dict:
    """`generator.build` options for another municipality beside the shared demo, as the national demo builds
    them: its own code, name, logins (`raadgiver-0997`) and CPR numbers (a fresh allocator each time, so two
    builds with one seed hand out the same numbers)."""
    from tidlig.demo.synthetic_cpr import NATIONAL_PREFIXES, CprAllocator

    return {
        "code": code,
        "name": "Prøvekommune",
        "login_suffix": code,
        "cpr": CprAllocator(NATIONAL_PREFIXES),
    }


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The shared demo's tests together, at the end of the tests that run in a transaction."""
    on_demo = [i for i in items if DEMO_FIXTURE in i.fixturenames and not _transactional(i)]
    if not on_demo:
        return
    _demo_children[0] = max(getattr(i.module, "DEMO_CHILDREN_NEEDED", DEMO_CHILDREN) for i in on_demo)
    rest = [i for i in items if DEMO_FIXTURE not in i.fixturenames or _transactional(i)]
    at = max((n + 1 for n, i in enumerate(rest) if _in_a_transaction(i)), default=0)
    items[:] = rest[:at] + on_demo + rest[at:]


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, module_clock) -> Demo:
    """Demokommune, built once per session (see above) at the pin; `Demo.municipality`, `.children`, `.out`,
    `.now`."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection
    from django.db.backends.base.creation import TEST_DATABASE_PREFIX
    from django.test import override_settings

    from tidlig.demo import generator
    from tidlig.demo.reset import delete_municipality

    with django_db_blocker.unblock():
        # pytest-django sets up the test database only if a collected test is marked django_db (or asks
        # for `db`); never build the demo in the database the settings name for real use.
        # (On PostgreSQL the test database's name is the real one with Django's "test_" prefix, and once set
        # up, _get_test_db_name() would prefix it again; on SQLite the settings name the test file.)
        name = str(connection.settings_dict["NAME"])
        if name != connection.creation._get_test_db_name() and not name.startswith(TEST_DATABASE_PREFIX):
            pytest.fail("demo_site needs the test database: collect at least one django_db test with it")
        shared = _demo.get("demo")
        if shared and Municipality.objects.filter(pk=shared.municipality.pk).exists():
            return shared
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            if old := generator.demo_municipality():  # a demo left over by an interrupted run
                delete_municipality(old)
            out = StringIO()
            call_command("demo", children=_demo_children[0], seed=DEMO_SEED, stdout=out)
        _demo["demo"] = Demo(generator.demo_municipality(), _demo_children[0], out.getvalue(), timezone.now())
    return _demo["demo"]


@pytest.fixture(autouse=True)
def _no_shared_demo_under_a_transactional_test(request, django_db_blocker):
    """A transactional test sees the installation without the demo: flushed, as TransactionTestCase leaves it."""
    if "demo" in _demo and _transactional(request.node):
        from django.core.management import call_command

        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
        _demo.clear()
