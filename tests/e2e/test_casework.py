"""A caseworker takes a child from screening through a § 32 measure to its first follow-up, in a real browser.

BL § 18 (screening), §§ 20-22 (børnefaglig undersøgelse), § 5, stk. 3 (børnesamtale), § 32, stk. 1, nr. 2
(støtte i hjemmet), forvaltningsloven § 19 (partshøring) and § 25 (klagevejledning), BL § 95 (opfølgning).

The case runs over four months, as it would: the server's clock travels (time-machine, which also moves the
live server's thread) from one working day to the next, and the caseworker logs in again each day.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_staff
from tidlig.cases.models import Investigation
from tidlig.intake import letters
from tidlig.intake import services as intake
from tidlig.intake.models import Notification
from tidlig.interventions import catalogue
from tidlig.interventions.models import Decision, Measure
from tidlig.organisation.models import Role

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CONCERN = (
    "Lukas er flere gange kommet sulten i børnehave og har sagt, at der ikke er mad derhjemme. "
    "Mor virker presset og har svært ved at få hverdagen til at hænge sammen."
)
SCREENING_REASON = (
    "Gentagne tegn på, at Lukas' basale behov ikke dækkes. Der er behov for at undersøge familiens "
    "samlede situation og barnets trivsel nærmere."
)
FAMILY_CHALLENGES = (
    "Mor er alene med to børn og har svært ved at skabe faste rammer for måltider og sengetid."
)
FAMILY_RESOURCES = "Mor er motiveret for hjælp og har et godt forhold til sin søster, som bor tæt på."
DEVELOPMENT_CHALLENGES = "Lukas er ofte træt og sulten om morgenen og har svært ved at koncentrere sig."
DEVELOPMENT_RESOURCES = "Lukas er nysgerrig, glad for at lege og har gode venner i børnehaven."
CONCLUSION = (
    "Undersøgelsen viser, at Lukas har behov for særlig støtte. Der er grundlag for praktisk og pædagogisk "
    "støtte i hjemmet efter § 32, stk. 1, nr. 2, med fokus på struktur om måltider og sengetid. Mor ønsker "
    "støtten og samtykker; Lukas er glad for, at der kommer en voksen og hjælper."
)
CHILD_VIEW = (
    "Lukas siger, at han godt kan lide at være hjemme med mor og lillesøster, men at han er sulten om "
    "morgenen. Han vil gerne have, at der kommer en, der kan hjælpe mor med at lave mad."
)
PURPOSE = "At mor får faste rutiner om måltider og sengetid, så Lukas får dækket sine basale behov."
DURATION = "6 måneder"
REASONING = (
    "Den børnefaglige undersøgelse viser, at Lukas ikke får dækket sine basale behov, fordi hverdagen "
    "mangler struktur. Mor er motiveret, og en familiekonsulent i hjemmet 4 timer om ugen vurderes at "
    "være den mindst indgribende indsats, der kan hjælpe."
)
CONSENT_NOTE = "Mor gav skriftligt samtykke på mødet."
FOLLOWUP_ASSESSMENT = (
    "Familiekonsulenten er kommet i gang. Der er faste tider for morgenmad og sengetid, og børnehaven "
    "oplever, at Lukas er mindre træt. Indsatsen fortsætter uændret."
)
SCHEDULE_REASON = (
    "Opfølgning hver 3. måned ved møde i hjemmet med mor og en kort samtale med Lukas, som ønsker at "
    "fortælle, hvordan det går. Børnehaven giver skriftlig status inden hvert møde."
)
HOME_SUPPORT = "Praktisk, pædagogisk eller anden støtte i hjemmet"


COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# Monday morning the notification arrives; screened the same day. Three weeks later the investigation is
# concluded, Lukas has been heard and the parents get the draft for partshøring; a week later the decision
# is made and the support starts; eleven weeks after that, the first follow-up.
RECEIVED = dt.datetime(2027, 1, 11, 8, 15, tzinfo=COPENHAGEN)
SCREENING_DAY = dt.datetime(2027, 1, 11, 10, 0, tzinfo=COPENHAGEN)
CONCLUSION_DAY = dt.datetime(2027, 2, 1, 10, 0, tzinfo=COPENHAGEN)
DECISION_DAY = dt.datetime(2027, 2, 8, 10, 0, tzinfo=COPENHAGEN)
FOLLOWUP_DAY = dt.datetime(2027, 4, 26, 10, 0, tzinfo=COPENHAGEN)
NEXT_FOLLOWUP = dt.date(2027, 7, 26)


def d(day: dt.date | dt.datetime) -> str:
    """A date as a Danish caseworker types it."""
    return day.strftime("%d.%m.%Y")


@pytest.fixture
def clock():
    """The server's clock, from the morning the notification arrives; the test moves it day by day."""
    with time_machine.travel(RECEIVED + dt.timedelta(minutes=5), tick=True) as traveller:
        yield traveller


