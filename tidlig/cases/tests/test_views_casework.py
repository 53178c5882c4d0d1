"""The caseworker's case page and forms: each works for the child's caseworker, each refuses strangers
(403/404), invalid input comes back with Danish errors (422) and the input kept, and the case page costs
the same number of queries with 1 measure and note as with 10."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tidlig.audit.models import AuditEntry
from tidlig.cases import casework
from tidlig.cases.models import Assessment, Case, CaseAccess, ChildConversation, Investigation, JournalNote
from tidlig.intake import services as intake
from tidlig.intake.models import Channel, Notification
from tidlig.interventions.models import Measure, MeasureType

TODAY = timezone.localdate


def text(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def section(response, testid: str) -> str:
    match = re.search(
        rf'data-testid="{testid}".*?</(table|ol|ul|svg|div|section|article|details)>',
        response.content.decode(),
        flags=re.S,
    )
    assert match, f"no {testid} on the page"
    return html.unescape(match.group(0))


def d(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


@pytest.fixture
def owned(child, alice):
    """Lukas, with Alice as his caseworker: Alice and her team leader Tom own the case."""
    child.caseworker = alice
    child.save(update_fields=["caseworker"])
    return child


def register(rita, child, received_at=None) -> Notification:
    data = intake.NotificationData(
        child=child,
        received_at=received_at or timezone.now() - dt.timedelta(hours=1),
        notifier=intake.NotifierData(
            kind="professional", name="Lærke Lærer", workplace="Testrup Skole", email="laerke@skole.invalid"
        ),
        text="Lukas kommer ofte sulten i skole.",
    )
    return intake.notification_register(actor=rita, data=data, channel=Channel.RECEPTION)[0]


def screened(rita, tom, alice, child, decision: str, received_at=None) -> Notification:
    n = register(rita, child, received_at)
    intake.notification_assess_acute(notification=n, actor=rita, danger=False, note="Ikke akut.")
    intake.notification_assign(notification=n, actor=tom, caseworker=alice)
    n.refresh_from_db()
    intake.notification_screen(notification=n, actor=alice, decision=decision, note="Begrundelse.")
    n.refresh_from_db()
    return n


def measure_type(kind: str = "supportive", level: int = 3, code: str = "t32") -> MeasureType:
    titles = {"preventive": "Netværksgruppe", "supportive": "Familiebehandling", "placement": "Plejefamilie"}
    return MeasureType.objects.get_or_create(
        municipality=None,
        code=code,
        defaults={"title": titles[kind], "paragraph": "BL § 32", "kind": kind, "level": level},
    )[0]


def measure(child, alice, *, kind="supportive", level=3, started: dt.date, ended=None, code=None) -> Measure:
    return Measure.objects.create(
        municipality_id=child.municipality_id,
        child=child,
        type=measure_type(kind, level, code or f"t{kind}{level}"),
        decided_on=started,
        started_on=started,
        ended_on=ended,
        decided_by=alice,
    )


def note(child, alice, text="Ringede til mor om fremmøde.") -> JournalNote:
    return casework.journal_note_write(child=child, actor=alice, kind="phone", happened_on=TODAY(), text=text)


def investigation(child, alice, aware_on=None) -> Investigation:
    return casework.investigation_start(child=child, actor=alice, aware_on=aware_on or TODAY())


def base(child) -> str:
    return f"/boern/{child.pk}/"


# The case page


def test_the_case_page_shows_the_step_the_chart_and_the_sections(client_for, alice, owned):
    today = TODAY()
    measure(
        owned,
        alice,
        kind="preventive",
        level=2,
        started=today - dt.timedelta(days=200),
        ended=today - dt.timedelta(days=101),
    )
    measure(owned, alice, started=today - dt.timedelta(days=100))
    note(owned, alice, "Ringede til mor om fremmøde.")
    casework.conversation_record(
        child=owned,
        actor=alice,
        held_on=today,
        child_view="Jeg vil gerne bo hjemme.",
        bisidder="Anne Jensen, moster",
    )
    inv = investigation(owned, alice)
    a = casework.assessment_start(child=owned, actor=alice, matters="Fravær i skolen.")

    response = client_for(alice).get(base(owned))

    assert response.status_code == 200
    glance = section(response, "step")
    assert "3" in glance and "Hjemmebaseret / støttende indsats" in glance
    chart = section(response, "step-chart")
    assert "<svg" in chart and "Barnets trin på indsatstrappen over tid" in chart
    assert "6 Anbringelse på institution" in chart and "1 Almen indsats" in chart
    # SVG coordinates are never localised (a Danish decimal comma would break the drawing)
    coordinates = re.findall(r'\b(?:x|y|x1|x2|y1|y2|cx|cy|width|height)="([^"]*)"', chart)
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in coordinates), coordinates
    assert re.fullmatch(r"[MHV0-9.,]+", re.search(r'class="step-chart-line" d="([^"]*)"', chart).group(1))
    table = section(response, "step-table")
    assert d(today - dt.timedelta(days=200)) in table and "2 – Forebyggende indsats" in table
    assert d(today - dt.timedelta(days=100)) in table and "3 – Hjemmebaseret / støttende indsats" in table
    assert "i dag" in table
    page = text(response)
    assert "Journalnotater" in page and "Ringede til mor om fremmøde." in page
    assert "Jeg vil gerne bo hjemme." in page and "bisidder: Anne Jensen, moster" in page
    body = response.content.decode()
    assert f'href="/boern/{owned.pk}/undersoegelse/{inv.pk}/"' in body
    assert f'href="/boern/{owned.pk}/afdaekning/{a.pk}/"' in body
    assert "Skriv journalnotat" in section(response, "case-actions")
    assert "Sag åben" in section(response, "case-state")


def test_a_child_without_measures_is_on_step_1_without_a_chart(client_for, alice, owned):
    response = client_for(alice).get(base(owned))

    assert response.status_code == 200
    assert "Almen indsats" in section(response, "step")
    assert 'data-testid="step-chart-empty"' in response.content.decode()
    assert "<svg" not in section(response, "glance")


def test_a_child_of_10_is_a_party(client_for, alice, owned):
    owned.birth_date = TODAY() - relativedelta(years=11)
    owned.save(update_fields=["birth_date"])

    page = text(client_for(alice).get(base(owned)))

    assert "§ 3: barnet er part i sagen (fyldt 10 år)" in page


def test_a_child_under_10_is_not_a_party_yet(client_for, alice, owned):
    owned.birth_date = TODAY() - relativedelta(years=9)
    owned.save(update_fields=["birth_date"])

    assert "barnet er part i sagen" not in text(client_for(alice).get(base(owned)))


def test_a_placement_reminds_of_siblings_under_15(client_for, alice, owned, sibling):
    measure(owned, alice, kind="placement", level=5, started=TODAY() - dt.timedelta(days=10))

    response = client_for(alice).get(base(owned))

    reminder = section(response, "sibling-reminder")
    assert "§ 21, stk. 2" in reminder and "Ida Jensen" in reminder
    assert "5" in section(response, "step")


def test_without_a_placement_there_is_no_sibling_reminder(client_for, alice, owned, sibling):
    measure(owned, alice, started=TODAY() - dt.timedelta(days=10))

    assert 'data-testid="sibling-reminder"' not in client_for(alice).get(base(owned)).content.decode()


def test_reception_sees_the_intake_parts_but_not_the_case(client_for, rita, alice, owned):
    register(rita, owned)
    note(owned, alice, "Fortroligt om familien.")
    investigation(owned, alice)

    response = client_for(rita).get(base(owned))

    assert response.status_code == 200
    page = text(response)
    assert "Underretninger" in page and "Underretning modtaget" in section(response, "timeline")
    assert "Fortroligt om familien." not in page
    assert "Journalnotat" not in page
    assert "Børnefaglig undersøgelse afsluttet inden 4 måneder" not in page
    assert 'data-testid="step-chart' not in response.content.decode()
    assert 'data-testid="case-actions"' not in response.content.decode()


def test_someone_given_access_sees_the_case_but_cannot_work_on_it(client_for, alice, bob, owned):
    casework.case_grant_access(child=owned, actor=alice, staff=bob, reason="Ferieafløser.")
    note(owned, alice)

    response = client_for(bob).get(base(owned))

    assert response.status_code == 200
    assert "Ringede til mor om fremmøde." in text(response)
    assert 'data-testid="case-actions"' not in response.content.decode()
    assert client_for(bob).get(base(owned) + "notat/ny/").status_code == 403


@pytest.mark.parametrize("persona", ["bob", "eva", "ann", "olga"])
def test_the_case_page_is_need_to_know(client_for, request, alice, owned, persona):
    note(owned, alice)
    assert client_for(request.getfixturevalue(persona)).get(base(owned)).status_code == 404


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_case_page_costs_the_same_for_1_and_10_measures_and_notes(
    client_for, rita, alice, owned, django_assert_max_num_queries
):
    today = TODAY()
    register(rita, owned)
    client = client_for(alice)

    def add(i: int) -> None:
        m = measure(
            owned,
            alice,
            kind="supportive" if i % 2 else "preventive",
            level=3 if i % 2 else 2,
            started=today - dt.timedelta(days=300 - 20 * i),
            code=f"t{i}",
        )
        if i % 3 == 0:
            m.ended_on = today - dt.timedelta(days=5)
            m.save(update_fields=["ended_on"])
        note(owned, alice, f"Notat {i}.")
        casework.conversation_record(child=owned, actor=alice, held_on=today, child_view=f"Samtale {i}.")

    add(0)
    casework.assessment_start(child=owned, actor=alice, matters="Fravær.")
    few = queries_for(client, base(owned))
    for i in range(1, 10):
        add(i)

    with django_assert_max_num_queries(few):
        response = client.get(base(owned))

    assert response.status_code == 200
    assert "Notat 9." in text(response)


# Refusals: every page and action, for everyone who is not the case owner


GETS = [
    "afdaekning/ny/",
    "undersoegelse/ny/",
    "boernesamtale/ny/",
    "notat/ny/",
    "luk/",
    "genaabn/",
    "adgang/",
]
POSTS = {
    "afdaekning/ny/": {"matters": "Fravær."},
    "undersoegelse/ny/": {"aware_on": "01.01.2025"},
    "boernesamtale/ny/": {"held_on": "01.01.2025", "child_view": "Godt."},
    "notat/ny/": {"kind": "phone", "happened_on": "01.01.2025", "text": "Notat."},
    "luk/": {"reason": "Slut."},
    "genaabn/": {"reason": "Ny bekymring."},
}


@pytest.mark.parametrize("persona", ["bob", "eva", "ann", "olga", "rita"])
@pytest.mark.parametrize("path", GETS)
def test_the_forms_are_refused_to_all_but_the_case_owner(client_for, request, owned, persona, path):
    response = client_for(request.getfixturevalue(persona)).get(base(owned) + path)
    assert response.status_code in (403, 404)


@pytest.mark.parametrize("persona", ["bob", "eva", "ann", "olga", "rita"])
@pytest.mark.parametrize("path", list(POSTS))
def test_the_actions_are_refused_to_all_but_the_case_owner(client_for, request, owned, persona, path):
    response = client_for(request.getfixturevalue(persona)).post(base(owned) + path, POSTS[path])

    assert response.status_code in (403, 404)
    assert not Assessment.objects.exists() and not Investigation.objects.exists()
    assert not JournalNote.objects.exists() and not ChildConversation.objects.exists()
    assert not Case.objects.exists()


@pytest.mark.parametrize("persona", ["bob", "eva", "ann", "olga", "rita"])
def test_the_investigation_is_refused_to_strangers(client_for, request, alice, owned, persona):
    inv = investigation(owned, alice)
    a = casework.assessment_start(child=owned, actor=alice, matters="Fravær.")
    client = client_for(request.getfixturevalue(persona))
    inv_url, a_url = f"{base(owned)}undersoegelse/{inv.pk}/", f"{base(owned)}afdaekning/{a.pk}/"

    assert client.get(inv_url).status_code in (403, 404)
    assert client.get(a_url).status_code in (403, 404)
    assert client.post(inv_url + "omraader/", {"family_challenges": "X"}).status_code in (403, 404)
    assert client.post(inv_url + "foreloebig/", {"text": "X"}).status_code in (403, 404)
    assert client.post(inv_url + "afslut/", {"conclusion": "X", "concluded_on": d(TODAY())}).status_code in (
        403,
        404,
    )
    assert client.post(a_url + "afslut/", {"conclusion": "X", "concluded_on": d(TODAY())}).status_code in (
        403,
        404,
    )
    inv.refresh_from_db()
    a.refresh_from_db()
    assert inv.areas["family"]["challenges"] == "" and not inv.preliminary_on and not inv.concluded_on
    assert not a.concluded_on


def test_a_caseworker_with_only_a_notification_cannot_work_on_the_case(
    client_for, rita, tom, alice, bob, owned
):
    n = register(rita, owned)
    Notification.objects.filter(pk=n.pk).update(assignee=bob)  # bob sees the child, not the case

    client = client_for(bob)

    assert client.get(base(owned)).status_code == 200
    assert client.get(base(owned) + "notat/ny/").status_code == 403
    assert client.post(base(owned) + "notat/ny/", POSTS["notat/ny/"]).status_code == 403
    assert not JournalNote.objects.exists()


# Afdækning (§ 19)


def test_the_caseworker_starts_an_afdaekning_from_the_notification(client_for, rita, tom, alice, owned):
    n = screened(rita, tom, alice, owned, "afdaekning")
    client = client_for(alice)

    form = client.get(base(owned) + f"afdaekning/ny/?underretning={n.pk}")
    assert form.status_code == 200
    assert "Startes på baggrund af underretningen modtaget" in text(form)
    assert f'value="{n.pk}"' in form.content.decode()

    response = client.post(
        base(owned) + "afdaekning/ny/",
        {
            "notification": n.pk,
            "matters": "Fravær og søvn.",
            "professionals": "Klasselærer",
            "started_on": d(TODAY()),
        },
    )

    a = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{base(owned)}afdaekning/{a.pk}/"
    assert (a.notification_id, a.matters, a.professionals, a.started_by) == (
        n.pk,
        "Fravær og søvn.",
        "Klasselærer",
        alice,
    )
    page = client.get(response["Location"])
    assert "Afdækningen er startet." in text(page) and "Fravær og søvn." in text(page)


def test_an_afdaekning_needs_the_matters(client_for, alice, owned):
    response = client_for(alice).post(
        base(owned) + "afdaekning/ny/",
        {"matters": "  ", "professionals": "Sundhedsplejerske", "started_on": "x"},
    )

    assert response.status_code == 422
    page = text(response)
    assert "Der er fejl i formularen" in page
    assert "Skriv hvilke forhold der skal afdækkes." in page
    assert "Skriv datoen som dd.mm.åååå, fx 14.04.2025." in page
    assert "Sundhedsplejerske" in response.content.decode()  # the input is kept
    assert not Assessment.objects.exists()


def test_another_childs_notification_is_refused(client_for, rita, alice, owned, sibling):
    other = register(rita, sibling)

    response = client_for(alice).post(
        base(owned) + "afdaekning/ny/",
        {"notification": other.pk, "matters": "Fravær.", "started_on": d(TODAY())},
    )

    assert response.status_code == 422
    assert "Underretningen hører ikke til barnet." in text(response)


def test_the_caseworker_concludes_the_afdaekning(client_for, alice, owned):
    a = casework.assessment_start(child=owned, actor=alice, matters="Fravær.")
    client = client_for(alice)

    response = client.post(
        f"{base(owned)}afdaekning/{a.pk}/afslut/", {"conclusion": "", "concluded_on": d(TODAY())}
    )
    assert response.status_code == 422
    assert "Skriv konklusionen." in text(response)

    future = d(TODAY() + dt.timedelta(days=3))
    response = client.post(
        f"{base(owned)}afdaekning/{a.pk}/afslut/", {"conclusion": "Ingen støtte.", "concluded_on": future}
    )
    assert response.status_code == 422
    assert "Datoen ligger i fremtiden." in text(response) and "Ingen støtte." in response.content.decode()

    response = client.post(
        f"{base(owned)}afdaekning/{a.pk}/afslut/", {"conclusion": "Ingen støtte.", "concluded_on": d(TODAY())}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.concluded_on == TODAY() and a.conclusion == "Ingen støtte."
    page = text(client.get(response["Location"]))
    assert "Afdækningen er afsluttet." in page and "Afslut afdækningen" not in page


# Børnefaglig undersøgelse (§§ 20–22)


def test_screening_for_an_undersoegelse_starts_it_from_the_notifications_received_date(
    client_for, rita, tom, alice, owned
):
    """§ 20, stk. 3: the 4 months run from when the municipality became aware, not from a later click."""
    received = timezone.now() - dt.timedelta(days=3)
    n = screened(rita, tom, alice, owned, "undersoegelse", received_at=received)

    inv = Investigation.objects.get()
    assert inv.aware_on == timezone.localdate(received) and inv.notification_id == n.pk
    page = client_for(alice).get(f"{base(owned)}undersoegelse/{inv.pk}/")
    due = inv.aware_on + relativedelta(months=4)
    deadline = section(page, "deadline")
    assert d(due) in deadline and f"{(due - TODAY()).days} dage tilbage" in deadline


def test_an_investigation_started_by_hand_defaults_to_the_notifications_received_date(
    client_for, rita, tom, alice, owned
):
    received = timezone.now() - dt.timedelta(days=3)
    n = screened(rita, tom, alice, owned, "afdaekning", received_at=received)
    client = client_for(alice)

    form = client.get(base(owned) + f"undersoegelse/ny/?underretning={n.pk}")
    assert form.status_code == 200
    assert f'value="{d(timezone.localdate(received))}"' in form.content.decode()

    response = client.post(
        base(owned) + "undersoegelse/ny/", {"notification": n.pk, "aware_on": d(timezone.localdate(received))}
    )

    inv = Investigation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{base(owned)}undersoegelse/{inv.pk}/"


def test_an_investigation_needs_a_valid_date(client_for, alice, owned):
    response = client_for(alice).post(base(owned) + "undersoegelse/ny/", {"aware_on": "31.02.2025"})

    assert response.status_code == 422
    assert "Skriv datoen som dd.mm.åååå, fx 14.04.2025." in text(response)
    assert 'value="31.02.2025"' in response.content.decode()


def test_a_second_ongoing_investigation_is_refused(client_for, alice, owned):
    first = investigation(owned, alice)
    client = client_for(alice)

    assert f"/undersoegelse/{first.pk}/" in section(client.get(base(owned) + "undersoegelse/ny/"), "ongoing")
    response = client.post(base(owned) + "undersoegelse/ny/", {"aware_on": d(TODAY())})

    assert response.status_code == 422
    assert "Barnet har allerede en igangværende børnefaglig undersøgelse." in text(response)
    assert Investigation.objects.count() == 1


def test_the_caseworker_describes_the_six_areas(client_for, alice, owned):
    inv = investigation(owned, alice)
    client = client_for(alice)

    page = client.get(f"{base(owned)}undersoegelse/{inv.pk}/")
    for label in (
        "Udvikling og adfærd",
        "Familieforhold",
        "Skoleforhold",
        "Sundhedsforhold",
        "Fritidsforhold og venskaber",
        "Andre forhold",
    ):
        assert label in text(page)

    response = client.post(
        f"{base(owned)}undersoegelse/{inv.pk}/omraader/",
        {
            "family_challenges": "Mor er syg.",
            "family_resources": "Mormor hjælper.",
            "school_resources": "Glad i skolen.",
        },
    )

    assert response.status_code == 302
    inv.refresh_from_db()
    assert inv.areas["family"] == {"challenges": "Mor er syg.", "resources": "Mormor hjælper."}
    assert inv.areas["school"] == {"challenges": "", "resources": "Glad i skolen."}
    page = client.get(response["Location"])
    assert "Udfordringer og ressourcer er gemt." in text(page)
    assert "Mormor hjælper." in page.content.decode()


def test_an_overdue_investigation_prompts_for_a_preliminary_assessment(client_for, alice, owned):
    aware = TODAY() - relativedelta(months=5)
    inv = investigation(owned, alice, aware_on=aware)
    client = client_for(alice)
    over = (TODAY() - (aware + relativedelta(months=4))).days

    page = client.get(f"{base(owned)}undersoegelse/{inv.pk}/")
    prompt = section(page, "preliminary-prompt")
    assert "skriv en foreløbig vurdering" in prompt
    assert f"Overskredet med {over} dage" in section(page, "deadline")

    response = client.post(f"{base(owned)}undersoegelse/{inv.pk}/foreloebig/", {"text": " "})
    assert response.status_code == 422
    assert "Skriv den foreløbige vurdering." in text(response)

    response = client.post(f"{base(owned)}undersoegelse/{inv.pk}/foreloebig/", {"text": "Vi mangler PPR."})
    assert response.status_code == 302
    inv.refresh_from_db()
    assert inv.preliminary_on == TODAY() and inv.preliminary_text == "Vi mangler PPR."
    page = client.get(response["Location"])
    assert 'data-testid="preliminary-prompt"' not in page.content.decode()
    assert "Der er skrevet en foreløbig vurdering" in text(page)


def test_an_investigation_is_concluded_with_a_reasoned_conclusion(client_for, alice, owned):
    inv = investigation(owned, alice)
    client = client_for(alice)
    url = f"{base(owned)}undersoegelse/{inv.pk}/afslut/"

    response = client.post(url, {"conclusion": "Grundlag for familiebehandling.", "concluded_on": d(TODAY())})
    assert response.status_code == 422
    assert "Beskriv udfordringer og ressourcer i mindst ét område (§ 22)." in text(response)
    assert "Grundlag for familiebehandling." in response.content.decode()

    casework.investigation_update_areas(
        investigation=inv, actor=alice, areas={"family": {"challenges": "Konflikt"}}
    )
    response = client.post(url, {"conclusion": "Grundlag for familiebehandling.", "concluded_on": d(TODAY())})

    assert response.status_code == 302
    inv.refresh_from_db()
    assert inv.concluded_on == TODAY()
    page = client.get(response["Location"])
    assert "Grundlag for familiebehandling." in section(page, "conclusion")
    assert "Afslut undersøgelsen" not in text(page)
    assert "Konflikt" in section(page, "areas")


# Børnesamtale and journal notes


def test_the_conversation_form_tells_about_bisidder_and_exceptions(client_for, alice, owned):
    page = text(client_for(alice).get(base(owned) + "boernesamtale/ny/"))

    assert "Bisidder (§ 6):" in page and "fyldt 15 år" in page
    assert "(§ 5, stk. 4)" in page


def test_the_caseworker_records_a_conversation(client_for, alice, owned):
    client = client_for(alice)

    response = client.post(
        base(owned) + "boernesamtale/ny/",
        {"held_on": d(TODAY()), "child_view": "", "bisidder": "Anne Jensen, moster"},
    )
    assert response.status_code == 422
    assert "Skriv barnets synspunkter, som barnet selv udtrykte dem." in text(response)
    assert 'value="Anne Jensen, moster"' in response.content.decode()

    response = client.post(
        base(owned) + "boernesamtale/ny/",
        {"held_on": d(TODAY()), "child_view": "Jeg er glad.", "bisidder": "Anne Jensen, moster"},
    )

    assert response.status_code == 302 and response["Location"] == f"{base(owned)}#conversations"
    c = ChildConversation.objects.get()
    assert (c.child_view, c.bisidder, c.held_by) == ("Jeg er glad.", "Anne Jensen, moster", alice)


def test_the_caseworker_writes_a_journal_note(client_for, alice, owned):
    client = client_for(alice)

    response = client.post(
        base(owned) + "notat/ny/",
        {"kind": "home_visit", "happened_on": d(TODAY()), "text": "Besøg i hjemmet."},
    )

    assert response.status_code == 302
    n = JournalNote.objects.get()
    assert (n.kind, n.happened_on, n.text, n.author) == ("home_visit", TODAY(), "Besøg i hjemmet.", alice)
    page = client.get(base(owned))
    assert "Journalnotatet er gemt." in text(page) and "Hjemmebesøg" in section(page, "note")


def test_a_journal_note_in_the_future_is_refused_and_kept(client_for, alice, owned):
    future = d(TODAY() + dt.timedelta(days=2))

    response = client_for(alice).post(
        base(owned) + "notat/ny/", {"kind": "phone", "happened_on": future, "text": "Skrevet på forhånd."}
    )

    assert response.status_code == 422
    page = text(response)
    assert "Dato: Datoen ligger i fremtiden." in page
    body = response.content.decode()
    assert "Skrevet på forhånd." in body and f'value="{future}"' in body
    assert re.search(r'value="phone"[^>]*checked', body)
    assert not JournalNote.objects.exists()


def test_an_empty_journal_note_is_refused(client_for, alice, owned):
    response = client_for(alice).post(base(owned) + "notat/ny/", {"happened_on": d(TODAY())})

    assert response.status_code == 422
    page = text(response)
    assert "Vælg hvilken slags kontakt det var." in page and "Notatet er tomt." in page


def test_the_team_leader_may_write_notes_too(client_for, tom, owned):
    response = client_for(tom).post(
        base(owned) + "notat/ny/", {"kind": "meeting", "happened_on": d(TODAY()), "text": "Sparring."}
    )
    assert response.status_code == 302
    assert JournalNote.objects.get().author == tom


# Closing, reopening, access


def test_the_caseworker_closes_and_reopens_the_case(client_for, alice, owned):
    casework.assessment_start(child=owned, actor=alice, matters="Fravær.")
    client = client_for(alice)

    response = client.post(base(owned) + "luk/", {"reason": ""})
    assert response.status_code == 422 and "Skriv hvorfor sagen lukkes." in text(response)

    response = client.post(base(owned) + "luk/", {"reason": "Forholdene er bedret."})
    assert response.status_code == 302
    assert Case.objects.get().closed_at is not None
    page = client.get(base(owned))
    assert "Sagen er lukket." in text(page) and "Ingen åben sag" in section(page, "case-state")
    assert "Sag lukket: Forholdene er bedret." in section(page, "timeline")

    assert "Begrundelse for lukningen: Forholdene er bedret." in text(client.get(base(owned) + "genaabn/"))
    response = client.post(base(owned) + "genaabn/", {"reason": "Ny underretning."})
    assert response.status_code == 302
    assert Case.objects.filter(closed_at__isnull=True).count() == 1
    assert "Sag åben" in section(client.get(base(owned)), "case-state")


def test_a_case_with_an_ongoing_measure_cannot_be_closed(client_for, alice, owned):
    casework.assessment_start(child=owned, actor=alice, matters="Fravær.")
    measure(owned, alice, started=TODAY())

    response = client_for(alice).post(base(owned) + "luk/", {"reason": "Slut."})

    assert response.status_code == 422
    assert "Sagen har igangværende indsatser. Afslut dem, før sagen lukkes." in text(response)
    assert "Slut." in response.content.decode()
    assert Case.objects.get().closed_at is None


def test_an_open_case_is_not_reopened(client_for, alice, owned):
    casework.assessment_start(child=owned, actor=alice, matters="Fravær.")

    response = client_for(alice).post(base(owned) + "genaabn/", {"reason": "Igen."})

    assert response.status_code == 422
    assert "Sagen er allerede åben." in text(response)


def test_the_caseworker_gives_a_colleague_access(client_for, alice, bob, eva, owned):
    client = client_for(alice)
    form = client.get(base(owned) + "adgang/")
    assert "Bob Rådgiver – Myndighedsrådgiver, Team Syd" in text(form)
    assert "Eva Pædagog" not in text(form)  # only caseworkers and team leaders

    response = client.post(base(owned) + "adgang/", {"staff": eva.pk, "reason": "Hun spurgte."})
    assert response.status_code == 422
    assert "Vælg en rådgiver eller teamleder i kommunen." in text(response)

    response = client.post(base(owned) + "adgang/", {"staff": bob.pk, "reason": ""})
    assert response.status_code == 422
    assert "Skriv hvorfor medarbejderen skal have adgang." in text(response)

    response = client.post(base(owned) + "adgang/", {"staff": bob.pk, "reason": "Ferieafløser."})
    assert response.status_code == 302
    grant = CaseAccess.objects.get()
    assert (grant.staff, grant.granted_by, grant.reason) == (bob, alice, "Ferieafløser.")
    assert "Ferieafløser." in section(client.get(base(owned) + "adgang/"), "grants")
    assert client_for(bob).get(base(owned)).status_code == 200


def test_every_page_logs_the_read(client_for, alice, owned):
    client_for(alice).get(base(owned) + "notat/ny/")

    assert AuditEntry.objects.filter(actor=alice, child_id=owned.pk, data__view="note_new").exists()


# The start buttons on the notification page


def test_the_screened_notification_offers_to_start_the_afdaekning(client_for, rita, tom, alice, owned):
    n = screened(rita, tom, alice, owned, "afdaekning")

    for user in (alice, tom):
        buttons = section(client_for(user).get(f"/underretninger/{n.pk}/"), "start-casework")
        assert f'href="/boern/{owned.pk}/afdaekning/ny/?underretning={n.pk}"' in buttons
        assert "Start afdækning" in buttons
    assert (
        'data-testid="start-casework"'
        not in client_for(rita).get(f"/underretninger/{n.pk}/").content.decode()
    )

    a = casework.assessment_start(child=owned, actor=alice, matters="Fravær.", notification_id=n.pk)
    buttons = section(client_for(alice).get(f"/underretninger/{n.pk}/"), "start-casework")
    assert "Gå til afdækningen" in buttons and f"/afdaekning/{a.pk}/" in buttons


def test_the_screened_notification_leads_to_the_investigation_it_started(client_for, rita, tom, alice, owned):
    n = screened(rita, tom, alice, owned, "undersoegelse")

    buttons = section(client_for(alice).get(f"/underretninger/{n.pk}/"), "start-casework")

    inv = Investigation.objects.get()
    assert f'href="/boern/{owned.pk}/undersoegelse/{inv.pk}/"' in buttons
    assert "Gå til undersøgelsen" in buttons


def test_no_start_button_when_no_further_action(client_for, rita, tom, alice, owned):
    n = screened(rita, tom, alice, owned, "none")

    assert (
        'data-testid="start-casework"'
        not in client_for(alice).get(f"/underretninger/{n.pk}/").content.decode()
    )
