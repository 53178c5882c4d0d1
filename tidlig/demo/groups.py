"""Stuer and klasser for the early-detection demo: groups, their two educators, and who was in which when.

Children are placed as `population` placed them: a daycare from 10 months to 5 years, a school from
6 years. A daycare's children are split at random into age-mixed stuer of about `GROUP_SIZE`; a
school's children into klasser by age (6 years: 0. klasse … 15 years: 9. klasse; the 16- and
17-year-olds are in 10. klasse, efterskole or upper secondary and belong to no group here). A klasse
keeps its Group row as it moves up, so its ratings from earlier school years are on the same group.

Children now in 0. to 4. klasse were in a stue in the story's five years (`story.YEARS`): they get an
earlier membership, ended on 31 July of the year they started school, in a stue of a daycare in their
district. That is how the closed periods of the five years have the children they had then, not only
today's (not those now 16 or 17, in no group today: the register holds today's children).

`paedagog`'s stue is the first at her daycare, with `PAEDAGOG_GROUP_SIZE` children (when the daycare
has them) and her and her colleague as its two educators.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from dataclasses import dataclass, field

from tidlig.organisation.models import Institution, Role, Staff
from tidlig.people.models import Child
from tidlig.wellbeing.models import Group, GroupMember

from . import fastrows, names, story, writer
from .organisation import DOMAIN, Org
from .specs import age_on

GROUP_SIZE = 22  # ASSUMPTION: a stue or klasse of 20–25 children (folkeskoleloven caps klasser at 28)
PAEDAGOG_GROUP_SIZE = 25
STUER = [
    "Mariehønen",
    "Sommerfuglen",
    "Bierne",
    "Frøerne",
    "Egernene",
    "Pindsvinene",
    "Myrerne",
    "Solstrålen",
    "Regnbuen",
    "Skovmusene",
    "Græshopperne",
    "Mågerne",
    "Troldene",
    "Svalerne",
    "Ugleungerne",
    "Blåbærrene",
]


@dataclass
class Kid:
    pk: int
    birth: dt.date
    sex: str
    institution_id: int | None
    district_id: int | None


@dataclass
class GroupInfo:
    group: Group
    institution: Institution
    educators: list[Staff]
    daycare: bool


@dataclass
class Membership:
    group: GroupInfo
    kid: Kid
    joined_on: dt.date
    left_on: dt.date | None


@dataclass
class Groups:
    kids: dict[int, Kid]
    groups: list[GroupInfo]
    memberships: list[Membership]
    showcase: GroupInfo | None
    institutions: dict[int, Institution] = field(default_factory=dict)
    leaders: dict[int, Staff] = field(default_factory=dict)  # institution id -> leader

    def members_during(self, opens: dt.date, closes: dt.date) -> list[Membership]:
        return [
            ms
            for ms in self.memberships
            if ms.joined_on <= closes and (ms.left_on is None or ms.left_on >= opens)
        ]


class StaffMaker:
    """New synthetic staff with the demo's password hash and unique usernames, written in one go."""

    def __init__(self, org: Org, rng: random.Random):
        self.org, self.rng = org, rng
        self.usernames = names.Usernames(taken=set(Staff.objects.values_list("username", flat=True)))
        self.password = org.logins["paedagog"].password
        self.new: list[Staff] = []

    def make(self, role: str, title: str, **extra) -> Staff:
        first, last = names.adult_name(self.rng, self.rng.choice("MF"))
        s = Staff(
            username=self.usernames.make(first, last),
            first_name=first,
            last_name=last,
            role=role,
            job_title=title,
            email=f"{names.ascii_fold(first)}.{names.ascii_fold(last)}@{DOMAIN}",
            municipality=self.org.municipality,
            password=self.password,
            **extra,
        )
        self.new.append(s)
        return s

    def save(self) -> None:
        Staff.objects.bulk_create(self.new, batch_size=writer.BATCH)
        self.org.staff_by_id.update({s.pk: s for s in self.new})
        self.new = []


def school_year(day: dt.date) -> int:
    """The calendar year the school year containing `day` began in (it begins on 1 August)."""
    return day.year if day.month >= 8 else day.year - 1


def load_kids(org: Org) -> dict[int, Kid]:
    rows = (
        Child.objects.filter(municipality=org.municipality, is_unborn=False, birth_date__isnull=False)
        .order_by("pk")
        .values_list("pk", "birth_date", "sex", "institution_id", "district_id")
    )
    return {pk: Kid(pk, birth, sex, inst, district) for pk, birth, sex, inst, district in rows}


def _stue_name(i: int) -> str:
    """Mariehønen, Sommerfuglen, … and past the list Mariehønen 2, Sommerfuglen 2, …"""
    name = STUER[i % len(STUER)]
    return name if i < len(STUER) else f"{name} {i // len(STUER) + 1}"