@pytest.fixture
def measure_catalogue(db):
    """The shipped catalogue comes from a data migration; a transactional test before this one flushes it."""
    catalogue.install()


@pytest.fixture
def caseworker(municipality, org):
    return make_staff("alice", Role.CASEWORKER, municipality, team=org["team_nord"], name="Alice Rådgiver")


@pytest.fixture
def team_leader(municipality, org):
    return make_staff("tom", Role.TEAM_LEADER, municipality, team=org["team_nord"], name="Tom Teamleder")


@pytest.fixture
def reception_worker(municipality, org):
    return make_staff("rita", Role.RECEPTION, municipality, team=org["reception"], name="Rita Modtager")


@pytest.fixture
def lukas(child, caseworker):
    """Lukas has Alice as caseworker, so new notifications go straight to her (and she owns the case)."""
    child.caseworker = caseworker
    child.save(update_fields=["caseworker"])
    return child


@pytest.fixture
def notification(clock, lukas, reception_worker, team_leader, measure_catalogue) -> Notification:
    """A professional's notification, registered and acutely assessed by reception through the services."""
    n, created = intake.notification_register(
        actor=reception_worker,
        data=intake.NotificationData(
            child=lukas,
            received_at=RECEIVED,
            notifier=intake.NotifierData(
                kind="professional",
                name="Karin Sørensen",
                role="Pædagog",
                workplace="Børnehuset Solsikken",
                email="karin.soerensen@solsikken.invalid",
            ),
            text=CONCERN,
            reasons=["neglect"],
        ),
        channel="reception",
    )
    assert created and n.assignee == lukas.caseworker
    n = intake.notification_assess_acute(
        notification=n,
        actor=reception_worker,
        danger=False,
        note="Ingen tegn på akut fare; Lukas er i børnehave og set i dag.",
        now=RECEIVED + dt.timedelta(minutes=30),
    )
    # Reception's other first-day task, so that the child page shows only the caseworker's deadlines.
    receipt = letters.receipt_draft(n)
    intake.notification_send_receipt(
        notification=n,
        actor=reception_worker,
        medium="email",
        recipient=receipt.recipient,
        subject=receipt.subject,
        body=receipt.body,
        now=RECEIVED + dt.timedelta(minutes=35),
    )
    n.refresh_from_db()
    return n


def new_working_day(page: Page, clock, when: dt.datetime) -> None:
    """Another day at work: the clock moves on, yesterday's session has expired, Alice logs in again."""
    clock.move_to(when)
    log_in(page, "alice", PASSWORD)
    expect(page.get_by_test_id("current-user")).to_contain_text("Alice Rådgiver")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine frister")


