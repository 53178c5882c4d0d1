"""A live server over the shared demo (`demo_site`, the root conftest.py: Demokommune built once per session).

`demo_server` is a live server over the same database; unlike pytest-django's `live_server` it does not
flush the database after each test, so the demo survives from test to test. Tests that use it must not rely
on changing the demo: browser tests that save something (a rating, an agreement) choose a child nobody else
looks at.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def demo_server(demo_site, django_db_blocker):
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server
    server._live_server_modified_settings.disable()
    server.stop()
