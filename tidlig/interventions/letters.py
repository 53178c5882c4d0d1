"""The afgørelse as a letter to the family, drafted from the case data (Tidlig's own template text).

An afgørelse says what is decided and under which paragraph, gives the begrundelse (forvaltningsloven
§§ 22-24), how partshøring (§ 19) and the child's view (barnets lov § 5) were obtained, and ends with a
klagevejledning (forvaltningsloven § 25; barnets lov §§ 144-146; retssikkerhedsloven §§ 66-67).
Letters go to Danish families, so they are always drafted in Danish whatever the UI language.
The same HTML is the printable page and, through WeasyPrint, the PDF; its CSS is inline, so WeasyPrint
fetches nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from tidlig.people.models import Child, Person
from tidlig.rules import casework as rules

from .models import Decision, MeasureType

CHILD_PARTY_AGE = 10  # barnets lov §§ 145-146: from 10 the child may complain itself
YOUNG_CONSENT_AGE = 15  # barnets lov § 46, stk. 1: the young person's own consent


def lower_first(text: str) -> str:
    """ "Praktisk støtte" → "praktisk støtte", but "MST-behandling" stays as it is."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def genitive(name: str) -> str:
    """Danish genitive of a name: Lukas → Lukas', Ida → Idas."""
    return f"{name}'" if name[-1:].lower() in ("s", "x", "z") else f"{name}s"


def legal_basis(decision: Decision) -> str:
    """The paragraph the decision is made under, as a letter writes it."""
    t = decision.type
    if t.kind == MeasureType.Kind.PLACEMENT:
        return "barnets lov § 47, stk. 1" if decision.without_consent else "barnets lov § 46, stk. 1"
    paragraph = t.paragraph.strip()
    return "barnets lov " + paragraph[3:] if paragraph.startswith("BL ") else paragraph


@dataclass
class DecisionLetter:
    decision: Decision
    child: Child
    kind: str
    by_committee: bool
    made: bool
    day: dt.date
    heading: str
    title: str
    duration: str
    basis: str
    child_name: str
    child_first: str
    child_first_genitive: str
    child_age: int | None
    recipients: list[Person]
    plan_due: dt.date | None
    investigation_concluded_on: dt.date | None
    assessment_concluded_on: dt.date | None
    child_may_complain: bool
    young_consent: bool
    contact: object
    signer: object


def decision_letter(decision: Decision) -> DecisionLetter:
    child = decision.child
    t = decision.type
    day = decision.decided_on or decision.planned_on
    age = child.age_on(day)
    placement = t.kind == MeasureType.Kind.PLACEMENT
    plan_due = None
    if placement or decision.plan_needed:
        plan_due = rules.child_plan_due(day, without_consent=placement and decision.without_consent)
    inv = child.investigations.filter(concluded_on__isnull=False, concluded_on__lte=day).order_by(
        "-concluded_on"
    )
    ass = child.assessments.filter(concluded_on__isnull=False, concluded_on__lte=day).order_by(
        "-concluded_on"
    )
    first = child.first_name or child.display_name
    return DecisionLetter(
        decision=decision,
        child=child,
        kind=t.kind,
        by_committee=placement and decision.without_consent,
        made=decision.is_made,
        day=day,
        heading=f"Afgørelse om {lower_first(t.title)}",
        title=lower_first(t.title),
        duration=lower_first(decision.expected_duration),
        basis=legal_basis(decision),
        child_name=child.display_name,
        child_first=first,
        child_first_genitive=genitive(first),
        child_age=age,
        recipients=[g.person for g in child.guardianships.filter(has_custody=True).select_related("person")],
        plan_due=plan_due,
        investigation_concluded_on=inv.values_list("concluded_on", flat=True).first(),
        assessment_concluded_on=ass.values_list("concluded_on", flat=True).first(),
        child_may_complain=age is not None
        and age >= CHILD_PARTY_AGE
        and t.kind != MeasureType.Kind.PREVENTIVE,
        young_consent=placement and age is not None and age >= YOUNG_CONSENT_AGE,
        contact=child.caseworker or decision.decided_by or decision.drafted_by,
        signer=decision.decided_by or decision.drafted_by,
    )


def decision_letter_html(
    decision: Decision, *, links: list[tuple[str, str]] | None = None, print_label: str = "", csp_nonce=None
) -> str:
    """The letter as one HTML document. `links` [(url, label)] adds a toolbar for the screen (in the user's
    language, so translated by the caller); the printout and the PDF have none. `csp_nonce` is the answer's
    Content Security Policy nonce, which the letter's own <style> needs on the screen."""
    with translation.override("da"):
        return render_to_string(
            "interventions/letters/decision.html",
            {
                "letter": decision_letter(decision),
                "municipality": decision.municipality,
                "links": links,
                "print_label": print_label,
                "csp_nonce": csp_nonce,
            },
        )


def decision_letter_pdf(decision: Decision, *, base_url: str | None = None) -> bytes:
    import weasyprint  # heavy; only the PDF view needs it

    html = decision_letter_html(decision)
    # Only data: URLs; anything else (http, file) is refused, so rendering never touches the network.
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=("data",))
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
