"""Which children a signed-in citizen may see, and how much: the one place for the family's access rule.

- A parent (or other guardian) WITH custody (forældremyndighed) is a party to the child's case (Barnets lov
  addresses "forældremyndighedsindehaveren" throughout: the investigation with them, § 22, stk. 2; consent to
  placement, §§ 46–47): they see the case pages (plan, meetings, decisions, letters, course, the
  institution's records). Standing CUSTODY.
- The young person themself from CITIZEN_YOUNG_PERSON_AGE (15). Barnets lov § 3 makes a child of 10 a party in the
  cases it lists; from 15 the law asks the young person alongside the custody holder (the investigation with "the
  young person who is 15", BL § 22, stk. 2; placement with the consent of the young person of 15, BL §§ 46–47), so
  Tidlig opens the young person's own sign-in at 15. Standing YOUNG. docs/law.md explains the choice.
- A parent WITHOUT custody (mother or father, `has_custody` False — also one whose custody has ended) is no
  party: forældreansvarsloven § 23, stk. 1 gives them orientation about the child's conditions from schools,
  daycare, health and social authorities, not the case file. They see the institution's records and who to ask,
  nothing of the case. Standing ORIENTATION. (docs/law.md, "The family's own pages".)
- Anyone else — a grandparent in the network, a stranger, a child under 15, an adult about a child who is 18 —
  sees nothing: no child is listed and every child page answers 404.

Every read through `visible_child_for_citizen` is logged (audit.record_access with the citizen as reader).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from tidlig.audit import services as audit
from tidlig.people.models import Child, Guardianship

from . import citizen as citizens
from .citizen import Citizen

CUSTODY = "custody"
YOUNG = "young"
ORIENTATION = "orientation"
# Stronger standing wins when one citizen reaches a child twice (e.g. two guardian rows).
_RANK = {ORIENTATION: 1, YOUNG: 2, CUSTODY: 3}
ADULT_AGE = 18
PARENTS = (Guardianship.Relation.MOTHER, Guardianship.Relation.FATHER)


@dataclass(frozen=True)
class ChildAccess:
    child: Child
    standing: str  # CUSTODY, YOUNG or ORIENTATION

    @property
    def sees_case(self) -> bool:
        """Party to the case: the plan, meetings, decisions and letters (not for ORIENTATION)."""
        return self.standing in (CUSTODY, YOUNG)

    @property
    def is_self(self) -> bool:
        return self.standing == YOUNG


def _is_child(child: Child, today: dt.date) -> bool:
    age = child.age_on(today)
    return not child.is_unborn and age is not None and age < ADULT_AGE


def standing_of(guardianship: Guardianship) -> str | None:
    if guardianship.has_custody:
        return CUSTODY
    if guardianship.relation in PARENTS:
        return ORIENTATION  # forældreansvarsloven § 23, stk. 1
    return None


def citizen_children(citizen: Citizen, *, today: dt.date | None = None) -> list[ChildAccess]:
    """The children this citizen may see, youngest standing resolved, ordered by birth date (oldest first).

    Does not log: listing names is logged by the page that shows them (`log_children_read`).
    """
    today = today or timezone.localdate()
    found: dict[int, ChildAccess] = {}

    def add(child: Child, standing: str | None) -> None:
        if standing is None or not _is_child(child, today):
            return
        known = found.get(child.pk)
        if known is None or _RANK[standing] > _RANK[known.standing]:
            found[child.pk] = ChildAccess(child=child, standing=standing)

    if citizen.cpr:
        rows = Guardianship.objects.filter(person__cpr=citizen.cpr).select_related(
            "child__caseworker", "child__institution", "child__municipality"
        )
        for g in rows:
            add(g.child, standing_of(g))
        for child in Child.objects.filter(cpr=citizen.cpr, is_unborn=False).select_related(
            "caseworker", "institution", "municipality"
        ):
            age = child.age_on(today)
            add(child, YOUNG if age is not None and age >= settings.CITIZEN_YOUNG_PERSON_AGE else None)
    return sorted(found.values(), key=lambda a: (a.child.birth_date or today, a.child.pk))


def citizen_persons(citizen: Citizen):
    """The people.Person rows of this citizen (one per municipality that knows them; none for a young person)."""
    from tidlig.people.models import Person

    return Person.objects.filter(cpr=citizen.cpr) if citizen.cpr else Person.objects.none()


def log_children_read(citizen: Citizen, accesses: list[ChildAccess], *, what: str) -> None:
    """Log that the citizen was shown these children (one row per child, in its municipality)."""
    by_municipality: dict[int, list[int]] = {}
    for a in accesses:
        by_municipality.setdefault(a.child.municipality_id, []).append(a.child.pk)
    for municipality_id, ids in by_municipality.items():
        audit.record_access(
            actor=None, citizen=citizen.key, municipality_id=municipality_id, child_ids=ids, what=what
        )


def visible_child_for_citizen(
    citizen: Citizen, child_id, *, what: str, case: bool = False, today: dt.date | None = None
) -> ChildAccess:
    """The child with this id if the citizen may see it (and, with case=True, its case), logged; else 404.

    The same 404 for a child that does not exist, another family's child and a case the citizen is no party
    to, so the answer tells nothing about who exists.
    """
    try:
        wanted = int(child_id)
    except (TypeError, ValueError):
        raise Http404 from None
    access = next((a for a in citizen_children(citizen, today=today) if a.child.pk == wanted), None)
    if access is None or (case and not access.sees_case):
        raise Http404
    log_children_read(citizen, [access], what=what)
    return access


def citizen_required(view):
    """A family page: the signed-in citizen is `request.citizen`; anyone else goes to the sign-in page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        citizen = citizens.current(request)
        if citizen is None:
            return redirect(f"{reverse('family:sign_in')}?{urlencode({'next': request.get_full_path()})}")
        request.citizen = citizen
        return view(request, *args, **kwargs)

    return wrapper
