"""Demokommune's organisation: districts, daycares and schools, teams, and the staff with their logins.

Districts and teams: four school districts and one district team for each. `intake.services.route_for`
finds a child's team as ``Team(district=child.district, kind=DISTRICT)`` and `Team.district` is a
single foreign key, so a district without its own team would leave its new notifications with no team
at all. The fourth district (Vest) is the smallest, and so is its team.

Team sizes follow the caseload rather than a fixed eight: about `TARGET_CASELOAD` children per
caseworker and one team leader per eight caseworkers (DESIGN.md § 1). At 20,000 children that is
21, 19, 19 and 10 caseworkers; 3 teams of 8 would give each caseworker about 80 children.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from tidlig.organisation.models import District, Institution, Municipality, Role, Staff, Team

from . import calibration as cal
from . import names
from .mfa import give_demo_devices

CODE = "0000"
NAME = "Demokommune"
ACUTE_PHONE = "70 10 20 30"
# Synthetic contacts for the reminder on notifications about abuse (BL § 15, stk. 2; §§ 124–125).
ABUSE_READINESS_CONTACT = "Overgrebsteamet, Demokommune, tlf. 70 10 20 40"
POLICE_CONTACT = "Demo Politikreds, tlf. 114 (ved akut fare 112)"
CHILDRENS_HOUSE = "Børnehus Demo, tlf. 70 10 20 50"
PASSWORD = "demo"
DOMAIN = "demokommune.invalid"

# The demo logins: username -> (first name, last name, role, job title).
LOGINS = {
    "modtagelse": ("Hanne", "Lund", Role.RECEPTION, "Socialrådgiver, Modtagelsen"),
    "raadgiver": ("Rikke", "Dahl", Role.CASEWORKER, "Socialrådgiver"),
    "teamleder": ("Torben", "Krogh", Role.TEAM_LEADER, "Teamleder"),
    "paedagog": ("Signe", "Bach", Role.EDUCATOR, "Pædagog"),
    "leder": ("Lene", "Holm", Role.INSTITUTION_LEADER, "Dagtilbudsleder"),
    "chef": ("Charlotte", "Berg", Role.MANAGER, "Chef for Børn og Familie"),
    "analytiker": ("Anders", "Winther", Role.ANALYST, "Analytiker"),
    # The cross-disciplinary team of paedagog's daycare (the first district's; see demo/crossteam.py).
    "socialraadgiver": ("Sofie", "Krag", Role.SOCIAL_WORKER, "Forebyggende socialrådgiver"),
    "psykolog": ("Peter", "Juhl", Role.PSYCHOLOGIST, "PPR-psykolog"),
    "sundhedsplejerske": ("Mette", "Skov", Role.HEALTH_VISITOR, "Sundhedsplejerske"),
    "kvalitet": ("Karen", "Vestergaard", Role.QUALITY, "Databeskyttelsesrådgiver"),
    "admin": ("Allan", "Brandt", Role.ADMINISTRATOR, "Systemadministrator"),
}
RECEPTION_STAFF = 4


@dataclass
class Org:
    municipality: Municipality
    districts: list[District]
    postcodes: dict[int, str]  # district id -> postcode
    daycares: dict[int, list[Institution]]
    schools: dict[int, list[Institution]]
    reception: Team
    reception_staff: list[Staff]
    team_by_district: dict[int, Team]
    caseworkers: dict[int, list[Staff]]  # team id -> caseworkers
    team_leaders: dict[int, list[Staff]]  # team id -> team leaders
    educators: dict[int, list[Staff]]  # institution id -> educators
    logins: dict[str, Staff]
    staff_by_id: dict[int, Staff] = field(default_factory=dict)
    load: dict[int, int] = field(default_factory=dict)  # caseworker id -> children assigned

    @property
    def raadgiver(self) -> Staff:
        return self.logins["raadgiver"]

    @property
    def showcase_team(self) -> Team:
        return self.raadgiver.team

    def pick_caseworker(self, rng: random.Random, team_id: int) -> Staff:
        """The team leader's choice: the less loaded of two caseworkers picked at random."""
        pool = self.caseworkers[team_id]
        a, b = rng.choice(pool), rng.choice(pool)
        chosen = a if self.load[a.pk] <= self.load[b.pk] else b
        return chosen

    def take(self, caseworker: Staff) -> None:
        self.load[caseworker.pk] += 1


def caseworkers_per_district(children: int) -> list[int]:
    """Staffing for about `TARGET_CASELOAD` children per caseworker, at least two per team.

    About one child in ten gets a caseworker in the demo's 15 months: the notified children (9 %)
    and those with § 32 support or placed (3.4 %), who overlap. Every handled notification is
    assigned (`notification_assign` makes the caseworker the child's own), and nothing in Tidlig
    closes a case yet, so this is the caseload.
    """
    with_caseworker = children * 0.10
    return [max(2, round(with_caseworker * w / cal.TARGET_CASELOAD)) for w in names.DISTRICT_WEIGHTS]


def login_name(username: str, suffix: str = "") -> str:
    """A persona's username: `raadgiver` in Demokommune, `raadgiver-0101` in København of the national demo."""
    return f"{username}-{suffix}" if suffix else username


