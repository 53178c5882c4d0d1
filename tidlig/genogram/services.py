"""Writes of a child's network. Only the case's owners (the caseworker and the team leader) write; every
change is audited in its own transaction. All problems with an input are named in one ValidationError."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tidlig.audit import services as audit
from tidlig.cases.access import require_case_owner
from tidlig.organisation.models import Staff
from tidlig.people import cpr as cprmod
from tidlig.people.models import Child, Person

from .models import Bond, NetworkPerson, Relation, Sector, Sex

EARLIEST_YEAR = 1900
FIELDS = (
    "first_name",
    "last_name",
    "cpr",
    "sex",
    "role",
    "born_year",
    "is_dead",
    "died_year",
    "household",
    "has_custody",
    "sector",
    "closeness",
    "bond",
    "is_resource",
    "support_person",
    "network_foster",
    "note",
)


def child_node(child: Child, actor: Staff) -> NetworkPerson:
    """The child itself in its network (created the first time the network is written)."""
    node = NetworkPerson.objects.filter(child=child, is_child=True).first()
    if node is not None:
        return node
    born = child.birth_date.year if child.birth_date else None
    sex = {"M": Sex.MALE, "F": Sex.FEMALE}.get(child.sex, Sex.OTHER)
    return NetworkPerson.objects.create(
        child=child,
        is_child=True,
        first_name=child.first_name or str(child.display_name),
        last_name=child.last_name,
        cpr=child.cpr or "",
        sex=sex,
        born_year=born,
        household=childs_home(child),
        closeness=NetworkPerson.Closeness.CLOSE,
        created_by=actor,
    )


def _danish(label) -> str:
    """A label stored as data is Danish, whatever the language of the page that wrote it."""
    with translation.override("da"):
        return str(label())


def childs_home(child: Child) -> str:
    """The household the child lives in: its address, or a guardian's it lives with, or "Barnets hjem"."""
    addresses = [child.address] + [
        g.person.address for g in child.guardianships.filter(lives_with_child=True).select_related("person")
    ]
    return (next((a for a in addresses if a), "") or _danish(lambda: _("Barnets hjem")))[:100]


def _clean(child: Child, values: dict, *, is_child: bool = False) -> dict:
    """The person's fields checked and normalised; raises one ValidationError naming every problem."""
    errors: dict[str, list[str]] = {}
    v = {k: values.get(k) for k in FIELDS}
    for k in ("first_name", "last_name", "cpr", "role", "household", "note", "sex", "sector", "bond"):
        v[k] = (v[k] or "").strip()
    for k in ("is_dead", "has_custody", "is_resource", "support_person", "network_foster"):
        v[k] = bool(v[k])
    if not v["first_name"]:
        errors["first_name"] = [_("Skriv personens fornavn (eller hvad barnet kalder personen).")]
    if v["cpr"]:
        try:
            v["cpr"] = cprmod.clean_cpr(v["cpr"])
        except ValidationError as e:
            errors["cpr"] = e.messages
    v["sex"] = v["sex"] or Sex.OTHER
    if v["sex"] not in Sex.values:
        errors["sex"] = [_("Vælg køn: mand/dreng, kvinde/pige eller andet/uoplyst.")]
    v["sector"] = v["sector"] or Sector.FAMILY
    if v["sector"] not in Sector.values:
        errors["sector"] = [_("Vælg hvilken del af netværket personen hører til.")]
    if v["bond"] not in Bond.values:
        errors["bond"] = [_("Vælg barnets relation til personen: tæt, fjern, konflikt eller ressource.")]
    closeness = v["closeness"] or NetworkPerson.Closeness.MIDDLE
    if closeness not in NetworkPerson.Closeness.values:
        errors["closeness"] = [_("Vælg hvor tæt personen er på barnet (1–3).")]
    v["closeness"] = closeness
    this_year = timezone.localdate().year
    born, died = v["born_year"], v["died_year"]
    if born is not None and not EARLIEST_YEAR <= born <= this_year:
        errors["born_year"] = [
            _("Fødselsåret skal ligge mellem %(a)s og %(b)s. Ret årstallet.")
            % {"a": EARLIEST_YEAR, "b": this_year}
        ]
    if died is not None:
        v["is_dead"] = True
        if not EARLIEST_YEAR <= died <= this_year:
            errors["died_year"] = [
                _("Dødsåret skal ligge mellem %(a)s og %(b)s. Ret årstallet.")
                % {"a": EARLIEST_YEAR, "b": this_year}
            ]
        elif born is not None and died < born:
            errors["died_year"] = [_("Dødsåret ligger før fødselsåret. Ret et af årstallene.")]
    if is_child and v["is_dead"]:
        errors["is_dead"] = [_("Barnet selv kan ikke registreres som død her. Fjern markeringen.")]
    if errors:
        raise ValidationError(errors)
    # A person already known to Tidlig as the child's guardian is linked, never looked up more widely:
    # the form is no CPR-to-name oracle, and the network shows no one from outside the case.
    v["person"] = None
    if v["cpr"]:
        v["person"] = Person.objects.filter(guardianships__child=child, cpr=v["cpr"]).first()
    return v


@transaction.atomic
def network_person_add(*, child: Child, actor: Staff, **values) -> NetworkPerson:
    require_case_owner(actor, child)
    child_node(child, actor)
    v = _clean(child, values)
    p = NetworkPerson.objects.create(child=child, created_by=actor, **v)
    audit.record(actor=actor, action="genogram.person.added", obj=p, child_id=child.pk)
    return p


