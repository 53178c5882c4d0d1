"""pytest fixtures: the test identity provider in a subprocess, and Tidlig configured to use it.

Registered for the whole suite by `pytest_plugins` in the root conftest.py.
The provider is real: Tidlig's backend fetches its discovery document, exchanges the code at its token
endpoint, checks the ID token against its JWKS and reads its userinfo endpoint, all over HTTP.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
import time_machine

from . import serve

SERVE = Path(serve.__file__)
IDP_PASSWORD = "idp-password"
NSIS_SUBSTANTIAL = "https://data.gov.dk/concept/core/nsis/loa/Substantial"
CASEWORKERS_NORD = "Tidlig-Raadgivere-Nord"
ANALYSTS = "Tidlig-Analytikere"
EVERYONE = "Alle-Medarbejdere"
MFA = {"amr": ["pwd", "mfa"], "acr": NSIS_SUBSTANTIAL}


def persona(first: str, last: str, groups: list[str], municipality: str = "0999", **claims) -> dict:
    username = first.lower()
    return {
        "password": IDP_PASSWORD,
        "email": f"{username}@testrup.invalid",
        "first_name": first,
        "last_name": last,
        "claims": {"sub": f"idp-{username}", "groups": groups, "municipality_code": municipality, **claims},
    }


def citizen(first: str, last: str, cpr: str | None, claim: str = "dk:gov:cpr", **claims) -> dict:
    """A citizen at the MitID broker: no groups, the CPR number in `claim` (none when cpr is None)."""
    return {
        "password": IDP_PASSWORD,
        "email": "",
        "first_name": first,
        "last_name": last,
        "claims": {
            "sub": f"mitid-{first.lower()}",
            **({claim: cpr} if cpr is not None else {}),
            "acr": NSIS_SUBSTANTIAL,
            **claims,
        },
    }


# Citizens at the broker (the family's pages, issue 14). Mette Jensen is conftest's `mother` (custody of Lukas and
# Ida); the others are refused personas of tidlig/family/tests.
CITIZENS = {
    "borger-mette": citizen("Mette", "Jensen", "0303851234"),
    "borger-jonas": citizen("Jonas", "Jensen", "1111801237"),  # Lukas's father, no custody
    "borger-fremmed": citizen("Frede", "Fremmed", "0101701239", claim="cpr"),  # a stranger, the plain claim
    "borger-uden": citizen("Ulla", "Udencpr", None),  # the broker sent no CPR number
    "borger-skaev": citizen("Sara", "Skaev", "3213001234"),  # not a CPR number
}

# The people at the municipality's identity provider (Testrup is 0999, Andetrup 0998; conftest.py).
PERSONAS = {
    "anna": persona("Anna", "Andersen", [CASEWORKERS_NORD, EVERYONE], **MFA),  # new caseworker, two factors
    "nils": persona("Nils", "Nielsen", [EVERYONE], **MFA),  # in no group that Tidlig knows
    "pia": persona("Pia", "Poulsen", [CASEWORKERS_NORD], amr=["pwd"], acr="urn:low"),  # password only
    "nina": persona("Nina", "Nygaard", [CASEWORKERS_NORD], acr=NSIS_SUBSTANTIAL),  # NSIS betydelig, no amr
    "adam": persona("Adam", "Akselsen", [ANALYSTS], amr=["pwd"]),  # analyst: no personal data, one factor
    "frida": persona("Frida", "Frost", [CASEWORKERS_NORD], **MFA),  # deactivated in Tidlig
    "olaf": persona(
        "Olaf", "Olsen", [CASEWORKERS_NORD], municipality="0998", **MFA
    ),  # Testrup staff, says 0998
    "alice": persona("Alice", "Testesen", [CASEWORKERS_NORD], **MFA),  # conftest's local caseworker alice
    # A careless provider: NUL bytes (PostgreSQL refuses them) and a surname longer than the column.
    "zoe": persona(
        "Zoe", "Z", [CASEWORKERS_NORD, "Gruppe\x00Nul"], given_name="Zoe\x00", family_name="Ø" * 400, **MFA
    ),
}


def _real_time() -> float:
    hatch = time_machine.escape_hatch
    return hatch.time.time() if hatch.is_travelling() else time.time()


@dataclass
class Provider:
    url: str
    # The provider runs at the suite's pinned clock (issue 8 §6): it started at `started_at` on its own clock,
    # `started_real` seconds on the real one, and its clock ticks from there.
    started_at: dt.datetime
    started_real: float

    def now(self) -> dt.datetime:
        """The provider's clock now: the moment its tokens are issued at (iat), whatever the real time is."""
        return self.started_at + dt.timedelta(seconds=_real_time() - self.started_real)

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    def sign_in(self, authorize_url: str, username: str, password: str = IDP_PASSWORD) -> str:
        """What a person does at the provider: log in; returns where it sends the browser back to."""
        idp = requests.Session()
        r = idp.get(authorize_url, allow_redirects=False, timeout=10)
        assert r.status_code == 302, r.text[:500]
        login_url = urljoin(self.url, r.headers["Location"])
        idp.get(login_url, timeout=10).raise_for_status()
        next_url = dict(p.split("=", 1) for p in urlsplit(login_url).query.split("&"))["next"]
        r = idp.post(
            login_url,
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": idp.cookies["idp_csrftoken"],
                "next": requests.utils.unquote(next_url),
            },
            allow_redirects=False,
            timeout=10,
        )
        assert r.status_code == 302, r.text[:500]
        r = idp.get(urljoin(self.url, r.headers["Location"]), allow_redirects=False, timeout=10)
        assert r.status_code == 302, r.text[:500]
        return r.headers["Location"]


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    state = tmp_path_factory.mktemp("oidc_provider")
    (state / "personas.json").write_text(json.dumps({**PERSONAS, **CITIZENS}))
    stderr = (state / "stderr.log").open("w")
    # Like the durability test's server, the provider starts at the suite's clock (sitecustomize travels).
    from tests.test_durability import CLOCK, at_test_clock

    (state / "clock").mkdir()
    (state / "clock" / "sitecustomize.py").write_text(CLOCK)
    env = at_test_clock(
        {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(state / "clock"), os.environ.get("PYTHONPATH")])),
        }
    )
    started_at, started_real = (
        dt.datetime.fromisoformat(env["TIDLIG_SUBPROCESS_NOW"]),
        _real_time(),
    )
    process = subprocess.Popen(
        [sys.executable, str(SERVE), str(state)], stdout=subprocess.PIPE, stderr=stderr, text=True, env=env
    )
    ready: list[str] = []
    reader = threading.Thread(target=lambda: ready.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout=30)
    if not ready or not ready[0].startswith("READY"):
        process.kill()
        stderr.close()
        pytest.fail("the test identity provider did not start:\n" + (state / "stderr.log").read_text())
    try:
        yield Provider(
            url=f"http://127.0.0.1:{int(ready[0].split()[1])}",
            started_at=started_at,
            started_real=started_real,
        )
    finally:
        process.terminate()
        process.wait(timeout=10)
        stderr.close()