def build(
    rng: random.Random, *, children: int, code: str = CODE, name: str = NAME, login_suffix: str = ""
) -> Org:
    """The organisation of Demokommune, or (national demo) of a real municipality's name and code with the
    same personas, whose usernames carry the code (`login_name`); their contacts stay synthetic."""
    municipality = Municipality.objects.create(
        code=code,
        name=name,
        acute_phone=ACUTE_PHONE,
        letter_address=f"Rådhuspladsen 1, 9990 {name}",  # synthetic
        abuse_readiness_contact=ABUSE_READINESS_CONTACT.replace(NAME, name),
        police_contact=POLICE_CONTACT,
        childrens_house=CHILDRENS_HOUSE,
    )
    m = municipality
    districts, postcodes, daycares, schools = [], {}, {}, {}
    for district_name, postcode in names.DISTRICTS:
        d = District.objects.create(municipality=m, name=district_name)
        districts.append(d)
        postcodes[d.pk] = postcode
        daycares[d.pk] = [
            Institution.objects.create(municipality=m, district=d, kind=Institution.Kind.DAYCARE, name=n)
            for n in names.DAYCARES[district_name]
        ]
        schools[d.pk] = [
            Institution.objects.create(municipality=m, district=d, kind=Institution.Kind.SCHOOL, name=n)
            for n in names.SCHOOLS[district_name]
        ]
    reception = Team.objects.create(municipality=m, kind=Team.Kind.RECEPTION, name="Modtagelsen")
    teams = {
        d.pk: Team.objects.create(
            municipality=m, kind=Team.Kind.DISTRICT, name=f"Distriktsteam {d.name}", district=d
        )
        for d in districts
    }

    logins_here = {login_name(u, login_suffix) for u in LOGINS}
    usernames = names.Usernames(taken=logins_here | set(Staff.objects.values_list("username", flat=True)))
    password_hash = _password_hash()
    new: list[Staff] = []

    def person(username: str | None, first: str, last: str, role: str, title: str, **extra) -> Staff:
        username = username or usernames.make(first, last)
        s = Staff(
            username=username,
            first_name=first,
            last_name=last,
            role=role,
            job_title=title,
            email=f"{names.ascii_fold(first)}.{names.ascii_fold(last)}@{DOMAIN}",
            municipality=m,
            password=password_hash,
            **extra,
        )
        new.append(s)
        return s

    def generated(role: str, title: str, **extra) -> Staff:
        sex = rng.choice("MF")
        first, last = names.adult_name(rng, sex)
        return person(None, first, last, role, title, **extra)

    first_district = districts[0]
    demo_daycare = daycares[first_district.pk][0]
    logins = {}
    for username, (first, last, role, title) in LOGINS.items():
        extra = {}
        if role == Role.RECEPTION:
            extra["team"] = reception
        elif role in (Role.CASEWORKER, Role.TEAM_LEADER):
            extra["team"] = teams[first_district.pk]
        elif role in (Role.EDUCATOR, Role.INSTITUTION_LEADER):
            extra["institution"] = demo_daycare
        elif role == Role.ADMINISTRATOR:
            extra.update(is_staff=True, is_superuser=True)
        logins[username] = person(login_name(username, login_suffix), first, last, role, title, **extra)

    reception_staff = [logins["modtagelse"]] + [
        generated(Role.RECEPTION, "Socialrådgiver, Modtagelsen", team=reception)
        for _ in range(RECEPTION_STAFF - 1)
    ]
    caseworkers: dict[int, list[Staff]] = {}
    team_leaders: dict[int, list[Staff]] = {}
    for d, n in zip(districts, caseworkers_per_district(children), strict=True):
        team = teams[d.pk]
        cws = [logins["raadgiver"]] if d == first_district else []
        cws += [generated(Role.CASEWORKER, "Socialrådgiver", team=team) for _ in range(n - len(cws))]
        caseworkers[team.pk] = cws
        leaders = [logins["teamleder"]] if d == first_district else []
        n_leaders = math.ceil(n / cal.CASEWORKERS_PER_TEAM_LEADER)
        leaders += [
            generated(Role.TEAM_LEADER, "Teamleder", team=team) for _ in range(n_leaders - len(leaders))
        ]
        team_leaders[team.pk] = leaders
    educators: dict[int, list[Staff]] = {}
    for d in districts:
        for inst in daycares[d.pk] + schools[d.pk]:
            daycare = inst.kind == Institution.Kind.DAYCARE
            if inst == demo_daycare:
                educators[inst.pk] = [
                    logins["paedagog"],
                    generated(Role.EDUCATOR, "Pædagog", institution=inst),
                ]
                continue
            generated(
                Role.INSTITUTION_LEADER, "Dagtilbudsleder" if daycare else "Skoleleder", institution=inst
            )
            educators[inst.pk] = [
                generated(Role.EDUCATOR, "Pædagog" if daycare else "Lærer", institution=inst)
                for _ in range(2)
            ]
    Staff.objects.bulk_create(new)
    give_demo_devices(logins.values())
    org = Org(
        municipality=m,
        districts=districts,
        postcodes=postcodes,
        daycares=daycares,
        schools=schools,
        reception=reception,
        reception_staff=reception_staff,
        team_by_district=teams,
        caseworkers=caseworkers,
        team_leaders=team_leaders,
        educators=educators,
        logins=logins,
    )
    org.staff_by_id = {s.pk: s for s in new}
    org.load = {s.pk: 0 for cws in caseworkers.values() for s in cws}
    return org


def _password_hash() -> str:
    """Hash "demo" once (set_password) and give every demo login that hash: hashing is slow on purpose."""
    s = Staff()
    s.set_password(PASSWORD)
    return s.password