@transaction.atomic
def network_person_update(*, person: NetworkPerson, actor: Staff, **values) -> NetworkPerson:
    require_case_owner(actor, person.child)
    person = NetworkPerson.objects.select_for_update().get(pk=person.pk)
    v = _clean(person.child, values, is_child=person.is_child)
    changed = sorted(k for k in FIELDS if getattr(person, k) != v[k])
    for k, value in v.items():
        setattr(person, k, value)
    person.save()
    audit.record(
        actor=actor,
        action="genogram.person.updated",
        obj=person,
        child_id=person.child_id,
        data={"fields": changed},
    )
    return person


@transaction.atomic
def network_person_remove(*, person: NetworkPerson, actor: Staff) -> None:
    require_case_owner(actor, person.child)
    if person.is_child:
        raise ValidationError(_("Barnet selv kan ikke fjernes fra sit netværk. Vælg en anden person."))
    audit.record(actor=actor, action="genogram.person.removed", obj=person, child_id=person.child_id)
    person.delete()  # its relations go with it (CASCADE)


@transaction.atomic
def relation_add(
    *, child: Child, actor: Staff, a: NetworkPerson | None, kind: str, b: NetworkPerson | None
) -> Relation:
    """A family tie: a is parent of b, a and b are (or were) a couple, or a and b are siblings."""
    require_case_owner(actor, child)
    errors: dict[str, list[str]] = {}
    if a is None or a.child_id != child.pk:
        errors["a"] = [_("Vælg en person fra barnets netværk.")]
    if b is None or b.child_id != child.pk:
        errors["b"] = [_("Vælg en person fra barnets netværk.")]
    if kind not in Relation.Kind.values:
        errors["kind"] = [_("Vælg relationen: forælder, par, gået fra hinanden eller søskende.")]
    if errors:
        raise ValidationError(errors)
    if a.pk == b.pk:
        raise ValidationError({"b": [_("Vælg to forskellige personer.")]})
    ties = Relation.objects.filter(child=child)
    if kind == Relation.Kind.PARENT:
        if ties.filter(kind=kind, a=b, b=a).exists():
            errors["b"] = [
                _("%(b)s er allerede forælder til %(a)s. Vælg en anden relation.") % {"a": a, "b": b}
            ]
        elif ties.filter(kind=kind, b=b).exclude(a=a).count() >= 2:
            errors["b"] = [
                _("%(b)s har allerede to forældre i genogrammet. Fjern en af dem først.") % {"b": b}
            ]
    else:
        pair = ties.filter(kind=kind, a=a, b=b) | ties.filter(kind=kind, a=b, b=a)
        if pair.exists():
            errors["b"] = [_("Den relation er allerede registreret. Vælg en anden relation.")]
        couple = (Relation.Kind.PARTNER, Relation.Kind.SEPARATED)
        if kind in couple:
            other = (ties.filter(a=a, b=b) | ties.filter(a=b, b=a)).filter(kind__in=couple).exclude(kind=kind)
            if other.exists():
                errors["kind"] = [
                    _(
                        "De to er allerede registreret som par eller som gået fra hinanden; fjern den relation først."
                    )
                ]
    if ties.filter(kind=kind, a=a, b=b).exists() and "b" not in errors:
        errors["b"] = [_("Den relation er allerede registreret. Vælg en anden relation.")]
    if errors:
        raise ValidationError(errors)
    r = Relation.objects.create(child=child, a=a, kind=kind, b=b, created_by=actor)
    audit.record(actor=actor, action="genogram.relation.added", obj=r, child_id=child.pk, data={"kind": kind})
    return r


@transaction.atomic
def relation_remove(*, relation: Relation, actor: Staff) -> None:
    require_case_owner(actor, relation.child)
    audit.record(actor=actor, action="genogram.relation.removed", obj=relation, child_id=relation.child_id)
    relation.delete()


@transaction.atomic
def network_from_register(*, child: Child, actor: Staff) -> list[NetworkPerson]:
    """Bring the child's guardians from the register into the network (once each), with custody, their
    household and a parent tie to the child. Returns the people added."""
    require_case_owner(actor, child)
    node = child_node(child, actor)
    known = set(
        NetworkPerson.objects.filter(child=child, person__isnull=False).values_list("person_id", flat=True)
    )
    added, parents = [], []
    home = childs_home(child)
    for g in child.guardianships.select_related("person").order_by("pk"):
        if g.person_id in known:
            continue
        sex = {"mother": Sex.FEMALE, "father": Sex.MALE}.get(g.relation, Sex.OTHER)
        if sex == Sex.OTHER and g.person.cpr:
            sex = cprmod.sex(g.person.cpr)
        p = NetworkPerson.objects.create(
            child=child,
            person=g.person,
            first_name=g.person.first_name,
            last_name=g.person.last_name,
            cpr=g.person.cpr,
            sex=sex,
            role=_danish(g.get_relation_display),
            born_year=cprmod.birth_date(g.person.cpr).year if g.person.cpr else None,
            household=home if g.lives_with_child else (g.person.address or "")[:100],
            has_custody=g.has_custody,
            sector=Sector.FAMILY,
            closeness=NetworkPerson.Closeness.CLOSE,
            created_by=actor,
        )
        if g.relation in ("mother", "father"):
            Relation.objects.create(child=child, a=p, kind=Relation.Kind.PARENT, b=node, created_by=actor)
            parents.append(p)
        added.append(p)
    if len(parents) == 2 and parents[0].household == parents[1].household == home:
        Relation.objects.create(
            child=child, a=parents[0], kind=Relation.Kind.PARTNER, b=parents[1], created_by=actor
        )
    audit.record(
        actor=actor,
        action="genogram.network.from_register",
        obj=node,
        child_id=child.pk,
        data={"added": len(added)},
    )
    return added