@pytest.fixture
def sso(settings, oidc_provider, org, other_municipality):
    """Tidlig configured for the test provider by discovery, with Testrup's role mapping."""
    from tidlig.organisation.models import IdentityProviderRoleMapping, Role

    settings.OIDC_OP_ISSUER = oidc_provider.issuer
    settings.OIDC_OP_DISCOVERY_URL = f"{oidc_provider.issuer}/.well-known/openid-configuration"
    settings.OIDC_RP_CLIENT_ID = serve.CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = serve.CLIENT_SECRET
    settings.OIDC_MUNICIPALITY_CLAIM = "municipality_code"
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.OIDC_REQUIRE_MFA = True
    settings.OIDC_LINK_EXISTING_BY = ""
    municipality = org["nord"].municipality
    IdentityProviderRoleMapping.objects.create(
        municipality=municipality, group_value=CASEWORKERS_NORD, role=Role.CASEWORKER, team=org["team_nord"]
    )
    IdentityProviderRoleMapping.objects.create(
        municipality=municipality, group_value=ANALYSTS, role=Role.ANALYST
    )
    # Each test starts at the pin, the provider's clock has run on since the session began: the test follows
    # the provider's clock (a second ahead, so a token is never issued "in the future"), never the real one.
    with time_machine.travel(oidc_provider.now() + dt.timedelta(seconds=1), tick=True):
        yield oidc_provider


@pytest.fixture
def citizen_sso(settings, oidc_provider):
    """The family's pages configured for the test provider as their own client (CITIZEN_OIDC_*)."""
    settings.CITIZEN_OIDC_OP_ISSUER = oidc_provider.issuer
    settings.CITIZEN_OIDC_OP_DISCOVERY_URL = f"{oidc_provider.issuer}/.well-known/openid-configuration"
    settings.CITIZEN_OIDC_RP_CLIENT_ID = serve.CITIZEN_CLIENT_ID
    settings.CITIZEN_OIDC_RP_CLIENT_SECRET = serve.CITIZEN_CLIENT_SECRET
    with time_machine.travel(oidc_provider.now() + dt.timedelta(seconds=1), tick=True):
        yield oidc_provider


def sign_in_with_sso(client, provider: Provider, username: str, start: str = "/oidc/login/"):
    """The authorization-code flow across two servers: Tidlig through the test client, the provider
    over HTTP; returns Tidlig's answer to the provider's redirect back (not followed)."""
    r = client.get(start)
    assert r.status_code == 302, r
    back = urlsplit(provider.sign_in(r["Location"], username))
    assert back.netloc == "testserver", back
    return client.get(f"{back.path}?{back.query}")
