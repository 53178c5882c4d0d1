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


def crawl(username: str, *, opened: list[tuple[str, str]] | None = None) -> tuple[list[str], set[str]]:
    """Breadth-first from the start page; `opened` (if given) receives each HTML page opened, (path, text)."""
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
        text = response.content.decode(response.charset or "utf-8", errors="replace")
        if opened is not None:
            opened.append((path, text))
        parser = Links()
        parser.feed(text)
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


# --- Every form says all that is wrong in one round -------------------------------------------------------
# Forms that are not about entering data: signing out, switching language, signing in.
FORM_SKIP = ("/logout/", "/i18n/", "/admin/", "/login/", "/konto/")
# Fields every one of which may stay empty, yet not labelled "(frivilligt)" on purpose (see their forms).
OPTIONAL_UNLABELLED = {
    "cases:investigation_areas",  # § 22 areas: a draft, saved as far as it goes
    "wellbeing:setup_group",  # a group's educators: a tick list that may be emptied
    "wellbeing:setup_group_children",  # children to add or remove: tick lists
}


class Forms(HTMLParser):
    """The POST forms of a page: action, fields (name, type, required) and the ids that carry a label's note."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._label: dict | None = None  # a visible label or legend being read: {"for", "note"}
        self._legend: dict | None = None
        self._group: list[dict] = []  # the fieldsets open: their legend's note and their boxes' names

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "form":
            if (a.get("method") or "get").lower() == "post":
                self._form = {"action": a.get("action") or "", "fields": {}, "labels": {}}
            return
        if self._form is None:
            return
        # The label says whether a field must be filled in (core.forms.requirement_note): no note = required.
        if tag == "fieldset":
            self._group.append({"note": None, "names": set()})
        elif tag == "legend" and "form-label" in classes and self._group:
            self._legend = {"note": False}
        elif tag == "label" and "form-label" in classes and "sr-only" not in classes and a.get("for"):
            self._label = {"for": a["for"], "note": False}
        elif tag == "span" and "weight-normal" in classes:
            for reading in (self._label, self._legend):
                if reading is not None:
                    reading["note"] = True
        if tag not in ("input", "select", "textarea") or not a.get("name"):
            return
        kind = a.get("type", "text").lower() if tag == "input" else tag
        if kind in ("submit", "button", "reset", "image"):
            return
        field = self._form["fields"].setdefault(
            a["name"],
            {"kind": kind, "ids": [], "required": False, "value": None, "count": 0, "maxlength": None},
        )
        field["count"] += 1
        if kind == "checkbox" and self._group:  # a tick list (radios: a blank is an answer where allowed)
            self._group[-1]["names"].add(a["name"])
        field["required"] |= "required" in a
        if a.get("maxlength", "").isdigit():
            field["maxlength"] = int(a["maxlength"])
        if a.get("id"):
            field["ids"].append(a["id"])
        if kind == "hidden":
            field["value"] = a.get("value", "")

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "label" and self._label is not None:
            self._form["labels"][self._label["for"]] = self._label["note"]
            self._label = None
        elif tag == "legend" and self._legend is not None:
            self._group[-1]["note"] = self._legend["note"]
            self._legend = None
        elif tag == "fieldset" and self._group:
            group = self._group.pop()
            for name in group["names"]:
                if group["note"] is False:
                    self._form["fields"][name]["labelled_required"] = True
        elif tag == "form":
            for field in self._form["fields"].values():
                if field["kind"] not in ("radio", "checkbox") and any(
                    self._form["labels"].get(i) is False for i in field["ids"]
                ):
                    field["labelled_required"] = True
            self.forms.append(self._form)
            self._form = None


def raw_error_ids(response) -> set[str]:
    return set(re.findall(r'id="([^"]+)-error"', response.content.decode()))


def error_ids(page: str) -> set[str]:
    """The fields a page reports an error at (DKFDS: the message's id is the field's id + "-error", which
    the field's aria-describedby names); a group of radios or boxes answers to its own ids too."""
    ids = set(re.findall(r'id="([^"]+)-error"', page))
    return ids | {f"{i}_{n}" for i in ids for n in range(30)}


# A value each kind of field must refuse, whatever the form: a day that does not exist, a choice not offered,
# a text one longer than its maximum. A single checkbox (yes/no) and a file have none.
BAD = {
    "date": "2026-02-31",
    "datetime-local": "2026-02-31T25:00",
    "month": "2026-13",
    "time": "25:99",
    "email": "ikke-en-adresse@",
    "number": "mange",
    "select": "999999999",
    "radio": "ikke-et-valg",
}


def bad_value(field: dict) -> str | None:
    if field["kind"] == "checkbox":
        return "ikke-et-valg" if field["count"] > 1 else None  # several boxes: a choice of many
    if field["kind"] in BAD:
        return BAD[field["kind"]]
    if field["kind"] in ("text", "textarea", "search", "tel", "url") and field["maxlength"]:
        return "a" * (field["maxlength"] + 1)
    return None


def walk_forms(username: str) -> tuple[int, list[str]]:
    """Every POST form the persona is shown, submitted twice: with every field the person fills left empty
    (what is required must be said all at once, each at its own field), and with a value in every field that
    its kind must refuse (each is refused in the same answer: no error hides another). Nothing may answer 500.
    """
    pages: list[tuple[str, str]] = []
    crawl(username, opened=pages)
    client = login(Staff.objects.get(username=username))
    done: set[tuple[str, tuple[str, ...]]] = set()
    failures: list[str] = []
    walked = 0
    for path, page in pages:
        parser = Forms()
        parser.feed(page)
        for form in parser.forms:
            action = same_origin_path(path, form["action"] or path)
            fields = form["fields"]
            typed = {n: f for n, f in fields.items() if f["kind"] != "hidden"}
            if not action or action.startswith(FORM_SKIP) or not typed:
                continue  # a button alone (an action, not a form to fill in)
            key = (route_of(action), tuple(sorted(fields)))
            if key in done:
                continue
            done.add(key)
            data = {n: f["value"] for n, f in fields.items() if f["kind"] == "hidden"}
            data |= {n: "" for n, f in typed.items() if f["kind"] not in ("checkbox", "radio", "file")}
            walked += 1
            try:
                response = client.post(action, data)
            except Exception as exc:  # the test client re-raises a view's exception: a 500 for the user
                failures.append(f"{action} (on {path}): 500 {type(exc).__name__}: {exc}")
                continue
            if response.status_code >= 500 or response.status_code in (403, 404, 405):
                failures.append(f"{action} (on {path}): {response.status_code}")
                continue
            by_label = route_of(action) not in OPTIONAL_UNLABELLED
            required = {
                n for n, f in typed.items() if f["required"] or (by_label and f.get("labelled_required"))
            }
            if response.status_code not in (200, 422):  # not shown again with its errors: accepted
                if required:
                    failures.append(
                        f"{action} (on {path}): accepted empty required fields {sorted(required)}"
                    )
                continue
            shown = error_ids(response.content.decode())
            # at the field as shown (an inline form's own id, or the form's page it answers with)
            missed = sorted(n for n in required if not shown & {*typed[n]["ids"], f"id_{n}"})
            if missed:
                failures.append(
                    f"{action} (on {path}): no error at required {missed}; errors at {sorted(raw_error_ids(response))}"
                )
            bad = {n: v for n, f in typed.items() if (v := bad_value(f)) is not None}
            if not bad:
                continue
            try:
                response = client.post(action, {**data, **bad})
            except Exception as exc:
                failures.append(f"{action} (on {path}) with bad values: 500 {type(exc).__name__}: {exc}")
                continue
            if response.status_code not in (200, 422):
                failures.append(f"{action} (on {path}): {response.status_code} for bad values {bad}")
                continue
            shown = error_ids(response.content.decode())
            missed = sorted(n for n in bad if not shown & {*typed[n]["ids"], f"id_{n}"})
            if missed:
                failures.append(
                    f"{action} (on {path}): bad values at {missed} not refused; errors at {sorted(raw_error_ids(response))}"
                )
    return walked, failures


@pytest.mark.django_db
@pytest.mark.parametrize("username", list(organisation.LOGINS))
def test_every_form_a_persona_is_shown_names_every_missing_field_in_one_round(demo_site, username):
    walked, failures = walk_forms(username)
    assert not failures, f"{username}'s forms, submitted empty:\n" + "\n".join(failures)


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


# The links, buttons and fields in the page's main part that lie beyond the screen's right (or left) edge.
OUT_OF_REACH = """() => [...document.querySelectorAll(
    'main a[href], main button, main select, main input:not([type=hidden]), main textarea, main summary')]
  .filter(e => { const r = e.getBoundingClientRect();
                 return r.width > 1 && r.height > 1 && (r.right > window.innerWidth + 1 || r.left < -1); })
  .map(e => (e.innerText || e.name || e.tagName).trim().slice(0, 40))"""


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
            if not phone:  # a tablet upright: wide tables scroll in their own box, the page does not
                page.set_viewport_size({"width": 768, "height": 1024})
                overflow = page.evaluate("document.documentElement.scrollWidth") - 768
                assert overflow <= 1, f"{username}'s start page is {overflow} px wider than a 768 px tablet"
            # Nothing sticks out sideways on a phone: the page is as wide as the screen, and no link, button or
            # field sits off-screen in a table that scrolls sideways (a worklist's "Vurder", "Næste skridt").
            if phone:
                overflow = page.evaluate("document.documentElement.scrollWidth") - PHONE["width"]
                assert overflow <= 1, f"{username}'s start page is {overflow} px wider than the phone"
                out_of_reach = page.evaluate(OUT_OF_REACH)
                assert not out_of_reach, (
                    f"{username} must scroll sideways on a phone to reach {out_of_reach[:5]}"
                )
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


def at_its_form(page: Page) -> None:
    """A next step's page, scrolled to the part that meets the deadline (the link's #fragment), or a form."""
    fragment = urlsplit(page.url).fragment
    expect(page.locator(f"[id='{fragment}']" if fragment else "main form").first).to_be_visible()


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
    (
        "modtagelse",
        "sends a receipt that is due",
        [css("[data-testid=receipts] a")],
        shown("#receipt"),
    ),
    ("modtagelse", "finds a child by CPR or name", [nav("Find barn")], shown("main input[name=q]")),
    (
        "raadgiver",
        "takes the next step of an overdue deadline",
        [css("[data-testid=next-step]")],
        at_its_form,
    ),
    ("raadgiver", "sees her children (Mine børn)", [nav("Mine børn")], heading("Mine børn")),
    (
        "teamleder",
        "opens one caseworker's children from the caseload",
        [css("[data-testid=caseload] a")],
        heading("Børn hos"),
    ),
    (
        "paedagog",
        "writes down a concern",
        [nav("Bekymringer"), link("Opret en bekymring")],
        heading("Opret en bekymring"),
    ),
    (
        "leder",
        "puts a child on the next meeting's agenda",
        [nav("Tværfagligt team"), link(MEETING), link("Sæt et punkt på dagsordenen")],
        heading("Punkt til mødet"),
    ),
    (
        "socialraadgiver",
        "starts an early advice course",
        [link("Start et forløb")],
        heading("Start et tidligt rådgivningsforløb"),
    ),
    (
        "sundhedsplejerske",
        "opens the team's next meeting",
        [nav("Tværfagligt team"), link(MEETING)],
        shown("main h1"),
    ),
    ("kvalitet", "reads the complaints about decisions", [nav("Klager")], heading("Klager over afgørelser")),
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
