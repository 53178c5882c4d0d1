"""`tidlig demo`, checked the way a user of the demo would notice: logins, worklists, the numbers, the spine.

The session's shared demo (`demo_site`, conftest.py) is used; each test runs in a transaction that is rolled
back, so re-running the services on it leaves it as it was.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Q
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone
from stdnum.dk import cpr as stdnum_cpr

from conftest import beside_the_demo
from tidlig.demo import calibration, generator, organisation
from tidlig.demo.reset import delete_municipality
from tidlig.demo.synthetic_cpr import is_demo_cpr
from tidlig.intake.models import Letter, Notification
from tidlig.intake.services import notification_refresh_obligations, route_for
from tidlig.interventions.models import Measure
from tidlig.organisation.models import Municipality, Staff, Team
from tidlig.people import cpr
from tidlig.people.models import Child, Person
from tidlig.rules import obligations as rules
from tidlig.timeline.models import Event, Obligation

# The demo hashes "demo" once with the first configured hasher; a fast one keeps the tests quick.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(demo_site):
    return demo_site.municipality, demo_site.out


def staff(username: str) -> Staff:
    return Staff.objects.get(username=username)


def table_counts() -> dict[str, int]:
    models = [Municipality, Staff, Team, Child, Person, Measure, Notification, Event, Obligation, Letter]
    return {m.__name__: m.objects.count() for m in models}


@pytest.mark.django_db
def test_the_demo_logins_authenticate_with_password_demo(demo):
    municipality, _out = demo
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        for username, (_first, _last, role, _title) in organisation.LOGINS.items():
            user = authenticate(RequestFactory().post("/login/"), username=username, password="demo")
            assert user is not None, username
            assert user.role == role and user.municipality == municipality
            assert user.email.endswith("@demokommune.invalid")
        assert authenticate(RequestFactory().post("/login/"), username="raadgiver", password="wrong") is None
    assert staff("admin").is_staff and staff("admin").is_superuser
    assert staff("raadgiver").team == staff("teamleder").team
    assert staff("raadgiver").team.kind == Team.Kind.DISTRICT
    assert staff("modtagelse").team.kind == Team.Kind.RECEPTION
    assert staff("paedagog").institution == staff("leder").institution
    assert staff("paedagog").job_title == "Pædagog"


@pytest.mark.django_db
def test_every_district_has_its_own_district_team_so_routing_finds_one(demo):
    municipality, _out = demo
    for district in municipality.districts.all():
        assert Team.objects.filter(district=district, kind=Team.Kind.DISTRICT).count() == 1
        assert district.institutions.filter(kind="daycare").exists()
        assert district.institutions.filter(kind="school").exists()
    assert (
        Team.objects.filter(municipality=municipality, kind=Team.Kind.RECEPTION, district=None).count() == 1
    )


@pytest.mark.django_db
def test_about_the_calibrated_share_of_children_is_notified_per_year(demo, demo_site):
    municipality, out = demo
    built = demo_site.children
    year_ago = timezone.now() - dt.timedelta(days=365)
    children = Child.objects.filter(
        municipality=municipality,
        is_unborn=False,
        birth_date__gt=timezone.localdate() - dt.timedelta(days=18 * 365.25),
    )
    assert children.count() == built  # 0–17 today; the former children (18–22) come on top
    notified = children.filter(notifications__received_at__gte=year_ago).distinct().count()
    share = notified / built
    assert abs(share - calibration.NOTIFIED_SHARE_PER_YEAR) < 0.02, out
    per_child = Notification.objects.filter(child__in=children, received_at__gte=year_ago).count() / notified
    assert 1.3 < per_child < 2.4
    assert Child.objects.filter(
        municipality=municipality, is_unborn=True, notifications__isnull=False
    ).exists()
    assert not Notification.objects.filter(municipality=municipality, received_at__gt=timezone.now()).exists()
    assert "too few children for the showcase" not in out


@pytest.mark.django_db
def test_reception_has_an_unassessed_notification_still_within_24_hours(demo):
    municipality, _out = demo
    now = timezone.now()
    acute = Obligation.objects.filter(municipality=municipality, code="acute_assessment", is_open=True)
    assert acute.filter(due_at__gt=now, team__kind=Team.Kind.RECEPTION, assignee=None).exists()
    assert Obligation.objects.filter(municipality=municipality, code="receipt", is_open=True).exists()


@pytest.mark.django_db
def test_raadgiver_has_open_overdue_and_met_obligations_and_own_children(demo):
    raadgiver = staff("raadgiver")
    now = timezone.now()
    mine = Obligation.objects.filter(assignee=raadgiver)
    assert mine.filter(is_open=True, due_at__gte=now).exists()
    assert mine.filter(is_open=True, due_at__lt=now).exists()
    assert mine.filter(met_at__isnull=False).exists()
    assert mine.filter(code="reassessment", is_open=True).exists()
    children = Child.objects.filter(caseworker=raadgiver)
    assert children.count() >= 10
    assert set(children.values_list("district", flat=True)) == {raadgiver.team.district_id}


@pytest.mark.django_db
def test_the_team_leader_has_unassigned_notifications_to_distribute(demo):
    team = staff("teamleder").team
    unassigned = Notification.objects.filter(team=team, assignee=None)
    assert unassigned.exists()
    # Only new ones: everything older has been assigned and screened.
    assert not unassigned.filter(screened_at__isnull=False).exists()


@pytest.mark.django_db
def test_the_stored_obligations_are_what_the_service_derives_from_the_events(demo):
    municipality, _out = demo

    def snapshot(n):
        return sorted(
            Obligation.objects.filter(source="notification", source_id=n.pk).values_list(
                "code",
                "due_at",
                "due_date",
                "due_is_time",
                "met_at",
                "not_applicable",
                "is_open",
                "team",
                "assignee",
            )
        )

    notifications = Notification.objects.filter(municipality=municipality).select_related(
        "municipality", "child"
    )
    sample = list(notifications.order_by("pk")[::7]) + list(notifications.filter(assignee=staff("raadgiver")))
    assert len(sample) > 30
    for n in sample:
        before = snapshot(n)
        assert before, n
        notification_refresh_obligations(n)
        assert snapshot(n) == before, n.pk


@pytest.mark.django_db
def test_the_projection_on_each_notification_agrees_with_its_events(demo):
    municipality, _out = demo
    events = {}
    for source_id, kind, at, data in Event.objects.filter(
        municipality=municipality, source="notification"
    ).values_list("source_id", "kind", "occurred_at", "data"):
        events.setdefault(source_id, {}).setdefault(kind, []).append((at, data))
    letters = dict(
        Letter.objects.filter(notification__municipality=municipality)
        .values("notification")
        .annotate(n=Count("pk"))
        .values_list("notification", "n")
    )
    for n in Notification.objects.filter(municipality=municipality):
        mine = events[n.pk]
        assert len(mine[rules.RECEIVED]) == 1 and mine[rules.RECEIVED][0][0] == n.received_at
        assert all(len(v) == 1 for v in mine.values())

        def at(kind, mine=mine):
            return mine[kind][0][0] if kind in mine else None

        assert at(rules.ACUTE_ASSESSED) == n.acute_assessed_at
        assert at(rules.RECEIPT_SENT) == n.receipt_sent_at
        assert at(rules.SCREENED) == n.screened_at
        assert at(rules.FEEDBACK_SENT) == n.feedback_sent_at
        assert at(rules.REASSESSED) == n.reassessed_at
        assert letters.get(n.pk, 0) == (n.receipt_sent_at is not None) + (n.feedback_sent_at is not None)
        if n.screened_at:
            assert n.acute_assessed_at < n.screened_at and n.assignee_id is not None
            assert mine[rules.SCREENED][0][1]["decision"] == n.screening_decision
        if n.feedback_sent_at:
            assert n.notifier_kind == "professional" and n.screened_at < n.feedback_sent_at
        if n.reassessed_at:
            assert n.child_had_ongoing_measure
        if "intake.notification.assigned" in mine:
            assert mine["intake.notification.assigned"][0][1]["caseworker"] == n.assignee_id
        if n.notifier_kind == "anonymous":
            assert n.receipt_sent_at is None


@pytest.mark.django_db
def test_event_summaries_are_danish_and_keep_their_msgid_for_translation(demo):
    municipality, _out = demo
    events = Event.objects.filter(municipality=municipality)
    for kind in (
        rules.RECEIVED,
        rules.ACUTE_ASSESSED,
        rules.RECEIPT_SENT,
        rules.SCREENED,
        rules.FEEDBACK_SENT,
    ):
        event = events.filter(kind=kind).first()
        meta = event.data["_summary"]
        assert event.summary == (meta["msgid"] % meta["args"] if meta["args"] else meta["msgid"])
    received = events.filter(kind=rules.RECEIVED, data__channel="reception").first()
    assert received.summary.startswith("Underretning modtaget fra ")
    assigned = events.filter(kind="intake.notification.assigned").first()
    assert assigned.summary == f"Fordelt til {Staff.objects.get(pk=assigned.data['caseworker'])}"


@pytest.mark.django_db
def test_ongoing_measures_make_reassessment_obligations(demo, demo_site):
    municipality, _out = demo
    built = demo_site.children
    flagged = Notification.objects.filter(municipality=municipality, child_had_ongoing_measure=True)
    assert flagged.exists()
    for n in flagged:
        assert n.child.measures.filter(started_on__lte=timezone.localdate(n.received_at)).exists()
    assert (
        Obligation.objects.filter(municipality=municipality, code="reassessment").count() == flagged.count()
    )
    placed = Measure.objects.filter(municipality=municipality, type__kind="placement", ended_on=None)
    supported = Measure.objects.filter(municipality=municipality, type__kind="supportive", ended_on=None)
    assert 0.002 < placed.count() / built < 0.025
    assert 0.01 < supported.count() / built < 0.05
    assert not Child.objects.filter(measures__isnull=False, caseworker=None).exists()


@pytest.mark.django_db
def test_every_cpr_number_is_valid_synthetic_and_matches_birth_date_and_sex(demo):
    municipality, _out = demo
    today = dt.date.today()
    rows = list(
        Child.objects.filter(municipality=municipality, is_unborn=False).values_list(
            "cpr", "birth_date", "sex"
        )
    )
    assert len({r[0] for r in rows}) == len(rows)
    for number, birth, sex in rows:
        assert stdnum_cpr.validate(number) == number and is_demo_cpr(number)
        assert cpr.birth_date(number) == birth and cpr.sex(number) == sex
        # 0–17, or 18–22: a young person placed as a teenager (story.FORMER_PLACED)
        assert 0 <= today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day)) <= 22
    adults = Child.objects.filter(
        municipality=municipality, is_unborn=False, birth_date__lte=today - dt.timedelta(days=18 * 365.25)
    )
    assert not adults.filter(measures__isnull=True).exists()  # every one of them was placed
    for number in Person.objects.filter(municipality=municipality).values_list("cpr", flat=True):
        assert stdnum_cpr.validate(number) and is_demo_cpr(number)
    assert not Child.objects.filter(municipality=municipality, is_unborn=True).exclude(cpr=None).exists()


@pytest.mark.django_db
def test_children_live_with_one_or_two_custody_holders_in_their_institutions_district(demo):
    municipality, _out = demo
    children = Child.objects.filter(municipality=municipality, is_unborn=False).annotate(
        n=Count("guardianships", filter=Q(guardianships__has_custody=True))
    )
    assert set(children.values_list("n", flat=True)) <= {1, 2}
    assert not children.exclude(institution=None).exclude(district=F("institution__district")).exists()
    with_siblings = (
        Person.objects.filter(municipality=municipality).annotate(n=Count("guardianships")).filter(n__gt=1)
    )
    assert with_siblings.exists()


@pytest.mark.django_db
def test_a_household_has_one_caseworker_and_new_notifications_route_to_them(demo):
    municipality, _out = demo
    per_guardian = (
        Person.objects.filter(municipality=municipality, guardianships__child__caseworker__isnull=False)
        .annotate(n=Count("guardianships__child__caseworker", distinct=True))
        .values_list("n", flat=True)
    )
    assert per_guardian and set(per_guardian) == {1}
    for child in Child.objects.filter(municipality=municipality, caseworker__isnull=False)[:40]:
        assert route_for(child) == (child.caseworker.team, child.caseworker)
    for child in Child.objects.filter(municipality=municipality, caseworker=None, is_unborn=False)[:40]:
        team, caseworker = route_for(child)
        assert team.district_id == child.district_id
        if caseworker is not None:  # a sibling's caseworker
            assert child.guardianships.filter(person__guardianships__child__caseworker=caseworker).exists()


@pytest.mark.django_db
def test_if_empty_builds_nothing_when_a_municipality_exists(demo):
    before = table_counts()
    out = StringIO()
    call_command("demo", if_empty=True, stdout=out)
    assert "exists" in out.getvalue()
    assert table_counts() == before


@pytest.mark.django_db
def test_it_refuses_to_build_the_demo_twice_without_reset(demo):
    with pytest.raises(CommandError, match="--reset"):
        call_command("demo", children=10, stdout=StringIO())


@pytest.mark.django_db
def test_the_same_seed_and_moment_build_the_same_demo(demo):
    now = timezone.now().replace(microsecond=0)

    def build() -> list:
        # Beside the session's demo, as another municipality (the way the national demo builds them).
        generator.build(children=150, seed=7, now=now, **beside_the_demo())
        m = Municipality.objects.get(code="0997")
        result = list(Child.objects.filter(municipality=m).order_by("cpr").values_list("cpr", "first_name"))
        result += list(
            Notification.objects.filter(municipality=m)
            .order_by("received_at")
            .values_list("received_at", "text")
        )
        delete_municipality(m)
        return result

    assert build() == build()


@pytest.mark.django_db
def test_the_kvalitet_login_finds_the_caseworkers_reads_in_the_access_log(demo, client_for):
    from tidlig.audit.models import AuditEntry

    municipality, out = demo
    reads = AuditEntry.objects.filter(municipality_id=municipality.pk, action="people.child.viewed")
    mine = reads.filter(actor=staff("raadgiver"))
    assert mine.exists() and "reads in the access log" in out
    # Only her own children, on working days in office hours, within the last four weeks.
    assert not mine.exclude(child_id__in=Child.objects.filter(caseworker=staff("raadgiver"))).exists()
    calendar = municipality.calendar()
    for at in mine.values_list("at", flat=True):
        local = timezone.localtime(at)
        assert calendar.is_working_day(local.date()) and 8 <= local.hour < 16
        assert timezone.now() - dt.timedelta(days=29) < at < timezone.now()
    # The newest rows are what the demo's build did through the services today (the network meetings); the
    # reads of her children are found by choosing the weeks before.
    until = (timezone.localdate() - dt.timedelta(days=1)).strftime("%d.%m.%Y")
    page = client_for(staff("kvalitet")).get(
        f"/adgangslog/medarbejder/{staff('raadgiver').pk}/?until={until}"
    )
    assert page.status_code == 200 and "cases:child" in page.content.decode()


README = Path(__file__).resolve().parents[3] / "README.md"


def readme_api_example() -> tuple[str, list[dict]]:
    """The README's API example as (token command's username, requests): the shell block that posts a
    notification, its `TOKEN=$(… token USER)` line and every `curl` in it (continued lines joined)."""
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    block = next(b for b in blocks if "/api/v1/notifications" in b and "curl" in b)
    username = re.search(r"TOKEN=\$\(\S*tidlig token (\w+)\)", block).group(1)
    words = shlex.split(re.sub(r"\\\n", " ", block), comments=True)
    starts = [i for i, w in enumerate(words) if w == "curl"]
    requests = []
    for start, end in zip(starts, [*starts[1:], len(words)], strict=True):
        req: dict = {"method": "GET", "headers": {}, "body": None, "url": None}
        rest = iter(words[start + 1 : end])
        for w in rest:
            if w == "-X":
                req["method"] = next(rest)
            elif w == "-H":
                name, value = next(rest).split(":", 1)
                req["headers"][name.strip()] = value.strip()
            elif w == "-d":
                req["body"] = next(rest)
            elif w.startswith("http"):
                req["url"] = w
        requests.append(req)
    return username, requests


@pytest.mark.django_db
def test_the_readme_api_example_works_on_the_demo(demo):
    """Issue 10: the example answered 422 on the demo (an unknown CPR). Run as written, it must give 201s."""
    username, requests = readme_api_example()
    out = StringIO()
    call_command("token", username, stdout=out)
    token = out.getvalue().strip()
    assert [r["url"].split("/api/v1")[1] for r in requests] == ["/children", "/notifications"]
    client = Client()
    answers = []
    for r in requests:
        headers = {k: v.replace("$TOKEN", token) for k, v in r["headers"].items()}
        answers.append(
            client.generic(
                r["method"],
                r["url"].split("127.0.0.1:8000")[1],
                data=r["body"].encode(),
                content_type=headers.pop("Content-Type"),
                headers=headers,
            )
        )
    assert [a.status_code for a in answers] == [201, 201], [a.content for a in answers]
    assert answers[1].json()["obligations"], "the README promises the deadlines in the answer"
    # Run again (as a newcomer will): the child is there already, the notification is replayed.
    again = [
        client.generic(
            r["method"],
            r["url"].split("127.0.0.1:8000")[1],
            data=r["body"].encode(),
            content_type="application/json",
            headers={k: v.replace("$TOKEN", token) for k, v in r["headers"].items() if k != "Content-Type"},
        )
        for r in requests
    ]
    assert again[0].status_code == 422
    assert again[1].status_code == 201 and again[1]["Idempotent-Replayed"] == "true"


@pytest.mark.django_db
def test_the_showcase_households_have_network_meetings_with_agreements_and_a_booked_slot(demo):
    from tidlig.network.models import Agreement, NetworkMeeting, Slot

    raadgiver = staff("raadgiver")
    meetings = NetworkMeeting.objects.filter(caseworker=raadgiver)
    assert meetings.filter(status="held").count() >= 3
    # (the § 30 courses' end meetings, tidlig/demo/courses.py, are network meetings too)
    planned = meetings.get(status="planned", previous__isnull=False, course_end__isnull=True)
    assert Agreement.objects.filter(meeting=planned.previous).count() == 3  # the next meeting opens with them
    followups = Obligation.objects.filter(assignee=raadgiver, code="network_followup")
    assert followups.filter(is_open=True).count() == 2 and followups.filter(is_open=False).count() == 1
    booked = Slot.objects.get(caseworker=raadgiver, meeting__isnull=False)
    assert (
        booked.booked_by == staff("leder")
        and booked.meeting.child.institution_id == staff("leder").institution_id
    )


@pytest.mark.django_db
def test_three_showcase_households_have_a_section_30_course(demo):
    from tidlig.course.models import Course

    courses = {c.result: c for c in Course.objects.filter(caseworker=staff("raadgiver"))}
    assert set(courses) == {"goal_reached", "", "escalate"}
    assert courses["goal_reached"].end_meeting.outcome == "close"
    running = courses[""]
    assert running.start_meeting.status == "held" and running.end_meeting.status == "planned"
    assert running.measure.type.code == "bl30_4" and running.measure.ended_on is None
    open_codes = set(
        Obligation.objects.filter(source="course", source_id=running.pk, is_open=True).values_list(
            "code", flat=True
        )
    )
    assert open_codes == {"course_end_meeting", "course_end"}


@pytest.mark.django_db
def test_raadgiver_has_decision_letters_in_the_outbox(demo):
    from tidlig.interventions.models import LetterSent
    from tidlig.post.models import Letter as OutboxLetter

    municipality, _out = demo
    raadgiver = Staff.objects.get(username="raadgiver")
    letters = list(OutboxLetter.objects.filter(municipality=municipality, sender=raadgiver).order_by("pk"))
    # one letter in each state, so /udbakke/ shows the flow
    assert [x.status for x in letters] == [
        "delivered",
        "sent",
        "failed",
        "failed",
        "paper_due",
        "paper",
        "queued",
    ]
    assert letters[0].delivered_at is not None and letters[3].sent_at is not None and letters[3].last_error
    for sent in letters[:2]:  # the sent time is each decision's dispatch, which starts its complaint period
        assert LetterSent.objects.filter(decision_id=sent.source_id, method="digital_post").exists()
    assert LetterSent.objects.filter(decision_id=letters[5].source_id, method="letter").exists()


@pytest.mark.django_db
def test_the_demo_citizens_sign_in_without_a_provider_and_see_what_their_role_says(demo, settings):
    """Issue 14: /borger/demo/ lists synthetic people, one per decision of the family's access rule."""
    from tidlig.family.models import DemoCitizen

    settings.CITIZEN_DEMO_LOGIN = True
    people = list(DemoCitizen.objects.all())

    assert len(people) == 7, [p.role for p in people]
    assert all(is_demo_cpr(p.cpr) for p in people)
    for person in people:
        client = Client()
        assert client.post("/borger/demo/", {"cpr": person.cpr})["Location"] == "/borger/"
        home = client.get("/borger/").text
        if person.role.endswith(("ser sagen", "ser sin egen sag")):
            page = client.get(
                home.split('href="/borger/boern/')[1].split('"')[0].join(["/borger/boern/", ""])
            )
            assert page.status_code == 200 and "Jeres rådgiver" in page.text, person.role
        elif "ser kun dagtilbud og skole" in person.role:
            assert "I har ikke forældremyndigheden" in home, person.role
        else:
            assert "Vi kan ikke finde nogen børn" in home, person.role
