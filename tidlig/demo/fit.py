"""FIT trajectories for the showcase children (issue 13 § 4), written through the FIT services as their
caseworker would: the child and a parent rate four sessions two weeks apart; one family improves, one
stalls (an alert on no change, and a weak alliance), one deteriorates (an alert). Synthetic only."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from tidlig.fit import services
from tidlig.fit.models import Respondent
from tidlig.people.models import Child

# Outcome totals session by session (0–40) and the alliance totals beside them.
PATTERNS = {
    "improves": ([18.0, 22.5, 26.0, 30.5], [37.0, 38.0, 38.5, 39.0]),
    "stalls": ([21.0, 22.0, 21.5, 22.5], [38.0, 38.0, 38.0, 34.5]),
    "deteriorates": ([28.0, 26.0, 24.5, 21.0], [38.0, 38.5, 38.5, 38.5]),
}


def items_for(total: float, rng: random.Random, spread: float = 0.8) -> list[str]:
    """Four items 0–10 with one decimal around `total` / 4, in pairs that cancel out (so the total is kept
    within rounding); a small `spread` keeps a good alliance's items all at 9 or more."""
    base = total / 4
    out = []
    for _ in range(2):
        d = round(rng.uniform(0, min(spread, 10 - base, base)), 1)
        out += [base + d, base - d]
    return [str(Decimal(str(min(10.0, max(0.0, v)))).quantize(Decimal("0.1"))) for v in out]


def build(children: list[Child], rng: random.Random, *, today: dt.date, limit: int = 6) -> int:
    """FIT for up to `limit` showcase children with a caseworker, the patterns in turn; returns how many."""
    built = 0
    kinds = list(PATTERNS)
    for child in children:
        if built >= limit:
            break
        if child.caseworker_id is None or child.is_unborn or (child.age_on(today) or 0) < 4:
            continue
        family(child, child.caseworker, rng, today=today, pattern=kinds[built % len(kinds)])
        built += 1
    return built


def family(child: Child, actor, rng: random.Random, *, today: dt.date, pattern: str) -> None:
    outcome, alliance = PATTERNS[pattern]
    mother = child.guardianships.filter(relation="mother").select_related("person").first()
    kid = services.respondent_add(
        child=child, actor=actor, role=Respondent.Role.CHILD, first_name=child.first_name
    )
    parent = services.respondent_add(
        child=child,
        actor=actor,
        role=Respondent.Role.MOTHER,
        first_name=(mother.person.first_name if mother else "") or "Mor",
    )
    for n, (o, a) in enumerate(zip(outcome, alliance, strict=True)):
        day = today - dt.timedelta(days=14 * (len(outcome) - 1 - n) + 2)
        session = services.session_open(
            child=child, actor=actor, held_on=day, respondent_ids=[kid.pk, parent.pk]
        )
        for rating in session.ratings.all():
            shift = 1.5 if rating.respondent_id == parent.pk else 0.0
            services.rating_answer(
                rating=rating, part="outcome", items=items_for(o + shift, rng), via="tablet", actor=actor
            )
            if pattern == "stalls" and n == len(outcome) - 1:
                weak = ["8.9", "8.2", "9.0", "8.4"]  # 34.5: low total and low items
                services.rating_answer(rating=rating, part="alliance", items=weak, via="tablet", actor=actor)
            else:
                services.rating_answer(
                    rating=rating, part="alliance", items=items_for(a, rng, 0.2), via="tablet", actor=actor
                )