def _letter(i: int) -> str:
    """A, B, … Z, then A2, B2, … (a very large demo has more than 26 klasser in a year group)."""
    letter = string.ascii_uppercase[i % 26]
    return letter if i < 26 else f"{letter}{i // 26 + 1}"


def _split(items: list, size: int) -> list[list]:
    n = max(1, round(len(items) / size))
    return [items[i::n] for i in range(n)]


def build(org: Org, rng: random.Random, *, today: dt.date, staff: StaffMaker) -> Groups:
    kids = load_kids(org)
    institutions = {i.pk: i for by in (org.daycares, org.schools) for lst in by.values() for i in lst}
    leaders = {
        s.institution_id: s
        for s in Staff.objects.filter(
            municipality=org.municipality, role=Role.INSTITUTION_LEADER, institution__isnull=False
        ).order_by("pk")
    }
    by_inst: dict[int, list[Kid]] = {}
    for kid in kids.values():
        if kid.institution_id is not None:
            by_inst.setdefault(kid.institution_id, []).append(kid)
    paedagog = org.logins["paedagog"]
    this_year = school_year(today)
    plans: list[tuple[Institution, str, list[Kid]]] = []  # (institution, group name, current children)
    showcase_key = None
    for inst_id, inst in institutions.items():
        children = by_inst.get(inst_id, [])
        if inst.kind == Institution.Kind.DAYCARE:
            pool = list(children)
            rng.shuffle(pool)
            chunks = []
            if inst_id == paedagog.institution_id:
                chunks.append(pool[:PAEDAGOG_GROUP_SIZE])
                pool = pool[PAEDAGOG_GROUP_SIZE:]
            chunks += _split(pool, GROUP_SIZE) if pool else []
            for i, chunk in enumerate(chunks):
                if i == 0 and inst_id == paedagog.institution_id:
                    showcase_key = len(plans)
                plans.append((inst, _stue_name(i), chunk))
        else:
            by_grade: dict[int, list[Kid]] = {}
            for kid in children:
                grade = age_on(kid.birth, today) - 6
                if 0 <= grade <= 9:
                    by_grade.setdefault(grade, []).append(kid)
            for grade in sorted(by_grade):
                for i, chunk in enumerate(_split(by_grade[grade], GROUP_SIZE)):
                    plans.append((inst, f"{grade}.{_letter(i)}", chunk))
    groups = Group.objects.bulk_create(
        [Group(institution=inst, name=name) for inst, name, _ in plans], batch_size=writer.BATCH
    )
    infos: list[GroupInfo] = []
    first_group_of: set[int] = set()
    for g, (inst, _name, _chunk) in zip(groups, plans, strict=True):
        daycare = inst.kind == Institution.Kind.DAYCARE
        if inst.pk not in first_group_of and len(org.educators.get(inst.pk, [])) >= 2:
            educators = list(org.educators[inst.pk][:2])  # paedagog and her colleague at the demo daycare
        else:
            title = "Pædagog" if daycare else "Lærer"
            educators = [staff.make(Role.EDUCATOR, title, institution=inst) for _ in range(2)]
        first_group_of.add(inst.pk)
        infos.append(GroupInfo(group=g, institution=inst, educators=educators, daycare=daycare))
    staff.save()
    through = Group.educators.through
    through.objects.bulk_create(
        [through(group_id=info.group.pk, staff_id=s.pk) for info in infos for s in info.educators],
        batch_size=writer.BATCH,
    )

    memberships: list[Membership] = []
    stuer_by_district: dict[int, list[GroupInfo]] = {}
    for info, (_inst, _name, chunk) in zip(infos, plans, strict=True):
        if info.daycare:
            stuer_by_district.setdefault(info.institution.district_id, []).append(info)
        for kid in chunk:
            if info.daycare:
                joined = min(today, kid.birth + dt.timedelta(days=rng.randint(300, 420)))
            else:
                grade = age_on(kid.birth, today) - 6
                joined = dt.date(this_year - grade, 8, 1)
            memberships.append(Membership(info, kid, joined, None))
    # Children in 0. and 1. klasse now were in a stue before they started school.
    for ms in list(memberships):
        if ms.group.daycare:
            continue
        grade = age_on(ms.kid.birth, today) - 6
        stuer = stuer_by_district.get(ms.group.institution.district_id)
        if grade > story.YEARS - 1 or not stuer:
            continue
        left = dt.date(this_year - grade, 7, 31)
        joined = ms.kid.birth + dt.timedelta(days=rng.randint(300, 420))
        if joined < left:
            memberships.append(Membership(rng.choice(stuer), ms.kid, joined, left))
    fastrows.insert(
        GroupMember,
        [
            {
                "group_id": ms.group.group.pk,
                "child_id": ms.kid.pk,
                "joined_on": ms.joined_on,
                "left_on": ms.left_on,
            }
            for ms in memberships
        ],
    )
    showcase = infos[showcase_key] if showcase_key is not None else None
    return Groups(kids, infos, memberships, showcase, institutions, leaders)
