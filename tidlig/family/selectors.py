"""What the family's pages show, read through access.py: every read names the citizen in the audit log."""

from __future__ import annotations

from dataclasses import dataclass, field

from tidlig.organisation.models import Staff

from .access import ChildAccess, citizen_children, log_children_read, visible_child_for_citizen
from .citizen import Citizen


@dataclass
class HomePage:
    citizen: Citizen
    children: list[ChildAccess]


@dataclass
class Caseworker:
    name: str
    job_title: str
    phone: str
    email: str


@dataclass
class ChildPage:
    access: ChildAccess
    caseworker: Caseworker | None = None
    sections: dict = field(default_factory=dict)


def home_page(citizen: Citizen) -> HomePage:
    children = citizen_children(citizen)
    log_children_read(citizen, children, what="family.home")
    return HomePage(citizen=citizen, children=children)


def caseworker_of(staff: Staff | None) -> Caseworker | None:
    if staff is None or not staff.is_active:
        return None
    return Caseworker(
        name=staff.get_full_name() or staff.username,
        job_title=staff.job_title,
        phone=staff.phone,
        email=staff.email,
    )


def child_page(citizen: Citizen, child_id) -> ChildPage:
    access = visible_child_for_citizen(citizen, child_id, what="family.child")
    page = ChildPage(access=access)
    if access.sees_case:
        page.caseworker = caseworker_of(access.child.caseworker)
    return page
