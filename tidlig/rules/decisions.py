"""The legal preconditions of a decision (afgørelse) on a measure: pure functions of what the case shows.

Each returns None when the precondition holds, or the Danish message (marked for translation, translated by
the service that shows it) saying what is missing. `decision_problems` gathers them all in one round, keyed
by the field the caseworker fixes. The service reads the facts (investigations, plans) from the database.
"""

from __future__ import annotations

import datetime as dt

from .obligations import gettext_noop

SUPPORTIVE_KINDS = ("supportive", "placement")


def decided_on_problem(*, decided_on: dt.date, today: dt.date) -> str | None:
    """A decision is made on a day that has come (it is recorded, not planned)."""
    if decided_on > today:
        return gettext_noop("Afgørelsesdatoen ligger i fremtiden.")
    return None


def conversation_problem(
    *, decided_on: dt.date, held_on: dt.date | None, same_child: bool, exception: str
) -> str | None:
    """BL § 5, stk. 3: the child's views are known before the decision, from a conversation held with this child
    on or before the day; § 5, stk. 4: or the caseworker says why the conversation is departed from.
    `held_on` is None when no conversation is given."""
    if held_on is not None and not same_child:
        return gettext_noop("Børnesamtalen handler om et andet barn.")
    if held_on is not None and held_on > decided_on:
        return gettext_noop("Børnesamtalen skal være holdt før afgørelsen (§ 5, stk. 3).")
    if held_on is None and not exception.strip():
        return gettext_noop(
            "Barnets synspunkter skal foreligge før afgørelsen (§ 5, stk. 3). Vælg en "
            "børnesamtale, eller begrund hvorfor samtalen fraviges (§ 5, stk. 4)."
        )
    return None


def consent_problem(*, kind: str, without_consent: bool, consent: bool | None) -> str | None:
    """BL § 32, stk. 2 and § 46: a supportive measure or placement needs the custody holder's consent;
    § 47: only the children and youth committee places without it."""
    if kind in SUPPORTIVE_KINDS and not without_consent and consent is not True:
        return gettext_noop(
            "Afgørelsen kræver samtykke fra forældremyndighedsindehaveren (§ 32, stk. 2 / § 46). "
            "Uden samtykke kan kun børne- og ungeudvalget anbringe (§ 47)."
        )
    return None


def investigation_problem(
    *, kind: str, without_consent: bool, concluded: bool, running: bool, special_circumstances: str
) -> str | None:
    """A placement rests on a child-professional investigation (§ 20): § 47, stk. 2 without consent needs a
    concluded one; § 46, stk. 3 with consent too, unless one is running and the special circumstances of a
    provisional or acute placement are described."""
    if kind != "placement":
        return None
    if without_consent and not concluded:
        return gettext_noop(
            "En anbringelse uden samtykke forudsætter en gennemført børnefaglig undersøgelse (§ 47, stk. 2)."
        )
    if not without_consent and not concluded and not (running and special_circumstances.strip()):
        return gettext_noop(
            "En anbringelse efter § 46 forudsætter en afsluttet børnefaglig undersøgelse (§ 46, stk. 3). "
            "En foreløbig eller akut anbringelse kan ske sideløbende med en igangværende undersøgelse, "
            "når de særlige forhold beskrives."
        )
    return None


def plan_problem(*, without_consent: bool, plan_recorded: bool) -> str | None:
    """BL § 91, stk. 2: before a placement without consent, the child's (or youth's) plan is in place."""
    if without_consent and not plan_recorded:
        return gettext_noop(
            "Ved anbringelse uden samtykke skal barnets plan foreligge før afgørelsen (§ 91, stk. 2)."
        )
    return None


def hearing_problem(*, kind: str, decided_on: dt.date, hearing_on: dt.date | None) -> str | None:
    """Forvaltningsloven § 19 (partshøring): the parties are heard before a decision against them, so a
    supportive measure or placement names the day of the hearing, and that day is not after the decision."""
    if hearing_on is not None and hearing_on > decided_on:
        return gettext_noop("Partshøringen skal ligge før afgørelsen.")
    if hearing_on is None and kind in SUPPORTIVE_KINDS:
        return gettext_noop("Angiv hvornår der var partshøring (forvaltningslovens § 19).")
    return None


def decision_problems(
    *,
    kind: str,
    today: dt.date,
    decided_on: dt.date,
    without_consent: bool,
    consent: bool | None,
    conversation_held_on: dt.date | None,
    conversation_same_child: bool,
    conversation_exception: str,
    investigation_concluded: bool,
    investigation_running: bool,
    special_circumstances: str,
    plan_recorded: bool,
    hearing_on: dt.date | None,
) -> dict[str, str]:
    """Every precondition that fails, by the field to fix (all in one round)."""
    found = {
        "decided_on": decided_on_problem(decided_on=decided_on, today=today),
        "conversation": conversation_problem(
            decided_on=decided_on,
            held_on=conversation_held_on,
            same_child=conversation_same_child,
            exception=conversation_exception,
        ),
        "consent": consent_problem(kind=kind, without_consent=without_consent, consent=consent),
        "special_circumstances": investigation_problem(
            kind=kind,
            without_consent=without_consent,
            concluded=investigation_concluded,
            running=investigation_running,
            special_circumstances=special_circumstances,
        ),
        "plan": plan_problem(without_consent=without_consent, plan_recorded=plan_recorded),
        "hearing_on": hearing_problem(kind=kind, decided_on=decided_on, hearing_on=hearing_on),
    }
    return {field: message for field, message in found.items() if message}
