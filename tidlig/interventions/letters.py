"""The afgørelse as a letter to the family, drafted from the case data (Tidlig's own template text).

An afgørelse says what is decided and under which paragraph, gives the begrundelse (forvaltningsloven
§§ 22-24), how partshøring (§ 19) and the child's view (barnets lov § 5) were obtained, and ends with a
klagevejledning (forvaltningsloven § 25; barnets lov §§ 144-146; retssikkerhedsloven §§ 66-67).
Letters go to Danish families, so they are always drafted in Danish whatever the UI language.

Written to be read (issue 14 § 5, docs/style-da.md): LIX ≤ 35 (tidlig.rules.lix), the parents addressed as
»I«, the measure named in plain words (the catalogue title and the paragraphs go in numbered footnotes), the
complaint address given, the parents' støtteperson in a placement letter (barnets lov § 75), and a letter of
their own for a child of 10 or more, who is a party (barnets lov § 3).
The same HTML is the printable page and, through WeasyPrint, the PDF; its CSS is inline, so WeasyPrint
fetches nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from tidlig.people.models import Child, Person
from tidlig.rules import casework as rules

from .models import Decision, MeasureType

CHILD_PARTY_AGE = 10  # barnets lov § 3: from 10 the child is a party; §§ 145-146: may complain itself
YOUNG_CONSENT_AGE = 15  # barnets lov § 46, stk. 1: the young person's own consent


def lower_first(text: str) -> str:
    """ "Praktisk støtte" → "praktisk støtte", but "MST-behandling" stays as it is."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def genitive(name: str) -> str:
    """Danish genitive of a name: Lukas → Lukas', Ida → Idas."""
    return f"{name}'" if name[-1:].lower() in ("s", "x", "z") else f"{name}s"


# The measure as a family says it; the catalogue's titles are the law's words (they go in the footnote).
PLAIN_NAMES = {
    "bl30_1": "rådgivning af familien",
    "bl30_2": "en netværks- eller samtalegruppe",
    "bl30_3": "rådgivning om familieplanlægning",
    "bl30_4": "et forløb for familien",
    "bl32_1": "en plads i dagtilbud, klub eller lignende",
    "bl32_2": "støtte i hjemmet",
    "bl32_3": "en fast kontaktperson",
    "bl32_4": "et praktiktilbud",
    "bl32_5": "familiebehandling",
    "bl32_6": "et døgnophold for hele familien",
    "bl32_7": "aflastning",
    "bl32_8": "anden hjælp",
}

# Where a complaint ends up (retssikkerhedsloven § 66, stk. 2). Public authority address, ast.dk.
ANKESTYRELSEN = "Ankestyrelsen, Teglholmsgade 3, 2450 København SV"
CHILDRENS_PHONE = "116 111"  # Børns Vilkår's BørneTelefonen: free, anonymous, for children


def measure_name(t: MeasureType) -> str:
    """The measure's name in a letter: a municipality's own service by its own name, a catalogue type in
    plain words, never the law's long catalogue title."""
    if t.municipality_id is None and t.code in PLAIN_NAMES:
        return PLAIN_NAMES[t.code]
    return lower_first(t.title)


class Notes:
    """Numbered footnotes, numbered in the order the template asks for them: `{{ l.notes.basis }}` gives the
    number of the note `basis` (the same number if asked again), `l.notes.used` lists [(number, text)].
    A key with no text gives "" (Django shows nothing), so a template never prints an empty note."""

    def __init__(self, texts: dict[str, str]):
        self._texts = texts
        self._numbers: dict[str, int] = {}
        self.used: list[tuple[int, str]] = []

    def __getitem__(self, key: str) -> str:
        if key not in self._texts:
            raise KeyError(key)
        if key not in self._numbers:
            self._numbers[key] = len(self.used) + 1
            self.used.append((self._numbers[key], self._texts[key]))
        return str(self._numbers[key])


