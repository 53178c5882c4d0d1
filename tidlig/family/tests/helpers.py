"""Test helpers for the family's pages: a browser session signed in as a citizen, as the sign-in leaves it.

The sign-in itself (OIDC against the suite's provider, the demo page) is tested in test_sign_in.py; other
tests start signed in, like conftest.login() does for staff.
"""

from __future__ import annotations

import time

from django.test import Client

from tidlig.family import citizen as citizens


def citizen_client(cpr: str, name: str = "Test Borger", *, via: str = "demo") -> Client:
    client = Client()
    session = client.session
    now = int(time.time())
    session[citizens.SESSION_KEY] = {"cpr": cpr, "name": name, "via": via, "at": now, "seen": now}
    session.save()
    return client
