"""Issue 14 § 5: every letter and fixed text a family reads scores LIX ≤ 35 (tidlig.rules.lix), addresses the
parents as »I«, names the measure, keeps the paragraphs in the footnotes, gives the complaint address, offers
the parents a støtteperson in a placement (barnets lov § 75) and writes to the child of 10 or more, who is a
party (barnets lov § 3). Each letter is rendered from a fixture case, in every variant a family can get."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from tidlig.cases.casework import conversation_record
from tidlig.cases.tests.views_helpers import register
from tidlig.intake import letters as intake_letters
from tidlig.interventions import letters
from tidlig.interventions.models import Decision, MeasureType, PlaceType
from tidlig.rules.lix import FAMILY_LIMIT, html_text, measure

PURPOSE = "Lukas skal komme i skole hver dag. Mor skal have hjælp til morgenen."
REASONING = "Lukas mangler tit i skolen. Han er træt og sulten, når han kommer."


def readable(text: str, what: str) -> None:
    m = measure(text)
    assert m.score <= FAMILY_LIMIT, f"{what}: {m}"


def body_without_notes(markup: str) -> str:
    return html_text(markup.split('<section class="notes"')[0])


@pytest.fixture
def municipality_with_address(municipality):
    municipality.letter_address = "Rådhuspladsen 1, 9990 Testrup"
    municipality.acute_phone = "70 00 00 00"
    municipality.save()
    return municipality


def make_decision(child, alice, code: str, *, made=True, age=12, without_consent=False, conversation=True):
    today = timezone.localdate()
    child.birth_date = today.replace(year=today.year - age) - dt.timedelta(days=30)
    child.caseworker = alice
    child.save()
    conv = None
    if conversation:
        conv = conversation_record(
            child=child,
            actor=alice,
            held_on=today - dt.timedelta(days=12),
            child_view="Jeg vil gerne blive boende hjemme.",
        )
    return Decision.objects.create(
        municipality=child.municipality,
        child=child,
        type=MeasureType.objects.get(code=code, municipality=None),
        planned_on=today,
        decided_on=today - dt.timedelta(days=2) if made else None,
        decided_by=alice if made else None,
        drafted_by=alice,
        purpose=PURPOSE,
        expected_duration="6 måneder",
        reasoning=REASONING,
        consent=None if without_consent else True,
        consent_note="Mor sagde ja på mødet.",
        hearing_on=today - dt.timedelta(days=5) if made else None,
        plan_needed=True,
        without_consent=without_consent,
        place_type=PlaceType.GENERAL_FOSTER if code.startswith("anb") else "",
        conversation=conv,
    )


VARIANTS = {
    "støtte, truffet, 12 år": dict(code="bl32_2"),
    "støtte, udkast, 8 år": dict(code="bl32_2", made=False, age=8, conversation=False),
    "forebyggende forløb, 6 år": dict(code="bl30_4", age=6, conversation=False),
    "anbringelse med samtykke, 16 år": dict(code="anb_almen", age=16),
    "anbringelse uden samtykke, 12 år": dict(code="anb_almen", without_consent=True),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_decision_letter_reads_easily_and_says_i_to_the_parents(
    variant, child, alice, municipality_with_address
):
    decision = make_decision(child, alice, **VARIANTS[variant])
    markup = letters.decision_letter_html(decision)
    body = body_without_notes(markup)

    readable(html_text(markup), variant)
    assert not re.search(r"\b(du|dig|din|dit|dine|Du)\b", body), "the parents are »I«, never »du«"
    assert re.search(r"\bI\b", body) and "jer" in body
    assert "§" not in body, "paragraphs go in the footnotes"
    assert "Regler, som brevet bygger på" in markup and "barnets lov §" in markup
    assert "Rådhuspladsen 1, 9990 Testrup" in body and letters.ANKESTYRELSEN in body
    assert "4 uger" in body


def test_the_letter_names_the_measure_not_the_catalogue_title(child, alice, municipality_with_address):
    body = body_without_notes(letters.decision_letter_html(make_decision(child, alice, "bl30_4", age=6)))
    assert "Afgørelse om et forløb for familien" in body
    assert "12-ugers forløb" not in body and "Andre forebyggende indsatser" not in body


def test_a_municipality_s_own_service_is_named_by_its_own_name(child, alice, municipality_with_address):
    own = MeasureType.objects.create(
        municipality=municipality_with_address,
        code="egen_familiestotte",
        title="Familiestøtten Solhjem",
        paragraph="BL § 32, stk. 1, nr. 2",
        kind=MeasureType.Kind.SUPPORTIVE,
        level=3,
    )
    decision = make_decision(child, alice, "bl32_2")
    decision.type = own
    decision.save()
    assert "Afgørelse om familiestøtten Solhjem" in letters.decision_letter_html(decision)


def test_placement_letters_offer_the_parents_a_stoetteperson_and_others_do_not(
    child, alice, municipality_with_address
):
    placement = letters.decision_letter_html(make_decision(child, alice, "anb_almen", age=16))
    assert "I har ret til en støtteperson" in placement and "Barnets lov § 75." in placement
    support = letters.decision_letter_html(make_decision(child, alice, "bl32_2"))
    assert "støtteperson" not in support


def test_the_committee_letter_gives_a_lawyer_to_the_parents_and_the_child_of_ten(
    child, alice, municipality_with_address
):
    markup = letters.decision_letter_html(make_decision(child, alice, "anb_almen", without_consent=True))
    assert "I har ret til en advokat" in markup and "Det har Lukas også" in markup
    assert "Barnets lov § 140, stk. 1, nr. 3." in markup


def test_the_footnotes_are_numbered_in_reading_order(child, alice, municipality_with_address):
    markup = letters.decision_letter_html(make_decision(child, alice, "bl32_2"))
    marks = [int(n) for n in re.findall(r"<sup>(\d+)</sup>", markup)]
    notes = [int(n) for n in re.findall(r'<li value="(\d+)">', markup)]
    assert marks[:3] == [1, 2, 3] and notes == list(range(1, max(marks) + 1))
    assert "barnets lov § 32, stk. 1, nr. 2" in markup  # the basis, in note 1
    assert "»praktisk, pædagogisk eller anden støtte i hjemmet«" in markup


@pytest.mark.parametrize("variant", ["støtte, truffet, 12 år", "anbringelse uden samtykke, 12 år"])
def test_a_child_of_ten_or_more_gets_a_letter_of_their_own(variant, child, alice, municipality_with_address):
    decision = make_decision(child, alice, **VARIANTS[variant])
    parents = letters.decision_letter_html(decision)
    markup = letters.decision_letter_child_html(decision)
    body = body_without_notes(markup)

    assert "Lukas er selv part" in parents and "Barnets lov § 3." in parents
    readable(html_text(markup), f"barnets brev, {variant}")
    assert "Kære Lukas" in body and "Jeg vil gerne blive boende hjemme." in body
    assert "4 uger" in body and "Rådhuspladsen 1, 9990 Testrup" in body
    assert "116 111" in body and "ring 112" in body
    assert "§" not in body


def test_a_child_under_ten_has_no_letter_of_their_own(child, alice, municipality_with_address, client_for):
    decision = make_decision(child, alice, "bl32_2", age=8, made=False)
    assert not letters.decision_letter(decision).child_party
    assert "selv part" not in letters.decision_letter_html(decision)
    assert client_for(alice).get(f"/indsatser/afgoerelse/{decision.pk}/brev-til-barnet/").status_code == 404
    assert (
        "brev-til-barnet"
        not in client_for(alice).get(f"/indsatser/afgoerelse/{decision.pk}/").content.decode()
    )


def test_the_child_s_letter_is_a_page_a_pdf_and_an_api_answer(
    child, alice, municipality_with_address, client_for, token_for, bob
):
    decision = make_decision(child, alice, "bl32_2", made=False)  # a draft: its page is the way back
    page = client_for(alice).get(f"/indsatser/afgoerelse/{decision.pk}/brev-til-barnet/")
    pdf = client_for(alice).get(f"/indsatser/afgoerelse/{decision.pk}/brev-til-barnet.pdf")
    parents = client_for(alice).get(f"/indsatser/afgoerelse/{decision.pk}/brev/")
    api = token_for(alice).get(f"/api/v1/decisions/{decision.pk}/letter-for-child")

    assert page.status_code == 200 and "Et brev til dig, Lukas" in page.content.decode()
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert f"/indsatser/afgoerelse/{decision.pk}/brev-til-barnet/" in parents.content.decode()
    decision_page = client_for(alice).get(f"/indsatser/afgoerelse/{decision.pk}/").content.decode()
    assert f"/indsatser/afgoerelse/{decision.pk}/brev-til-barnet/" in decision_page
    assert api.status_code == 200 and "Et brev til dig, Lukas" in api.content.decode()
    assert client_for(bob).get(f"/indsatser/afgoerelse/{decision.pk}/brev-til-barnet/").status_code == 404


@pytest.mark.parametrize("kind", ["professional", "citizen"])
def test_the_receipt_reads_easily_and_says_112_when_the_child_is_in_danger_now(
    kind, rita, child, municipality_with_address
):
    n = register(rita, child)
    n.notifier_kind = kind
    n.save()
    body = intake_letters.receipt_draft(n).body
    text = body.split("\n¹")[0]

    readable(body, f"kvittering ({kind})")
    assert "Er barnet i fare lige nu, så ring 112." in body
    assert "70 00 00 00" in body
    assert "§" not in text and "Barnets lov § 136." in body
    assert ("besked senere" in body) == (kind == "professional")


@pytest.mark.parametrize(
    "facts",
    [(False, False, False), (True, False, False), (False, True, True), (True, True, True)],
    ids=["intet", "undersøgelse", "afdækning og hjælp", "alt"],
)
def test_the_feedback_reads_easily_with_every_outcome(facts, rita, child, municipality_with_address):
    n = register(rita, child)
    investigation, assessment, measures = facts
    told = intake_letters.FeedbackFacts(
        investigation=investigation, assessment=assessment, measures=["x"] if measures else []
    )
    body = intake_letters.feedback_draft(n, told).body

    readable(body, f"tilbagemelding {facts}")
    assert "§" not in body.split("\n¹")[0]
    assert ("børnefaglig undersøgelse" in body) == investigation


def test_the_parents_page_of_what_the_institution_recorded_reads_easily(client_for, eva, child, group):
    """The fixed text of the page the daycare prints for the parents (wellbeing, issue 6)."""
    response = client_for(eva).get(f"/trivsel/barn/{child.pk}/foraeldre/")
    assert response.status_code == 200
    text = html_text(response.content.decode())
    assert "Hvorfor registrerer vi dette" in text
    readable(text, "forældresiden")


@pytest.mark.parametrize("professional", [True, False])
@pytest.mark.parametrize("decision", ["undersoegelse", "afdaekning", "none"])
def test_the_demo_s_letters_read_as_easily_as_the_templates_they_copy(professional, decision):
    from tidlig.demo import texts

    receipt = texts.receipt_body(
        notifier_name="Karin Sørensen",
        received_local="02.03.2026 kl. 09.15",
        professional=professional,
        municipality="Demo",
        acute_phone="70 00 00 00",
    )
    feedback = texts.feedback_body(
        notifier_name="Karin Sørensen", received_local="02.03.2026", decision=decision, municipality="Demo"
    )
    readable(receipt, "demo-kvittering")
    readable(feedback, "demo-tilbagemelding")
    assert "ring 112" in receipt and "ring 112" in feedback


def test_the_family_pages_fixed_texts_read_easily_and_say_i(child, alice):
    """Issue 14 § 6: the fixed texts of /borger/ (every section line, every word's one-line explanation, the
    plans' explanations) and the rendered sign-in and child pages score LIX ≤ 35."""
    from tidlig.family import oidc, texts
    from tidlig.family.tests.helpers import citizen_client

    lines = [str(t) for t in texts.SECTION_LINES.values()]
    lines += [str(t) for t in oidc.REFUSALS.values()]
    lines += [f"{word}: {line}" for word, line in texts.GLOSSARY]
    lines += [str(explanation) for _name, explanation, _paragraph in texts.PLANS.values()]
    readable(" ".join(lines), "the family pages' fixed texts")
    for line in lines:
        assert not re.search(r"\b(De|Dem|Deres)\b", line), line  # »I«, never the formal »De«

    child.caseworker = alice
    child.save()
    client = citizen_client("0303851234", "Mette Jensen")
    for path in ("/borger/", f"/borger/boern/{child.pk}/"):
        readable(html_text(client.get(path).text), path)
    readable(html_text(Client().get("/borger/log-ind/").text), "/borger/log-ind/")