def open_child_page(page: Page) -> None:
    page.get_by_role("link", name=re.compile(r"^← Til(bage til)? Lukas Jensen")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lukas Jensen")


def deadline(page: Page, code: str, *, met: bool = False):
    """A row of the child page's deadlines: the open table, or the collapsed one of met deadlines."""
    tables = page.locator("#deadlines").get_by_test_id("obligations")
    return tables.nth(1 if met else 0).locator(f"tr[data-code='{code}']")


def open_deadlines(page: Page):
    return page.locator("#deadlines").get_by_test_id("obligations").first.locator("tbody tr")


def test_a_caseworker_takes_a_child_from_screening_to_the_first_followup(
    page: Page, live_server, clock, notification, lukas, shot, axe, js_errors, mailoutbox
):
    n = notification

    # Day 1 (Monday 11.01.2027). The new notification is among Alice's deadlines: it must be screened.
    new_working_day(page, clock, SCREENING_DAY)
    page.get_by_text(re.compile(r"^Senere \(\d+\)$")).click()
    screening_row = (
        page.get_by_test_id("later").get_by_role("row").filter(has_text="Screening af underretningen")
    )
    expect(screening_row).to_contain_text("Lukas Jensen")
    shot("01-my-deadlines")
    screening_row.get_by_role("link", name="Lukas Jensen").click()
    expect(page).to_have_url(re.compile(rf"/underretninger/{n.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lukas Jensen")
    expect(page.get_by_test_id("concern")).to_have_text(CONCERN)

    screen = page.locator("#screen")
    screen.get_by_label("Børnefaglig undersøgelse (§ 20)").check()
    screen.get_by_label("Begrundelse").fill(SCREENING_REASON)
    shot("02-screening-filled")
    screen.get_by_role("button", name="Gem screeningen").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator("#screen")).to_have_count(0)
    expect(page.get_by_text("Børnefaglig undersøgelse (§ 20) – 11.01.2027")).to_be_visible()
    shot("03-screened")

    # The nursery teacher who notified is told that an investigation has started (§ 138, stk. 2).
    feedback = page.locator("#feedback")
    expect(feedback.get_by_label("Modtager")).to_have_value("karin.soerensen@solsikken.invalid")
    expect(feedback.get_by_label("Tekst")).to_have_value(re.compile("børnefaglig undersøgelse"))
    feedback.get_by_role("button", name="Send tilbagemelding").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator("#feedback")).to_have_count(0)
    expect(
        page.get_by_test_id("obligations").locator("tr[data-code='notifier_feedback'] .badge")
    ).to_have_text("Opfyldt")
    assert [m.to for m in mailoutbox] == [
        ["karin.soerensen@solsikken.invalid"],
        ["karin.soerensen@solsikken.invalid"],
    ]

    # The investigation started by itself, from the day the notification was received (§ 20, stk. 3).
    page.get_by_test_id("start-casework").get_by_role("link", name="Gå til undersøgelsen").click()
    inv = Investigation.objects.get(child=lukas)
    expect(page).to_have_url(re.compile(rf"/boern/{lukas.pk}/undersoegelse/{inv.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Børnefaglig undersøgelse (§ 20)")
    expect(page.get_by_test_id("deadline")).to_contain_text("11.05.2027")
    expect(page.get_by_test_id("deadline")).to_contain_text("Kommunen blev opmærksom på behovet 11.01.2027.")
    family = page.get_by_role("group", name="Familieforhold")
    family.get_by_label("Udfordringer").fill(FAMILY_CHALLENGES)
    family.get_by_label("Ressourcer").fill(FAMILY_RESOURCES)
    page.get_by_role("button", name="Gem udfordringer og ressourcer").click()
    expect(page.get_by_role("status")).to_contain_text("Udfordringer og ressourcer er gemt.")
    expect(page.get_by_role("group", name="Familieforhold").get_by_label("Ressourcer")).to_have_value(
        FAMILY_RESOURCES
    )
    axe("investigation page")
    shot("04-investigation-started")

    open_child_page(page)
    expect(page.get_by_test_id("investigations")).to_contain_text("I gang")
    expect(page.get_by_test_id("step").locator(".glance-value")).to_have_text("1")
    shot("05-child-investigation-started")

    # Day 2 (Monday 01.02.2027). Alice has talked with Lukas; she records it and concludes the investigation.
    new_working_day(page, clock, CONCLUSION_DAY)
    page.goto(f"/boern/{lukas.pk}/")
    page.get_by_test_id("case-actions").get_by_role("link", name="Registrér børnesamtale").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrér børnesamtale (§ 5, stk. 3)")
    expect(page.get_by_label("Samtalen blev holdt den")).to_have_value("01.02.2027")
    page.get_by_label("Barnets synspunkter").fill(CHILD_VIEW)
    shot("06-conversation-filled")
    page.get_by_role("button", name="Gem børnesamtalen").click()
    expect(page.get_by_role("status")).to_contain_text("Børnesamtalen er registreret.")
    expect(page.get_by_test_id("conversation")).to_contain_text(CHILD_VIEW)

    page.get_by_test_id("investigations").get_by_role("link", name="Børnefaglig undersøgelse (§ 20)").click()
    development = page.get_by_role("group", name="Udvikling og adfærd")
    development.get_by_label("Udfordringer").fill(DEVELOPMENT_CHALLENGES)
    development.get_by_label("Ressourcer").fill(DEVELOPMENT_RESOURCES)
    page.get_by_role("button", name="Gem udfordringer og ressourcer").click()
    expect(page.get_by_role("status")).to_contain_text("Udfordringer og ressourcer er gemt.")
    conclude = page.locator("#conclude")
    expect(conclude.get_by_label("Afsluttet den")).to_have_value("01.02.2027")
    conclude.get_by_label("Begrundet konklusion (§ 22, stk. 6)").fill(CONCLUSION)
    conclude.get_by_role("button", name="Afslut undersøgelsen").click()
    expect(page.get_by_role("status")).to_contain_text("Den børnefaglige undersøgelse er afsluttet.")
    expect(page.get_by_test_id("conclusion")).to_contain_text(CONCLUSION)
    areas = page.get_by_test_id("areas")
    expect(areas.get_by_role("row", name=re.compile("^Familieforhold"))).to_contain_text(FAMILY_RESOURCES)
    expect(areas.get_by_role("row", name=re.compile("^Udvikling og adfærd"))).to_contain_text(
        DEVELOPMENT_CHALLENGES
    )
    shot("07-investigation-concluded")

    # The draft decision, which goes to the mother for partshøring.
    open_child_page(page)
    page.get_by_test_id("child-measures").get_by_role("link", name="Ny afgørelse om indsats").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Udkast til afgørelse om indsats")
    form = page.get_by_test_id("decision-draft-form")
    form.get_by_label("Indsats").select_option(label=f"{HOME_SUPPORT} (BL § 32, stk. 1, nr. 2)")
    expect(page.locator("#placement")).to_be_hidden()
    form.get_by_label("Forventet afgørelsesdato").fill("08.02.2027")
    form.get_by_label("Formål").fill(PURPOSE)
    form.get_by_label("Forventet varighed").fill(DURATION)
    form.get_by_label("Begrundelse", exact=True).fill(REASONING)
    # § 91, stk. 1: the caseworker takes a position on the plan; nothing is chosen for her.
    expect(form.get_by_label("Der udarbejdes ikke en barnets plan")).not_to_be_checked()
    form.get_by_label("Der udarbejdes ikke en barnets plan").check()
    axe("decision draft form")
    shot("08-decision-draft-filled")
    form.get_by_role("button", name="Gem udkastet").click()

    decision = Decision.objects.get(child=lukas)
    expect(page).to_have_url(re.compile(rf"/indsatser/afgoerelse/{decision.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("Udkastet til afgørelse er gemt.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Udkast til afgørelse: {HOME_SUPPORT}")
    expect(page.get_by_test_id("draft")).to_contain_text(PURPOSE)
    shot("09-decision-draft-saved")

    open_child_page(page)
    expect(page.get_by_test_id("drafts")).to_contain_text(HOME_SUPPORT)
    expect(page.get_by_test_id("investigations")).to_contain_text("Afsluttet")
    shot("10-child-investigation-concluded-draft")

    # Day 3 (Monday 08.02.2027). The mother has had her say and consents: the decision is made.
    new_working_day(page, clock, DECISION_DAY)
    page.goto(f"/boern/{lukas.pk}/")
    page.get_by_test_id("drafts").get_by_role("link", name="Træf afgørelse").click()
    make = page.get_by_test_id("decision-make-form")
    expect(make.get_by_label("Afgørelsesdato")).to_have_value("08.02.2027")
    make.get_by_label("Ja, der er givet samtykke").check()
    make.get_by_label("Samtykke: hvem og hvordan").fill(CONSENT_NOTE)
    make.get_by_label("Partshøring", exact=True).fill("01.02.2027")
    view = CHILD_VIEW if len(CHILD_VIEW) <= 80 else CHILD_VIEW[:79] + "…"
    make.get_by_label("Børnesamtale (§ 5, stk. 3)").select_option(label=f"01.02.2027 – {view}")
    axe("decision form")
    shot("11-decision-make-filled")
    make.get_by_role("button", name="Træf afgørelsen").click()

    measure = Measure.objects.get(child=lukas)
    expect(page).to_have_url(re.compile(rf"/indsatser/{measure.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("Afgørelsen er truffet.")
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_SUPPORT)
    expect(page.locator(".font-lead")).to_contain_text("Afgjort, ikke startet")
    facts = page.get_by_test_id("decision")
    expect(facts).to_contain_text("Børnesamtale 01.02.2027")
    expect(facts).to_contain_text("01.02.2027")
    shot("12-measure-decided")

    # The letter carries the klagevejledning.
    facts.get_by_role("link", name="Afgørelsesbrev").click()
    expect(page).to_have_url(re.compile(rf"/indsatser/afgoerelse/{decision.pk}/brev/$"))
    letter = page.locator("body")
    expect(letter).to_contain_text("klage")
    expect(letter).to_contain_text("Ankestyrelsen")
    expect(letter).to_contain_text(PURPOSE)
    expect(letter).to_contain_text("§ 32, stk. 1, nr. 2")
    shot("13-decision-letter")
    page.get_by_role("link", name="← Tilbage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_SUPPORT)

    # The family consultant starts the same day.
    start = page.locator("#start")
    expect(start.get_by_label("Startdato")).to_have_value("08.02.2027")
    start.get_by_role("button", name="Registrér start").click()
    expect(page.get_by_role("status")).to_contain_text("Indsatsen er registreret som startet.")
    expect(page.locator(".font-lead")).to_contain_text("I gang")
    shot("14-measure-started")

    open_child_page(page)
    step = page.get_by_test_id("step")
    expect(step.locator(".glance-value")).to_have_text("3")
    expect(step).to_contain_text("Hjemmebaseret / støttende indsats")
    expect(page.get_by_test_id("glance-measures")).to_contain_text(HOME_SUPPORT)
    expect(page.get_by_test_id("step-table")).to_contain_text("3 – Hjemmebaseret / støttende indsats")
    first = deadline(page, "first_followup")
    expect(first).to_contain_text("Første opfølgning på indsatsen")
    expect(first).to_contain_text("08.05.2027")  # 3 months after the start (§ 95, stk. 2)
    expect(first.locator(".badge")).to_have_text("Åben")
    expect(open_deadlines(page)).to_have_count(1)
    expect(page.get_by_test_id("active-measures")).to_contain_text("Ikke endnu")
    axe("child page with a running measure")
    shot("15-child-measure-started")

    # Day 4 (Monday 26.04.2027). The first follow-up, and how the next ones will be organised (§ 95, stk. 3).
    new_working_day(page, clock, FOLLOWUP_DAY)
    page.goto(f"/boern/{lukas.pk}/")
    page.get_by_test_id("active-measures").get_by_role("link", name="Opfølgning").click()
    followup = page.locator("#followup")
    expect(followup.get_by_role("heading", level=2)).to_have_text("Første opfølgning (§ 95, stk. 2–3)")
    expect(followup.get_by_label("Dato for opfølgningen")).to_have_value("26.04.2027")
    followup.get_by_label("Vurdering").fill(FOLLOWUP_ASSESSMENT)
    followup.get_by_label("Plan for de næste opfølgninger, og hvorfor (§ 95, stk. 3)").fill(SCHEDULE_REASON)
    followup.get_by_role("textbox", name=re.compile(r"^Næste opfølgning")).fill(d(NEXT_FOLLOWUP))
    shot("16-followup-filled")
    followup.get_by_role("button", name="Gem opfølgningen").click()
    expect(page.get_by_role("status")).to_contain_text("Opfølgningen er registreret.")
    recorded = page.get_by_test_id("followup")
    expect(recorded).to_have_count(1)
    expect(recorded).to_contain_text("første opfølgning")
    expect(recorded).to_contain_text("næste 26.07.2027")
    expect(page.locator("#followup").get_by_role("heading", level=2)).to_have_text("Opfølgning (§ 95)")
    shot("17-measure-followed-up")

    open_child_page(page)
    page.locator("#deadlines summary").click()
    met = deadline(page, "first_followup", met=True)
    expect(met).to_contain_text("Første opfølgning på indsatsen")
    expect(met).to_contain_text("08.05.2027")
    expect(met.locator(".badge")).to_have_text("Opfyldt")
    expect(deadline(page, "first_followup")).to_have_count(0)
    following = deadline(page, "followup")
    expect(following).to_contain_text("Opfølgning på indsatsen")
    expect(following).to_contain_text("26.07.2027")
    expect(following.locator(".badge")).to_have_text("Åben")
    expect(open_deadlines(page)).to_have_count(1)
    expect(page.get_by_test_id("glance")).to_contain_text("ingen overskredne")
    expect(page.get_by_test_id("active-measures").get_by_role("row").nth(1)).to_contain_text("26.04.2027")
    expect(page.get_by_test_id("step").locator(".glance-value")).to_have_text("3")
    axe("child page after the first follow-up")
    shot("18-child-after-followup")

    measure.refresh_from_db()
    assert (measure.decided_on, measure.started_on) == (dt.date(2027, 2, 8), dt.date(2027, 2, 8))
    assert [(f.held_on, f.next_on) for f in measure.followups.all()] == [
        (dt.date(2027, 4, 26), NEXT_FOLLOWUP)
    ]
    assert not js_errors, js_errors
