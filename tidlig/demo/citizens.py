"""The family's own pages in the demo (issue 14; README "Familiens egen side"): synthetic people to sign in as at
/borger/demo/, one for each thing the access rule decides (tidlig/family/access.py).

Picked from raadgiver's caseload after the rest of the demo is built: the child whose page shows the most (a
letter sent to the parent, a meeting to come, a plan, a course), its parent with custody; the other parent of a
one-parent household, added without custody (forældreansvarsloven § 23); a grandmother, added as a person but no
guardian; a father whose custody ended; a young person of 15–17 and one of 10–14 with their own CPR numbers; and
a stranger whose number belongs to nobody in the municipality. New people get demo CPR numbers (serial 99xx,
synthetic_cpr), never a real one.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from tidlig.family.models import DemoCitizen
from tidlig.network.models import NetworkMeeting
from tidlig.people.models import Child, Guardianship, Person
from tidlig.post.models import Letter

from .organisation import Org
from .synthetic_cpr import PER_PREFIX, PREFIX, CprAllocator


def _free_cpr(birth: dt.date, sex: str, prefixes: tuple[str, ...] = (PREFIX,)) -> str:
    """A demo number for this birth date and sex that no person or child in the installation has."""
    taken = set(Person.objects.filter(cpr__startswith=f"{birth:%d%m%y}").values_list("cpr", flat=True))
    taken |= set(Child.objects.filter(cpr__startswith=f"{birth:%d%m%y}").values_list("cpr", flat=True))
    for n in range(
        PER_PREFIX * len(prefixes) - 1, -1, -1
    ):  # from the top: the population hands out from the bottom
        number = CprAllocator.number(birth, sex, n, prefixes)
        if number not in taken:
            return number
    raise RuntimeError(f"no free demo CPR number on {birth}")


def _adult(
    org: Org, first: str, last: str, birth: dt.date, sex: str, address: str = "", *, prefixes: tuple[str, ...]
) -> Person:
    return Person.objects.create(
        municipality=org.municipality,
        cpr=_free_cpr(birth, sex, prefixes),
        first_name=first,
        last_name=last,
        address=address,
    )


def _age(child: Child, today: dt.date) -> int:
    return child.age_on(today) or 0


def _showcase_child(org: Org, today: dt.date, now: dt.datetime) -> Child | None:
    """raadgiver's child whose page shows the most, with a parent with custody who has a CPR number."""
    children = (
        Child.objects.filter(caseworker=org.raadgiver, is_unborn=False, guardianships__has_custody=True)
        .exclude(guardianships__person__cpr="")
        .annotate(n_plans=Count("plans", distinct=True), n_courses=Count("courses", distinct=True))
        .distinct()
    )
    lettered = set(Letter.objects.filter(status__in=("sent", "delivered")).values_list("child_id", flat=True))
    upcoming = set(
        NetworkMeeting.objects.filter(status="planned", starts_at__gte=now).values_list("child_id", flat=True)
    )

    def score(c: Child) -> tuple:
        return (c.pk in lettered, c.pk in upcoming, c.n_plans > 0, c.n_courses > 0, -c.pk)

    best = max((c for c in children if 0 <= _age(c, today) < 15), key=score, default=None)
    return best


def build(org: Org, *, now: dt.datetime | None = None, prefixes: tuple[str, ...] = (PREFIX,)) -> int:
    """Write the demo's citizens (replacing any earlier list); returns how many."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    people: list[tuple[str, str, str]] = []  # (cpr, name, role)
    child = _showcase_child(org, today, now)
    if child is not None:
        custody = (
            Guardianship.objects.filter(child=child, has_custody=True)
            .exclude(person__cpr="")
            .select_related("person")
        )
        # The parent a letter went to, when one did: then the page shows that letter.
        sent_to = set(
            Letter.objects.filter(
                child=child, status__in=("sent", "delivered"), recipient_id_type=Letter.IdType.CPR
            ).values_list("recipient_id", flat=True)
        )
        parent = sorted(custody, key=lambda g: (g.person.cpr not in sent_to, g.pk))[0].person
        people.append(
            (
                parent.cpr,
                str(parent),
                f"{child.first_name}s {_relation(child, parent)}, med forældremyndighed: ser sagen",
            )
        )
        grandmother = _adult(
            org,
            "Grethe",
            child.last_name or "Hansen",
            dt.date(1956, 5, 5),
            "F",
            child.address,
            prefixes=prefixes,
        )
        people.append(
            (
                grandmother.cpr,
                str(grandmother),
                f"{child.first_name}s bedstemor, med i netværket, ikke forælder: ser intet",
            )
        )
    # Two one-parent households of raadgiver's: the absent father is added without custody to each.
    singles = list(
        Child.objects.filter(caseworker=org.raadgiver, is_unborn=False)
        .annotate(
            n=Count("guardianships"),
            n_custody=Count("guardianships", filter=Q(guardianships__has_custody=True)),
        )
        .filter(n=1, n_custody=1)
        .exclude(pk=getattr(child, "pk", None))
        .order_by("pk")[:2]
    )
    for single, (first, born, role) in zip(
        singles,
        [
            ("Jonas", dt.date(1984, 11, 11), "far, uden forældremyndighed: ser kun dagtilbud og skole"),
            (
                "Kurt",
                dt.date(1979, 3, 3),
                "far, hvis forældremyndighed er ophørt: ser kun dagtilbud og skole",
            ),
        ],
        strict=False,
    ):
        father = _adult(org, first, single.last_name or "Nielsen", born, "M", prefixes=prefixes)
        Guardianship.objects.create(
            child=single, person=father, relation="father", has_custody=False, lives_with_child=False
        )
        people.append((father.cpr, str(father), f"{single.first_name}s {role}"))
    candidates = Child.objects.filter(municipality=org.municipality, is_unborn=False).exclude(cpr=None)
    young = (
        candidates.filter(
            caseworker__isnull=False,
            birth_date__lte=_years_ago(today, 15),
            birth_date__gt=_years_ago(today, 18),
        )
        .order_by("pk")
        .first()
    )
    if young is not None:
        people.append((young.cpr, young.display_name, f"Ung på {_age(young, today)} år: ser sin egen sag"))
    younger = (
        candidates.filter(birth_date__lte=_years_ago(today, 10), birth_date__gt=_years_ago(today, 15))
        .order_by("pk")
        .first()
    )
    if younger is not None:
        people.append(
            (younger.cpr, younger.display_name, f"Barn på {_age(younger, today)} år: ser intet før 15 år")
        )
    stranger_cpr = _free_cpr(dt.date(1970, 1, 1), "M", prefixes)
    people.append(
        (stranger_cpr, "Frede Fremmed", "En borger uden børn i kommunen: ser en venlig side uden data")
    )

    DemoCitizen.objects.all().delete()
    DemoCitizen.objects.bulk_create(
        DemoCitizen(cpr=cpr, name=name[:200], role=role[:200], position=i)
        for i, (cpr, name, role) in enumerate(people)
    )
    return len(people)


def _relation(child: Child, person: Person) -> str:
    g = Guardianship.objects.filter(child=child, person=person).first()
    return {"mother": "mor", "father": "far"}.get(g.relation if g else "", "forælder")


def _years_ago(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)