def _notes(decision: Decision, *, basis: str, by_committee: bool, child_party: bool, placement: bool) -> dict:
    t = decision.type
    kind = t.kind
    notes = {
        "basis": f"Afgørelsen er truffet efter {basis}."
        + (
            f" Indsatsen hedder i loven »{lower_first(t.title)}«."
            if kind != MeasureType.Kind.PLACEMENT
            else ""
        ),
        "inquiry": "Barnets lov § 20 om den børnefaglige undersøgelse.",
        "special": "Barnets lov § 46, stk. 3.",
        "assessment": "Barnets lov § 19 om afdækning.",
        "conversation": "Barnets lov § 5, stk. 3.",
        "bisidder": "Barnets lov § 6.",
        "no_conversation": "Barnets lov § 5, stk. 4.",
        "hearing": "Forvaltningsloven § 19.",
        "followup": "Barnets lov § 95.",
        "party": "Barnets lov § 3.",
        "lawyer": "Barnets lov § 140, stk. 1, nr. 3.",
        "support_person": "Barnets lov § 75.",
        "access": "Forvaltningsloven § 9. Klagevejledningen gives efter forvaltningsloven § 25.",
    }
    if by_committee:
        notes |= {
            "duration": "Barnets lov § 47, stk. 2.",
            "consent": "Barnets lov § 47 og § 142, stk. 1, nr. 4.",
            "reason": "Barnets lov § 47, stk. 1 og 2.",
            "plan": "Barnets lov § 91, stk. 2.",
            "deadline": "Barnets lov § 146, stk. 1 og 2.",
            "forward": "Barnets lov § 146, stk. 3.",
        }
    else:
        notes |= {
            "deadline": "Barnets lov § 144 og retssikkerhedsloven § 67."
            + (" Et barn på 10 år eller mere kan selv klage efter barnets lov § 145." if child_party else ""),
            "forward": "Retssikkerhedsloven § 66.",
        }
        if placement:
            notes |= {
                "duration": "Barnets lov § 46, stk. 1.",
                "consent": "Barnets lov § 46, stk. 1 og 2.",
                "reason": "Barnets lov § 46, stk. 1.",
                "plan": "Barnets lov § 91, stk. 2.",
            }
        elif kind == MeasureType.Kind.SUPPORTIVE:
            notes |= {
                "duration": "Barnets lov § 32, stk. 3.",
                "consent": "Barnets lov § 32, stk. 2.",
                "reason": "Barnets lov § 32, stk. 1 og 3.",
                "plan": "Barnets lov § 91, stk. 1.",
            }
        else:
            notes |= {"reason": "Barnets lov § 30."}
    return notes


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
    name: str
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
    child_party: bool
    support_person: bool
    address: str
    ankestyrelsen: str
    childrens_phone: str
    notes: Notes
    place: str = ""  # the kind of place in plain words; its paragraph (§ 43) stays with the notes


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
    basis = legal_basis(decision)
    by_committee = placement and decision.without_consent
    child_party = age is not None and age >= CHILD_PARTY_AGE and t.kind != MeasureType.Kind.PREVENTIVE
    name = measure_name(t)
    return DecisionLetter(
        decision=decision,
        child=child,
        kind=t.kind,
        by_committee=by_committee,
        made=decision.is_made,
        day=day,
        heading=f"Afgørelse om {name}",
        title=lower_first(t.title),
        name=name,
        duration=lower_first(decision.expected_duration),
        basis=basis,
        child_name=child.display_name,
        child_first=first,
        child_first_genitive=genitive(first),
        place=re.sub(r"\s*\(§[^)]*\)", "", str(decision.get_place_type_display()))
        if decision.place_type
        else "",
        child_age=age,
        recipients=[g.person for g in child.guardianships.filter(has_custody=True).select_related("person")],
        plan_due=plan_due,
        investigation_concluded_on=inv.values_list("concluded_on", flat=True).first(),
        assessment_concluded_on=ass.values_list("concluded_on", flat=True).first(),
        child_may_complain=child_party,
        young_consent=placement and age is not None and age >= YOUNG_CONSENT_AGE,
        contact=child.caseworker or decision.decided_by or decision.drafted_by,
        signer=decision.decided_by or decision.drafted_by,
        child_party=child_party,
        support_person=placement,
        address=decision.municipality.letter_address.strip(),
        ankestyrelsen=ANKESTYRELSEN,
        childrens_phone=CHILDRENS_PHONE,
        notes=Notes(
            _notes(
                decision, basis=basis, by_committee=by_committee, child_party=child_party, placement=placement
            )
        ),
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


def decision_letter_child_html(
    decision: Decision, *, links: list[tuple[str, str]] | None = None, print_label: str = "", csp_nonce=None
) -> str:
    """The same afgørelse written for the child of 10 or more, who is a party (barnets lov § 3): »du«, short
    sentences, what happens, what they said, how to complain and whom to call."""
    with translation.override("da"):
        return render_to_string(
            "interventions/letters/decision_child.html",
            {
                "letter": decision_letter(decision),
                "municipality": decision.municipality,
                "links": links,
                "print_label": print_label,
                "csp_nonce": csp_nonce,
            },
        )


def decision_letter_pdf(decision: Decision, *, base_url: str | None = None, for_child: bool = False) -> bytes:
    import weasyprint  # heavy; only the PDF view needs it

    html = decision_letter_child_html(decision) if for_child else decision_letter_html(decision)
    # Only data: URLs; anything else (http, file) is refused, so rendering never touches the network.
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=("data",))
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
