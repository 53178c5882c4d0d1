"""Each demo persona's day in the browser, on the one demo of the session (issue 10, "Goals" and "Phone width").

- Every persona's start page at 1366 px and at 390 px (a phone, by touch) is saved as a screenshot in
  screenshots/start-pages/ (git-ignored; see README "Screenshots"), so a person can look at them all.
- Every main task of every persona is reached from the start page in at most 3 clicks; the test clicks
  as the person would and counts.
- At 390 px the menu holds "Log af" and the language switch, the keyboard help is not shown, and an
  educator rates a child and agrees a joint rating by tapping.

- Every link a persona is shown opens for that persona (issue 10, "Broken for some roles"): for each
  demo login the crawl starts at the start page and follows same-origin GET links breadth-first, as a
  curious new user would, and fails on any link that answers 4xx or 5xx for the user it was shown to. To
  stay quick it opens at most a few URLs per route (one child's page stands for every child's page) and a
  bounded number of pages per persona; every distinct route a persona is shown a link to is opened.
  (Django's test client, not the browser: it runs in the PostgreSQL pass too.)

One demo, one live server and one browser serve the whole module (tests/conftest.py, tests/e2e/conftest.py).
Run a selection with the django_db test in it (e.g. `-k "phone or second_factor"`): pytest-django sets up
the test database only when a collected test asks for it.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Page, expect

from conftest import login
from tidlig.demo import organisation
from tidlig.organisation.models import Staff

from .conftest import SCREENSHOTS

pytestmark = [pytest.mark.slow]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
START_PAGES = SCREENSHOTS / "start-pages"


def TODAY():  # noqa: N802 — the pinned clock's day, read when a test runs
    from django.utils import timezone

    return timezone.localdate()


def _shot(name: str):
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS / f"personas-{name}.png"


# --- Every link opens for whom it is shown ----------------------------------------------------------------
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


@pytest.mark.django_db
@pytest.mark.parametrize("username", list(organisation.LOGINS))
def test_every_link_a_persona_is_shown_opens_for_that_persona(demo_site, username):
    failures, routes = crawl(username)
    assert len(routes) >= 2, f"{username} was shown almost no links: {routes}"
    assert not failures, f"{username} is shown links they cannot open:\n" + "\n".join(failures)


@pytest.mark.django_db
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


# --- The browser ------------------------------------------------------------------------------------------
@pytest.fixture
def open_as(demo_server, browser, django_db_blocker, settings):
    """open_as("paedagog", phone=True) → a page signed in as the demo persona, at 1366 px or at 390 px."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    contexts = []

    def make(username: str, *, phone: bool = False) -> Page:
        context = browser.new_context(
            base_url=demo_server.url,
            locale="da-DK",
            timezone_id="Europe/Copenhagen",
            viewport=PHONE if phone else DESKTOP,
            has_touch=phone,
            is_mobile=phone,
            device_scale_factor=1,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        # Signed in as the conftest's login() does (both factors): the sign-in itself is tested in
        # test_sign_in.py, and typing the TOTP code again here would be refused as a reused code, since
        # every test starts at the same pinned moment.
        client = login(Staff.objects.get(username=username))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": demo_server.url}])
        page = context.new_page()
        page.goto("/")
        return page

    with django_db_blocker.unblock():
        yield make
    for context in contexts:
        context.close()


@pytest.mark.browser
def test_every_persona_start_page_is_saved_at_desktop_and_phone_width(open_as):
    START_PAGES.mkdir(parents=True, exist_ok=True)
    for username in organisation.LOGINS:
        for phone, width in ((False, 1366), (True, 390)):
            page = open_as(username, phone=phone)
            # Every persona lands signed in on their own start page (the administrator in Django's admin).
            expect(page).not_to_have_url(re.compile(r"/login/|/konto/to-faktor/"))
            path = START_PAGES / f"{username}-{width}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000
            # Nothing sticks out sideways on a phone: the page is as wide as the screen.
            if phone:
                overflow = page.evaluate("document.documentElement.scrollWidth") - PHONE["width"]
                assert overflow <= 1, f"{username}'s start page is {overflow} px wider than the phone"
            page.context.close()


@pytest.mark.django_db
def test_every_demo_persona_has_a_confirmed_second_factor_to_sign_in_with(demo_site):
    """(Also makes pytest-django set up the test database when this module runs alone.)"""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for username in organisation.LOGINS:
        assert TOTPDevice.objects.filter(user__username=username, confirmed=True).exists(), username


def open_phone_menu(page: Page):
    """Tap "Åbn menu" ("Open menu" in English) once the page (and the design system's script that opens the menu) has loaded.

    After the language switch the page reloads; a tap that lands before the script has bound the
    button opens nothing, which a person would answer by tapping again. So does this helper.
    """
    page.wait_for_load_state("load")
    menu = page.get_by_role("dialog", name="Menu")
    for _ in range(3):
        page.get_by_role("button", name=re.compile(r"^(Åbn menu|Open menu)$")).tap()
        try:
            expect(menu).to_be_visible(timeout=3_000)
            return menu
        except AssertionError:
            continue
    expect(menu).to_be_visible()
    return menu


@pytest.mark.browser
def test_on_a_phone_the_menu_holds_the_language_switch_and_log_off(open_as):
    page = open_as("raadgiver", phone=True)
    # The header's own links are hidden at this width; the menu is the way to them.
    expect(page.locator(".portal-user .log-off")).to_be_hidden()
    menu = open_phone_menu(page)
    expect(menu.get_by_role("link", name="Mine frister")).to_be_visible()
    expect(menu.get_by_role("link", name="Min adgangslog")).to_be_visible()
    menu.get_by_role("button", name="English").tap()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    menu = open_phone_menu(page)
    expect(menu.get_by_role("button", name="Dansk")).to_be_visible()
    menu.get_by_role("button", name="Dansk").tap()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    menu = open_phone_menu(page)
    expect(menu.get_by_role("button", name="Log af")).to_be_in_viewport(ratio=1)
    page.screenshot(path=str(_shot("phone-menu-open")), animations="disabled")
    menu.get_by_role("button", name="Log af").tap()
    expect(page).to_have_url(re.compile(r"/login/"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/"))  # really signed out


@pytest.mark.browser
def test_on_a_phone_an_educator_rates_a_child_and_agrees_the_joint_rating_by_tapping(open_as):
    from tidlig.wellbeing.models import Group, Rating, RatingPeriod

    paedagog = Staff.objects.get(username="paedagog")
    group = Group.objects.filter(educators=paedagog, name="Mariehønen").first()
    period = RatingPeriod.objects.filter(
        institution_id=group.institution_id, opens_on__lte=TODAY(), closes_on__gte=TODAY()
    ).get()
    # A child the colleague has rated and paedagog has not: once she has, the team can agree.
    colleague_rating = (
        Rating.objects.filter(period=period, group=group, kind="individual", colour="green")
        .exclude(rater=paedagog)
        .exclude(child_id__in=Rating.objects.filter(period=period, rater=paedagog).values("child_id"))
        .exclude(child_id__in=Rating.objects.filter(period=period, kind="joint").values("child_id"))
        .select_related("child")
        .order_by("child__first_name")
        .first()
    )
    child, colour = colleague_rating.child, colleague_rating.colour
    label = {"green": "Grøn", "yellow": "Gul", "red": "Rød"}[colour]

    page = open_as("paedagog", phone=True)
    page.get_by_role("link", name=group.name).first.tap()
    expect(page.locator(".keys-help")).to_be_hidden()  # the keyboard help is not for a touch screen
    row = page.locator(f"#child-{child.pk}")
    row.scroll_into_view_if_needed()
    row.locator("label", has_text=label).tap()
    row.get_by_role("button").tap()
    expect(row.locator(".rating-saved")).to_be_visible()
    assert Rating.objects.filter(period=period, child=child, rater=paedagog, colour=colour).exists()
    page.screenshot(path=str(_shot("phone-rating")), full_page=False)

    page.get_by_role("link", name="Fælles vurdering").tap()
    joint = page.locator(f"tr#child-{child.pk}")
    joint.scroll_into_view_if_needed()
    select = joint.get_by_label(f"Fælles vurdering af {child.display_name}")
    expect(select).to_be_in_viewport()
    select.tap()
    select.select_option(colour)
    save = joint.get_by_role("button", name="Gem")
    expect(save).to_be_in_viewport()
    save.tap()
    expect(page.get_by_text(f"Fælles vurdering af {child.display_name} er gemt.")).to_be_visible()
    page.screenshot(path=str(_shot("phone-joint")), full_page=False)
    assert Rating.objects.filter(period=period, child=child, kind="joint", colour=colour).exists()
    overflow = page.evaluate("document.documentElement.scrollWidth") - PHONE["width"]
    assert overflow <= 1, f"the joint rating page is {overflow} px wider than the phone"


# --- Every main task in at most 3 clicks (issue 10, "Goals") --------------------------------------------------
# Each task: the persona, the task as README/DESIGN name it, the clicks from the start page (each one click or
# tap; choosing in a drop-down counts as one), and what shows that the task is in front of the person.
Step = Callable[[Page], None]


def link(name: str | re.Pattern, *, within: str = "main") -> Step:
    return lambda page: page.locator(within).get_by_role("link", name=name).first.click()


def nav(name: str) -> Step:
    return lambda page: (
        page.get_by_role("navigation", name="Hovedmenu").first.get_by_role("link", name=name).click()
    )


def css(selector: str) -> Step:
    return lambda page: page.locator(selector).first.click()


def choose_first_caseworker(page: Page) -> None:
    select = page.locator("main select").first
    select.select_option(index=1)


def heading(text: str | re.Pattern) -> Callable[[Page], None]:
    return lambda page: expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def shown(selector: str) -> Callable[[Page], None]:
    return lambda page: expect(page.locator(selector).first).to_be_visible()


MEETING = re.compile(r"^\d\d\.\d\d\.\d{4} \d\d:\d\d$")
TASKS: list[tuple[str, str, list[Step], Callable[[Page], None]]] = [
    (
        "modtagelse",
        "registers a notification",
        [nav("Ny underretning")],
        heading("Registrér en underretning"),
    ),
    (
        "raadgiver",
        "opens the child with the most overdue deadline",
        [css("main table a")],
        heading(re.compile(r"\w")),
    ),
    (
        "teamleder",
        "assigns an unassigned notification to a caseworker",
        [choose_first_caseworker, lambda p: p.get_by_role("button", name="Fordel").first.click()],
        shown(".alert-success"),
    ),
    ("teamleder", "sees the team's deadlines and caseload", [], heading("Teamets arbejde")),
    (
        "teamleder",
        "reads the case review findings on the team's cases",
        [nav("Fund fra sagsgennemgang")],
        heading("Fund fra sagsgennemgang"),
    ),
    ("paedagog", "rates her stue (keyboard help shown)", [link("Mariehønen")], shown("main .keys-help")),
    (
        "paedagog",
        "agrees the joint rating",
        [link("Mariehønen"), link("Fælles vurdering")],
        shown("[data-testid=joint]"),
    ),
    (
        "modtagelse",
        "makes the acute assessment of a new notification",
        [css("[data-testid=acute] a")],
        shown("#acute"),
    ),
    ("paedagog", "writes a notification", [nav("Skriv underretning")], heading("Skriv en underretning")),
    ("paedagog", "opens her concerns", [nav("Bekymringer")], heading(re.compile(r"ekymring"))),
    (
        "leder",
        "sees the anonymous overview",
        [link("Oversigt uden navne for institutionen")],
        heading("Trivsel"),
    ),
    ("leder", "opens the team's next meeting", [nav("Tværfagligt team"), link(MEETING)], shown("main h1")),
    ("leder", "rates a group", [link("Mariehønen")], shown("main [data-testid=sheet]")),
    (
        "sundhedsplejerske",
        "rates an infant at 8–10 months",
        [nav("Trivsel"), link("Vurder")],
        shown("main input[type=radio]"),
    ),
    ("socialraadgiver", "opens the next team meeting", [link(MEETING)], shown("main h1")),
    ("psykolog", "opens the next team meeting", [link(MEETING)], shown("main h1")),
    ("chef", "sees the key figures", [], heading("Nøgletal")),
    ("chef", "sees the municipality's well-being overview", [nav("Trivsel")], heading("Trivsel uden navne")),
    ("analytiker", "sees the key figures", [], heading("Nøgletal")),
    ("analytiker", "sees the well-being overview", [nav("Trivsel")], heading("Trivsel uden navne")),
    ("kvalitet", "draws a case review sample", [nav("Sagsgennemgang")], shown("main [data-testid=draw]")),
    (
        "kvalitet",
        "searches the access log by child",
        [],
        shown("main form input[type=text], main form input:not([type])"),
    ),
    (
        "admin",
        "adds a staff member",
        [css('a[href$="/organisation/staff/add/"]')],
        shown("form input[name=username]"),
    ),
]
assert {username for username, *_ in TASKS} == set(organisation.LOGINS), "every persona has a task here"


@pytest.mark.browser
def test_every_main_task_of_every_persona_is_at_most_3_clicks_from_the_start_page(open_as):
    too_far = []
    for username, task, clicks, done in TASKS:
        page = open_as(username)
        try:
            for click in clicks:
                click(page)
                page.wait_for_load_state()
            done(page)
        except Exception as exc:
            page.screenshot(path=str(_shot(f"task-failed-{username}")), full_page=True)
            raise AssertionError(f"{username} could not {task} (at {page.url})") from exc
        if len(clicks) > 3:
            too_far.append(f"{username} {task}: {len(clicks)} clicks")
        page.context.close()
    assert not too_far, too_far


@pytest.mark.browser
def test_on_a_phone_the_health_visitor_rates_an_infant_by_tapping(open_as):
    from tidlig.wellbeing.models import Rating

    page = open_as("sundhedsplejerske", phone=True)
    open_phone_menu(page).get_by_role("link", name="Trivsel").tap()
    rate = page.locator("main").get_by_role("link", name="Vurder").first
    rate.scroll_into_view_if_needed()
    rate.tap()
    page.wait_for_url(re.compile(r"/sundhedspleje/barn/\d+/"))
    child_id = int(re.search(r"/barn/(\d+)/", page.url).group(1))
    page.get_by_text(re.compile(r"^Grøn")).first.tap()
    rated_on = page.get_by_label("Vurderet den")
    if not rated_on.input_value():
        rated_on.fill(TODAY().strftime("%d.%m.%Y"))
    page.get_by_role("textbox", name=re.compile(r"^Forældre til stede")).fill("mor og far")
    save = page.get_by_role("button", name="Gem vurdering")
    save.scroll_into_view_if_needed()
    save.tap()
    expect(page.locator(".alert-success")).to_be_visible()
    page.screenshot(path=str(_shot("phone-health-visitor")), full_page=False)
    assert Rating.objects.filter(child_id=child_id, kind="health_visitor", colour="green").exists()
    overflow = page.evaluate("document.documentElement.scrollWidth") - PHONE["width"]
    assert overflow <= 1, f"the health visitor's page is {overflow} px wider than the phone"


@pytest.mark.browser
def test_on_a_phone_the_sign_in_page_offers_the_language_switch(
    browser, demo_server, django_db_blocker, settings
):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    with django_db_blocker.unblock():
        context = browser.new_context(
            base_url=demo_server.url, viewport=PHONE, has_touch=True, is_mobile=True
        )
        page = context.new_page()
        page.goto("/login/")
        english = page.get_by_role("button", name="English")
        expect(english).to_be_in_viewport()
        english.tap()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("button", name="Dansk")).to_be_in_viewport()
        page.screenshot(path=str(_shot("phone-sign-in-english")))
        context.close()
