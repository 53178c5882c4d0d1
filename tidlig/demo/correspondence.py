"""Who notified, and the letters sent back to them: the receipt (§ 138, stk. 1) and feedback (stk. 2)."""

from __future__ import annotations

import datetime as dt
import random

from tidlig.intake.models import Channel, Letter
from tidlig.organisation.models import Institution, Staff
from tidlig.rules import obligations as rules
from tidlig.rules.calendar import CPH

from . import texts
from .organisation import Org
from .specs import ChildSpec, Family

UPPER_SECONDARY = ["Demo Gymnasium", "Erhvervsskolen Demo", "Produktionsskolen Demo"]


class Correspondence:
    def __init__(self, org: Org, rng: random.Random, *, today: dt.date):
        self.org, self.rng = org, rng
        self.municipality = org.municipality
        self.institutions = {
            i.pk: i for group in (*org.daycares.values(), *org.schools.values()) for i in group
        }
        self.district_names = {d.pk: d.name for d in org.districts}
        self.today = today  # the demo's day, not the real one: the same seed and time give the same demo

    def notifier(self, c: ChildSpec, category: str, family: Family) -> tuple[dict, Staff]:
        rng = self.rng
        inst = self.institutions.get(c.institution_id)
        own = inst is not None and (inst.kind == Institution.Kind.SCHOOL) == (category == "2")
        if category in ("2", "3") and own and rng.random() < 0.5:
            staff = rng.choice(self.org.educators[inst.pk])
            fields = dict(
                channel=Channel.EDUCATOR,
                notifier_kind=rules.NotifierKind.PROFESSIONAL,
                notifier_category=category,
                notifier_name=str(staff),
                notifier_role=staff.job_title,
                notifier_workplace=inst.name,
                notifier_email=staff.email,
                notifier_phone=staff.phone,
                notifier_address="",
                notifier_staff=staff,
            )
            return fields, staff
        if category == "12":  # the child or young person themselves (§ 135 applies to anyone)
            n = texts.Notifier(
                kind=rules.NotifierKind.CITIZEN,
                category=category,
                name=f"{c.first} {c.last}",
                address=c.address,
            )
        else:
            n = texts.notifier_for(
                rng,
                category,
                institution_name=self.workplace(c, category, inst if own else None),
                postcode=family.postcode,
                family_name=c.last,
            )
        fields = dict(
            channel=Channel.RECEPTION,
            notifier_kind=n.kind,
            notifier_category=n.category,
            notifier_name=n.name,
            notifier_role=n.role,
            notifier_workplace=n.workplace,
            notifier_email=n.email,
            notifier_phone=n.phone,
            notifier_address=n.address,
            notifier_staff=None,
        )
        return fields, rng.choice(self.org.reception_staff)

    def letter(self, kind: str, fields: dict, at: dt.datetime, actor: Staff) -> dict:
        """What intake.letters drafts and _send_letter stores (a shorter body)."""
        name, email, address = fields["notifier_name"], fields["notifier_email"], fields["notifier_address"]
        if email:
            medium, recipient = Letter.Medium.EMAIL, email
        elif address:
            medium, recipient = Letter.Medium.PRINT, f"{name}, {address}".strip(", ")
        else:
            medium, recipient = Letter.Medium.PHONE, f"{name} {fields['notifier_phone']}".strip()
        m = self.municipality.name
        received = fields["received_at"].astimezone(CPH).strftime("%d.%m.%Y kl. %H:%M")
        if kind == Letter.Kind.RECEIPT:
            subject = f"Kvittering for modtaget underretning – {m} Kommune"
            body = texts.receipt_body(
                notifier_name=name,
                received_local=received,
                municipality=m,
                professional=fields["notifier_kind"] == rules.NotifierKind.PROFESSIONAL,
                acute_phone=self.municipality.acute_phone,
            )
        else:
            subject = f"Orientering om din underretning – {m} Kommune"
            body = texts.feedback_body(
                notifier_name=name,
                received_local=received[:10],
                municipality=m,
                decision=fields.get("screening_decision", ""),
            )
        return dict(
            kind=kind,
            medium=medium,
            recipient=recipient,
            subject=subject,
            body=body,
            sent_at=at,
            sent_by=actor,
        )

    def workplace(self, c: ChildSpec, category: str, own: Institution | None) -> str:
        """The child's own daycare or school; else a sibling's school, a club or a youth education."""
        if own is not None:
            return own.name
        age = (self.today - c.birth).days // 365 if c.birth else 0
        if category == "2":
            if age >= 16:
                return self.rng.choice(UPPER_SECONDARY)
            return self.rng.choice(self.org.schools[c.district_id]).name
        if category == "3":
            if age >= 6:
                return f"Fritids- og ungdomsklubben {self.district_names[c.district_id]}"
            return self.rng.choice(self.org.daycares[c.district_id]).name
        return ""
