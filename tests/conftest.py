"""One demo municipality for a module of tests that walk Tidlig as the demo's personas do.

`demo_site` builds Demokommune (at the pinned clock, with the clock stopped, like the module fixtures of
tidlig/demo/tests) and deletes it when the module ends. It is module-scoped, not session-scoped, on
purpose: a transactional test elsewhere (pytest-django's `live_server`) flushes the database after it and
would take a session's demo away, and `tidlig demo` in other modules refuses while one exists. The
persona tests are one module (tests/e2e/test_personas.py), so the demo is built once per session.
Tests that use it must not rely on changing it: browser tests that save something (a rating, an agreement)
choose a child nobody else looks at.
`demo_server` is a live server over the same database; unlike pytest-django's `live_server` it does not
flush the database after each test, so the demo survives from test to test.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.backends.base.creation import TEST_DATABASE_PREFIX
from django.test import override_settings

# Big enough for every persona's worklist and paedagog's stue of 25, small enough to build in seconds.
DEMO_CHILDREN = 3000
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, module_clock):
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
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        if old := generator.demo_municipality():  # a demo left over by an interrupted run
            delete_municipality(old)
        generator.build(children=DEMO_CHILDREN, seed=1)  # module_clock: at the pin, the clock stopped
        municipality = generator.demo_municipality()
    yield municipality
    with django_db_blocker.unblock():
        delete_municipality(municipality)


@pytest.fixture(scope="module")
def demo_server(demo_site, django_db_blocker):
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server
    server._live_server_modified_settings.disable()
    server.stop()
