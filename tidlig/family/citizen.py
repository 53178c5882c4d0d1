"""Who the citizen is: kept in the session under its own key, never as a Django user.

A citizen (a parent or a young person signed in with MitID through the municipality's broker, or through
the demo's sign-in) is not a `Staff` row: `request.user` stays anonymous, so no staff page, API token or
role ever applies to them. The session holds {"cpr", "name", "via", "at", "seen"} under SESSION_KEY; the
CPR number is needed to find the children (people.Guardianship) and never leaves the server (the audit log
names the citizen by `audit.services.citizen_key`).

Sessions are short (ASVS 3.3.2): CITIZEN_SESSION_IDLE_SECONDS without a request, CITIZEN_SESSION_MAX_SECONDS
after signing in, whatever happens.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.contrib.auth import logout

from tidlig.audit import services as audit
from tidlig.people import cpr as cprs

SESSION_KEY = "tidlig_citizen"
# Why the last session ended, for the sign-in page ("idle" or "absolute").
ENDED_KEY = "tidlig_citizen_ended"
# Activity is written to the session at most once a minute.
RESOLUTION = 60


@dataclass(frozen=True)
class Citizen:
    cpr: str
    name: str
    via: str  # "oidc" (MitID through the broker) or "demo"

    @cached_property
    def key(self) -> str:
        """The audit log's name for this citizen (a keyed digest of the CPR number)."""
        return audit.citizen_key(self.cpr)

    @property
    def birth_date(self) -> dt.date:
        return cprs.birth_date(self.cpr)


def sign_in(request, *, cpr: str, name: str, via: str) -> Citizen:
    """Start a citizen session: any staff login in this browser ends, and the session id is new (ASVS 3.2.1)."""
    if request.user.is_authenticated:
        logout(request)  # flushes the session: a citizen and a staff member never share one
    else:
        request.session.cycle_key()
    now = int(time.time())
    request.session[SESSION_KEY] = {"cpr": cpr, "name": name[:200], "via": via, "at": now, "seen": now}
    request.session.pop(ENDED_KEY, None)
    return Citizen(cpr=cpr, name=name[:200], via=via)


def sign_out(request, reason: str = "") -> None:
    request.session.flush()
    if reason:
        request.session[ENDED_KEY] = reason


def current(request) -> Citizen | None:
    """The signed-in citizen, or None (not signed in, a staff session, or the session has run out)."""
    if hasattr(request, "_tidlig_citizen"):
        return request._tidlig_citizen
    request._tidlig_citizen = _current(request)
    return request._tidlig_citizen


def _current(request) -> Citizen | None:
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict) or getattr(request, "user", None) is None:
        return None
    if request.user.is_authenticated:
        return None
    now = int(time.time())
    if now - int(data.get("seen", 0)) > settings.CITIZEN_SESSION_IDLE_SECONDS:
        sign_out(request, "idle")
        return None
    if now - int(data.get("at", 0)) > settings.CITIZEN_SESSION_MAX_SECONDS:
        sign_out(request, "absolute")
        return None
    if now - int(data["seen"]) >= RESOLUTION:
        request.session[SESSION_KEY] = {**data, "seen": now}
    return Citizen(cpr=data["cpr"], name=data.get("name", ""), via=data.get("via", ""))
