"""Every link Tidlig shows a demo persona opens for that persona (issue 10, "Broken for some roles").

For each demo login the test starts at the start page and follows same-origin GET links breadth-first, as
a curious new user would, and fails on any link that answers 4xx or 5xx for the user it was shown to: a
link is shown only to whom may open it. To stay quick it opens at most a few URLs per route (one child's
page stands for every child's page) and a bounded number of pages per persona; every distinct route that
a persona is shown a link to is opened at least once.
"""

from __future__ import annotations

from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from conftest import login
from tidlig.demo import organisation
from tidlig.organisation.models import Staff

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

PER_ROUTE = 3  # distinct URLs opened per route (with their query strings); Django's admin: 1
MAX_PAGES = 250  # per persona
# Links that end the session or leave the page's purpose: not followed (they are forms, or the admin's own).
SKIP_PREFIXES = ("/static/", "/media/", "/logout/", "/admin/logout/", "/admin/jsi18n/")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def same_origin_path(base: str, href: str) -> str | None:
    href = href.strip()
    if href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    url, _fragment = urldefrag(urljoin(base, href))
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if path.startswith(SKIP_PREFIXES) else path


def route_of(path: str) -> str:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return path  # an unknown path is its own route, and will fail as a 404 below
    return match.view_name or match.route


def crawl(username: str) -> tuple[list[str], set[str]]:
    client = login(Staff.objects.get(username=username))
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    seen: set[str] = {"/"}
    per_route: Counter[str] = Counter()
    routes: set[str] = set()
    failures: list[str] = []
    pages = 0
    while queue and pages < MAX_PAGES:
        path, found_on = queue.popleft()
        pages += 1
        try:
            response = client.get(path)
        except Exception as exc:  # the test client re-raises a view's exception: a 500 for the user
            failures.append(f"{path} (linked from {found_on}): 500 {type(exc).__name__}: {exc}")
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            target = same_origin_path(path, response["Location"])
            if target and target not in seen:
                seen.add(target)
                queue.appendleft((target, found_on))
            continue
        if response.status_code >= 400:
            failures.append(f"{path} (linked from {found_on}): {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(response.content.decode(response.charset or "utf-8", errors="replace"))
        for href in parser.hrefs:
            target = same_origin_path(path, href)
            if not target or target in seen:
                continue
            route = route_of(target)
            routes.add(route)
            if per_route[route] >= (1 if route.startswith("admin:") else PER_ROUTE):
                continue
            per_route[route] += 1
            seen.add(target)
            queue.append((target, path))
    return failures, routes


@pytest.mark.parametrize("username", list(organisation.LOGINS))
def test_every_link_a_persona_is_shown_opens_for_that_persona(demo_site, username):
    failures, routes = crawl(username)
    assert len(routes) >= 2, f"{username} was shown almost no links: {routes}"
    assert not failures, f"{username} is shown links they cannot open:\n" + "\n".join(failures)


def test_the_new_child_link_on_the_notification_form_is_shown_only_to_whom_may_register_a_child(
    rita, sara, hanne, pia
):
    assert 'href="/underretninger/barn/ny/"' in login(rita).get("/underretninger/ny/").content.decode()
    for member in (sara, hanne, pia):
        client = login(member)
        page = client.get("/underretninger/ny/")
        assert page.status_code == 200
        assert "/underretninger/barn/ny/" not in page.content.decode()
        assert client.get("/underretninger/barn/ny/").status_code == 403
