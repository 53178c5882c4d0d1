"""Request and answer bodies for the child's network in the API (issue 13 § 2)."""

from __future__ import annotations

from ninja import Field, Schema

from tidlig.core.schemas import Bool, Code, Cpr, InSchema, Int, Line, Text

from .models import NetworkPerson, Relation


class NetworkPersonIn(InSchema):
    first_name: Line(100) = Field(..., description="what the child calls the person will do")
    last_name: Line(100) = ""
    cpr: Cpr = Field("", description="only if known (10 digits, a dash allowed); a guardian's is linked")
    role: Line(100) = Field(
        "", description="who the person is to the child: mormor, halvbror, fodboldtræner …"
    )
    sex: Code = Field("U", description="M male | F female | U other or unknown")
    born_year: Int | None = None
    died_year: Int | None = Field(None, description="a year of death marks the person as dead")
    is_dead: Bool = False
    household: Line(100) = Field("", description="people with the same household are drawn circled together")
    has_custody: Bool = Field(False, description="forældremyndighed over the child")
    sector: Code = Field("family", description="family | friends | school | professional")
    closeness: Int = Field(2, description="1 close to the child, 2 some contact, 3 further away")
    bond: Code = Field(
        "", description="the child's bond: close | distant | conflict | resource | '' not assessed"
    )
    is_resource: Bool = Field(False, description="a resource for the child (BL § 22)")
    support_person: Bool = Field(False, description="could be a support person (støtteperson, BL § 53)")
    network_foster: Bool = Field(
        False,
        description="could be a network foster family (BL § 58) or, before a placement in a residential home, "
        "a friendship family (venskabsfamilie, BL § 54)",
    )
    note: Text = ""


class NetworkPersonOut(Schema):
    id: int
    is_child: bool
    first_name: str
    last_name: str
    cpr: str
    linked_person_id: int | None = Field(None, description="the guardian in the register this person is")
    role: str
    sex: str
    born_year: int | None
    died_year: int | None
    is_dead: bool
    household: str
    has_custody: bool
    sector: str
    closeness: int
    bond: str
    is_resource: bool
    support_person: bool
    network_foster: bool
    note: str


class NetworkRelationIn(InSchema):
    a_id: Int
    kind: Code = Field(..., description="parent (a is parent of b) | partner | separated | sibling")
    b_id: Int


class NetworkRelationOut(Schema):
    id: int
    a_id: int
    kind: str
    b_id: int


class NetworkOut(Schema):
    child_id: int
    can_edit: bool
    people: list[NetworkPersonOut]
    relations: list[NetworkRelationOut]


def person_out(p: NetworkPerson) -> NetworkPersonOut:
    return NetworkPersonOut(
        id=p.pk,
        linked_person_id=p.person_id,
        **{k: getattr(p, k) for k in NetworkPersonOut.model_fields if k not in ("id", "linked_person_id")},
    )


def relation_out(r: Relation) -> NetworkRelationOut:
    return NetworkRelationOut(id=r.pk, a_id=r.a_id, kind=r.kind, b_id=r.b_id)
