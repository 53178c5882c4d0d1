"""Decision and measure pages: the whole path through the views, the letter, refusals and refused transitions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from tidlig.cases.casework import (
    case_grant_access,
    conversation_record,
    investigation_conclude,
    investigation_start,
    investigation_update_areas,
)
from tidlig.cases.models import ICS_AREAS
from tidlig.cases.overview import case_overview
from tidlig.interventions.models import Decision, FollowUp, Measure, MeasureType, SupervisionVisit
from tidlig.plans.services import plan_record
from tidlig.timeline.models import Obligation

REFUSED = ["bob", "eva", "ann", "olga", "rita"]


def d(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def owned(child, alice):
    child.caseworker = alice
    child.save()
    return child


@pytest.fixture
def bl32(db):
    return MeasureType.objects.get(code="bl32_2", municipality=None)


@pytest.fixture
def anb(db):
    return MeasureType.objects.get(code="anb_almen", municipality=None)


def draft_data(type: MeasureType, today: dt.date, **extra) -> dict:
    return {
        "type": type.pk,
        "planned_on": d(today),
        "purpose": "At mor får hjælp til struktur i hverdagen, så Lukas kommer i børnehave hver dag.",
        "expected_duration": "6 måneder",
        "reasoning": "Undersøgelsen viser, at Lukas ofte mangler i børnehaven og er træt.",
        "plan_needed": "1",
        "without_consent": "0",
        **extra,
    }


@pytest.fixture
def draft(owned, alice, bl32, today, client_for):
    response = client_for(alice).post(f"/indsatser/barn/{owned.pk}/ny-afgoerelse/", draft_data(bl32, today))
    assert response.status_code == 302
    return Decision.objects.get(child=owned)


@pytest.fixture
def conversation(owned, alice, today):
    return conversation_record(
        child=owned,
        actor=alice,
        held_on=today - dt.timedelta(days=12),
        child_view="Jeg vil gerne have, at mor ikke er så træt om morgenen.",
    )


def make_data(today: dt.date, conversation=None, **extra) -> dict:
    return {
        "decided_on": d(today - dt.timedelta(days=10)),
        "consent": "1",
        "consent_note": "Mor gav skriftligt samtykke.",
        "hearing_on": d(today - dt.timedelta(days=11)),
        "conversation": conversation.pk if conversation else "",
        "conversation_exception": "",
        **extra,
    }


@pytest.fixture
def measure(draft, conversation, alice, today, client_for) -> Measure:
    response = client_for(alice).post(
        f"/indsatser/afgoerelse/{draft.pk}/traef/", make_data(today, conversation)
    )
    assert response.status_code == 302, response.content.decode()
    return Measure.objects.get(decision=draft)


def test_the_whole_path_from_draft_to_first_followup(owned, alice, bl32, today, client_for):
    client = client_for(alice)

    form = client.get(f"/indsatser/barn/{owned.pk}/ny-afgoerelse/")
    drafted = client.post(f"/indsatser/barn/{owned.pk}/ny-afgoerelse/", draft_data(bl32, today))
    decision = Decision.objects.get(child=owned)
    page = client.get(drafted["Location"])
    conv = conversation_record(
        child=owned,
        actor=alice,
        held_on=today - dt.timedelta(days=12),
        child_view="Jeg vil gerne blive hjemme.",
    )
    made = client.post(f"/indsatser/afgoerelse/{decision.pk}/traef/", make_data(today, conv))
    measure = Measure.objects.get(decision=decision)
    letter = client.get(f"/indsatser/afgoerelse/{decision.pk}/brev/")
    pdf = client.get(f"/indsatser/afgoerelse/{decision.pk}/brev.pdf")
    started = client.post(f"/indsatser/{measure.pk}/start/", {"started_on": d(today - dt.timedelta(days=5))})
    followed = client.post(
        f"/indsatser/{measure.pk}/opfoelgning/",
        {
            "held_on": d(today),
            "assessment": "Lukas kommer i børnehave fire dage om ugen.",
            "schedule_reason": "Opfølgning hver 3. måned, fordi familien ønsker faste aftaler.",
            "next_on": d(today + dt.timedelta(days=90)),
        },
    )
    measure_page = client.get(f"/indsatser/{measure.pk}/")

    assert form.status_code == 200
    assert "Praktisk, pædagogisk eller anden støtte i hjemmet" in form.content.decode()
    assert drafted["Location"] == f"/indsatser/afgoerelse/{decision.pk}/"
    assert page.status_code == 200 and "Træf afgørelsen" in page.content.decode()
    assert made["Location"] == f"/indsatser/{measure.pk}/"
    assert measure.decided_on == today - dt.timedelta(days=10) and measure.decided_by == alice
    text = letter.content.decode()
    assert letter.status_code == 200
    assert "Afgørelse om støtte i hjemmet" in text  # the measure's name; the catalogue title is in the note
    assert "barnets lov § 32, stk. 1, nr. 2" in text and "»praktisk, pædagogisk eller anden støtte" in text
    assert "Sådan klager I" in text and "4 uger" in text and "Ankestyrelsen, Teglholmsgade 3" in text
    assert "Jeg vil gerne blive hjemme." in text  # the child's view, from the conversation
    assert "6 måneder" in text and "Undersøgelsen viser" in text
    assert d(today - dt.timedelta(days=11)) in text  # partshøring
    assert "<link" not in text and "@import" not in text  # nothing to fetch but the print button's script:
    assert re.findall(r'src="([^"]+)"', text) == ["/static/tidlig/print.js"]  # no inline script (CSP)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert started.status_code == 302
    assert followed.status_code == 302
    measure.refresh_from_db()
    assert measure.started_on == today - dt.timedelta(days=5)
    assert FollowUp.objects.get(measure=measure).next_on == today + dt.timedelta(days=90)
    first = Obligation.objects.get(source="measure", source_id=measure.pk, code="first_followup")
    assert first.met_at is not None
    assert "Lukas kommer i børnehave fire dage om ugen." in measure_page.content.decode()


def test_the_team_leader_may_work_on_the_case(measure, tom, client_for):
    client = client_for(tom)

    letter = client.get(f"/indsatser/afgoerelse/{measure.decision_id}/brev/")
    page = client.get(f"/indsatser/{measure.pk}/")

    assert letter.status_code == 200
    assert page.status_code == 200 and "Registrér start" in page.content.decode()


@pytest.mark.parametrize("persona", REFUSED)
def test_others_are_refused_everything(
    persona, request, alice, measure, draft, conversation, today, client_for
):
    client = client_for(request.getfixturevalue(persona))
    child_id, decision_id, m = measure.child_id, draft.pk, measure.pk
    other = Decision.objects.create(
        municipality_id=draft.municipality_id,
        child_id=child_id,
        type=draft.type,
        planned_on=today,
        drafted_by=draft.drafted_by,
        purpose="x",
        expected_duration="x",
        reasoning="x",
    )

    responses = [
        client.get(f"/indsatser/barn/{child_id}/ny-afgoerelse/"),
        client.post(f"/indsatser/barn/{child_id}/ny-afgoerelse/", draft_data(draft.type, today)),
        client.get(f"/indsatser/afgoerelse/{other.pk}/"),
        client.post(f"/indsatser/afgoerelse/{other.pk}/traef/", make_data(today, conversation)),
        client.get(f"/indsatser/afgoerelse/{decision_id}/brev/"),
        client.get(f"/indsatser/afgoerelse/{decision_id}/brev.pdf"),
        client.get(f"/indsatser/{m}/"),
        client.post(f"/indsatser/{m}/start/", {"started_on": d(today)}),
        client.post(
            f"/indsatser/{m}/opfoelgning/", {"held_on": d(today), "assessment": "x", "schedule_reason": "x"}
        ),
        client.post(
            f"/indsatser/{m}/tilsyn/", {"visited_on": d(today), "talked_with_child": "1", "note": "x"}
        ),
        client.post(f"/indsatser/{m}/afslut/", {"ended_on": d(today), "reason": "x"}),
    ]

    assert [r.status_code for r in responses if r.status_code not in (403, 404)] == []
    assert Decision.objects.filter(child_id=child_id).count() == 2
    assert not Decision.objects.get(pk=other.pk).is_made
    measure.refresh_from_db()
    assert measure.started_on is None and measure.ended_on is None
    # The caseworker opens the same pages, so each refusal above is a refusal and not a wrong address.
    owner = client_for(alice)
    for url in (
        f"/indsatser/barn/{child_id}/ny-afgoerelse/",
        f"/indsatser/afgoerelse/{other.pk}/",
        f"/indsatser/afgoerelse/{decision_id}/brev/",
        f"/indsatser/afgoerelse/{decision_id}/brev.pdf",
        f"/indsatser/{m}/",
    ):
        assert owner.get(url).status_code == 200, url
    assert owner.post(f"/indsatser/{m}/start/", {"started_on": d(today)}).status_code in (200, 302, 422)


def test_others_get_404_not_403_so_nothing_leaks(measure, bob, olga, alice, client_for):
    assert client_for(bob).get(f"/indsatser/{measure.pk}/").status_code == 404
    assert client_for(olga).get(f"/indsatser/afgoerelse/{measure.decision_id}/brev/").status_code == 404
    assert client_for(alice).get(f"/indsatser/{measure.pk}/").status_code == 200
    assert client_for(alice).get(f"/indsatser/afgoerelse/{measure.decision_id}/brev/").status_code == 200


def test_reception_sees_the_child_but_may_not_decide(owned, rita, alice, bl32, today, client_for):
    response = client_for(rita).post(f"/indsatser/barn/{owned.pk}/ny-afgoerelse/", draft_data(bl32, today))

    assert response.status_code == 403
    assert not Decision.objects.exists()
    rightful = client_for(alice).post(f"/indsatser/barn/{owned.pk}/ny-afgoerelse/", draft_data(bl32, today))
    assert rightful.status_code == 302
    assert Decision.objects.count() == 1


def test_a_measure_cannot_start_before_the_decision(measure, alice, today, client_for):
    before = today - dt.timedelta(days=11)

    response = client_for(alice).post(f"/indsatser/{measure.pk}/start/", {"started_on": d(before)})

    page = response.content.decode()
    assert response.status_code == 422
    assert "En indsats kan ikke starte, før der er truffet afgørelse om den" in page
    assert f'value="{d(before)}"' in page
    measure.refresh_from_db()
    assert measure.started_on is None


def test_no_followup_on_an_ended_measure(measure, alice, today, client_for):
    client = client_for(alice)
    client.post(f"/indsatser/{measure.pk}/start/", {"started_on": d(today - dt.timedelta(days=5))})
    ended = client.post(
        f"/indsatser/{measure.pk}/afslut/", {"ended_on": d(today), "reason": "Målene er nået."}
    )

    response = client.post(
        f"/indsatser/{measure.pk}/opfoelgning/",
        {"held_on": d(today), "assessment": "Det går godt nu.", "schedule_reason": "Ingen flere."},
    )

    page = response.content.decode()
    assert ended.status_code == 302
    assert response.status_code == 422
    assert "Indsatsen er afsluttet; der følges ikke op på en afsluttet indsats." in page
    assert "Det går godt nu." in page
    assert not FollowUp.objects.exists()


def test_the_first_followup_needs_the_plan_for_later_followups(measure, alice, today, client_for):
    client = client_for(alice)
    client.post(f"/indsatser/{measure.pk}/start/", {"started_on": d(today - dt.timedelta(days=5))})

    response = client.post(
        f"/indsatser/{measure.pk}/opfoelgning/", {"held_on": d(today), "assessment": "Lukas trives bedre."}
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert "Ved første opfølgning besluttes og begrundes, hvordan der følges op fremover" in page
    assert "Lukas trives bedre." in page


def test_a_placement_needs_a_place_type(owned, alice, anb, today, client_for):
    response = client_for(alice).post(
        f"/indsatser/barn/{owned.pk}/ny-afgoerelse/", draft_data(anb, today, place_name="Familien Holm")
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert "En anbringelse kræver et anbringelsessted (§ 43, stk. 1)." in page
    assert "Familien Holm" in page and "At mor får hjælp til struktur" in page
    assert not Decision.objects.exists()


def test_a_decision_needs_the_childs_view_or_the_exception(draft, alice, today, client_for):
    response = client_for(alice).post(f"/indsatser/afgoerelse/{draft.pk}/traef/", make_data(today))

    page = response.content.decode()
    assert response.status_code == 422
    assert "Barnets synspunkter skal foreligge før afgørelsen (§ 5, stk. 3)." in page
    assert "Mor gav skriftligt samtykke." in page
    draft.refresh_from_db()
    assert not draft.is_made and not Measure.objects.exists()


def test_the_exception_under_section_5_4_goes_into_the_letter(draft, alice, today, client_for):
    client = client_for(alice)
    reason = "Barnet er 10 måneder og kan ikke udtrykke sig; vi har observeret barnet i hjemmet."

    made = client.post(
        f"/indsatser/afgoerelse/{draft.pk}/traef/", make_data(today, conversation_exception=reason)
    )
    letter = client.get(f"/indsatser/afgoerelse/{draft.pk}/brev/").content.decode()

    assert made.status_code == 302
    assert reason in letter and "§ 5, stk. 4" in letter


def test_a_draft_letter_is_marked_as_a_draft(draft, alice, client_for):
    letter = client_for(alice).get(f"/indsatser/afgoerelse/{draft.pk}/brev/").content.decode()

    assert "UDKAST" in letter


def test_a_placement_with_visits_and_homecoming(owned, alice, anb, conversation, today, client_for):
    client = client_for(alice)
    client.post(
        f"/indsatser/barn/{owned.pk}/ny-afgoerelse/",
        draft_data(anb, today, place_type="43_1", place_name="Familien Holm, Skovvej 3"),
    )
    decision = Decision.objects.get(child=owned)
    investigation_start(child=owned, actor=alice, aware_on=today - dt.timedelta(days=30))
    # § 46, stk. 3: an acute placement alongside a running investigation needs its special circumstances.
    refused = client.post(f"/indsatser/afgoerelse/{decision.pk}/traef/", make_data(today, conversation))
    made = client.post(
        f"/indsatser/afgoerelse/{decision.pk}/traef/",
        make_data(today, conversation, special_circumstances="Akut anbringelse; mor er indlagt."),
    )
    m = Measure.objects.get(decision=decision)
    letter = client.get(f"/indsatser/afgoerelse/{decision.pk}/brev/").content.decode()
    client.post(f"/indsatser/{m.pk}/start/", {"started_on": d(today - dt.timedelta(days=9))})
    visited = client.post(
        f"/indsatser/{m.pk}/tilsyn/",
        {"visited_on": d(today), "talked_with_child": "1", "note": "Lukas viste sit værelse."},
    )
    too_long = client.post(
        f"/indsatser/{m.pk}/afslut/",
        {
            "ended_on": d(today),
            "reason": "Hjemgivelse",
            "homecoming_period_end": d(today + dt.timedelta(days=200)),
        },
    )
    ended = client.post(
        f"/indsatser/{m.pk}/afslut/",
        {
            "ended_on": d(today),
            "reason": "Hjemgivelse",
            "homecoming_period_end": d(today + dt.timedelta(days=90)),
        },
    )

    assert refused.status_code == 422 and "§ 46, stk. 3" in refused.content.decode()
    assert made.status_code == 302
    assert (
        "skal bo uden for hjemmet" in letter
        and "Afgørelsen er truffet efter barnets lov § 46, stk. 1." in letter
    )
    assert "Familien Holm, Skovvej 3" in letter and "Sådan klager I" in letter
    assert "I har ret til en støtteperson" in letter and "Barnets lov § 75." in letter
    assert "Akut anbringelse; mor er indlagt." in letter and "§ 46, stk. 3" in letter
    assert visited.status_code == 302 and SupervisionVisit.objects.get(measure=m).talked_with_child
    assert too_long.status_code == 422 and "højst 6 måneder" in too_long.content.decode()
    assert ended.status_code == 302
    m.refresh_from_db()
    assert m.homecoming_period_end == today + dt.timedelta(days=90)


def test_a_placement_without_consent_is_decided_by_the_committee(
    owned, alice, anb, conversation, today, client_for
):
    client = client_for(alice)
    client.post(
        f"/indsatser/barn/{owned.pk}/ny-afgoerelse/",
        draft_data(anb, today, place_type="43_6", place_name="Egebo", without_consent="1"),
    )
    decision = Decision.objects.get(child=owned)
    inv = investigation_start(child=owned, actor=alice, aware_on=today - dt.timedelta(days=60))
    area = ICS_AREAS[0][0]
    investigation_update_areas(investigation=inv, actor=alice, areas={area: {"challenges": "Omsorgssvigt."}})
    investigation_conclude(
        investigation=inv,
        actor=alice,
        conclusion="Anbringelse er nødvendig.",
        concluded_on=today - dt.timedelta(days=30),
    )
    plan_record(
        child=owned,
        actor=alice,
        kind="child",
        summary="Plan før anbringelsen.",
        goals=[("Lukas går i skole", "Egebo")],
        recorded_on=today - dt.timedelta(days=20),
    )
    form = client.get(f"/indsatser/afgoerelse/{decision.pk}/").content.decode()

    made = client.post(
        f"/indsatser/afgoerelse/{decision.pk}/traef/", make_data(today, conversation, consent="")
    )
    letter = client.get(f"/indsatser/afgoerelse/{decision.pk}/brev/").content.decode()

    assert 'name="consent"' not in form  # the committee decides without consent; the question does not arise
    assert made.status_code == 302
    assert "Børne- og ungeudvalget har besluttet" in letter and "I har ikke givet samtykke" in letter
    assert (
        "Barnets lov § 146, stk. 1 og 2." in letter
        and "I har ret til en advokat, som I ikke skal betale for" in letter
    )
    assert (
        f"Den blev færdig den {d(today - dt.timedelta(days=30))}" in letter
    )  # the investigation it rests on


def test_the_childs_measures_on_the_case_page(measure, draft, alice, owned, today, client_for, bl32):
    client = client_for(alice)
    client.post(f"/indsatser/{measure.pk}/start/", {"started_on": d(today - dt.timedelta(days=5))})
    client.post(f"/indsatser/barn/{owned.pk}/ny-afgoerelse/", draft_data(bl32, today))

    html = render_to_string(
        "interventions/_child_measures.html", {**case_overview(alice, owned), "child": owned}
    )

    assert 'data-testid="active-measures"' in html
    assert "Praktisk, pædagogisk eller anden støtte i hjemmet" in html
    assert "Træf afgørelse" in html  # the second draft
    assert f"/indsatser/{measure.pk}/" in html


def test_someone_given_access_sees_the_measure_but_cannot_act(measure, owned, alice, bob, client_for):
    case_grant_access(child=owned, actor=alice, staff=bob, reason="Vikar i ferien")
    client = client_for(bob)

    page = client.get(f"/indsatser/{measure.pk}/")
    letter = client.get(f"/indsatser/afgoerelse/{measure.decision_id}/brev/")
    start = client.post(f"/indsatser/{measure.pk}/start/", {"started_on": d(timezone.localdate())})

    assert page.status_code == 200
    assert 'name="started_on"' not in page.content.decode()
    assert letter.status_code == 403 and start.status_code == 403


def test_the_caseworker_withdraws_a_draft_from_its_page(client_for, alice, bob, child):
    from tidlig.interventions.models import Decision
    from tidlig.interventions.services import decision_draft

    child.caseworker = alice
    child.save()
    d = decision_draft(
        child=child,
        actor=alice,
        type=MeasureType.objects.get(code="bl32_2", municipality=None),
        planned_on=timezone.localdate(),
        purpose="Støtte.",
        expected_duration="6 måneder",
        reasoning="Behov.",
    )
    url = f"/indsatser/afgoerelse/{d.pk}/traek-tilbage/"

    assert client_for(bob).post(url, {"reason": "Nej"}).status_code in (403, 404)
    missing = client_for(alice).post(url, {"reason": ""})
    assert missing.status_code == 422
    response = client_for(alice).post(url, {"reason": "Familien har fået hjælp andetsteds."})

    assert response.status_code == 302 and response["Location"] == f"/boern/{child.pk}/"
    assert Decision.objects.get(pk=d.pk).withdrawn_reason == "Familien har fået hjælp andetsteds."


# Several faults named in one answer, with what was typed kept (issue 10)


def test_a_draft_with_a_bad_date_and_no_purpose_or_reasoning_names_all_three(
    owned, alice, bl32, today, client_for
):
    data = draft_data(
        bl32, today, planned_on="banan", purpose="", reasoning="", expected_duration="6 måneder"
    )

    response = client_for(alice).post(f"/indsatser/barn/{owned.pk}/ny-afgoerelse/", data)

    page = response.content.decode()
    assert "Skriv datoen som dd.mm.åååå" in page
    assert "Skriv formålet med indsatsen" in page
    assert "Skriv begrundelsen for afgørelsen." in page
    assert 'value="banan"' in page and 'value="6 måneder"' in page
    assert not Decision.objects.exists()


def test_ending_a_measure_names_a_future_date_and_a_missing_reason_together(
    measure, alice, today, client_for
):
    client = client_for(alice)
    client.post(f"/indsatser/{measure.pk}/start/", {"started_on": d(today - dt.timedelta(days=5))})

    future = client.post(f"/indsatser/{measure.pk}/afslut/", {"ended_on": d(today + dt.timedelta(days=3))})
    unreadable = client.post(f"/indsatser/{measure.pk}/afslut/", {"ended_on": "i morgen"})

    for response in (future, unreadable):
        page = response.content.decode()
        assert response.status_code == 422
        assert "Skriv hvorfor indsatsen ophører." in page
    assert "Slutdatoen ligger i fremtiden" in future.content.decode()
    assert "Skriv datoen som dd.mm.åååå" in unreadable.content.decode()
    measure.refresh_from_db()
    assert measure.ended_on is None
