"""Reading the access log (ASVS 4.0 V7; GDPR art. 15 and 30).

Only the quality / data-protection role searches the log, within its own municipality. Everyone reads
their own reads ("Min adgangslog"). Looking up the log about a child is itself an access to that
child's data, so it is logged like any other read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tidlig.organisation.models import Role, Staff
from tidlig.people import cpr as cprmod
from tidlig.people.models import Child
from tidlig.rules.calendar import CPH

from . import services as audit
from .models import AuditEntry

READ = "people.child.viewed"
STAFF_LOG_VIEWED = "audit.staff_log.viewed"
PAGE_SIZE = 50
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)

ACTION_LABELS = {
    READ: gettext_lazy("Så oplysninger om barnet"),
    STAFF_LOG_VIEWED: gettext_lazy("Så en medarbejders adgangslog"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def may_read_log(actor) -> bool:
    return bool(
        getattr(actor, "is_authenticated", False) and actor.role == Role.QUALITY and actor.municipality_id
    )


def require_log_reader(actor) -> None:
    if not may_read_log(actor):
        raise PermissionDenied(
            _("Adgangsloggen kan kun søges af Kvalitet og databeskyttelse. Bed dem om at søge for dig.")
        )


@dataclass(frozen=True)
class Period:
    since: dt.date | None = None
    until: dt.date | None = None


def clean_period(since: dt.date | None, until: dt.date | None) -> Period:
    """Both dates checked in one round; a Danish message per field (the form and the API share it)."""
    errors: dict[str, list[str]] = {}
    for field, day in (("since", since), ("until", until)):
        if day is not None and not EARLIEST <= day <= LATEST:
            errors.setdefault(field, []).append(
                _("Vælg en dato mellem %(a)s og %(b)s.")
                % {"a": f"{EARLIEST:%d.%m.%Y}", "b": f"{LATEST:%d.%m.%Y}"}
            )
    if since and until and not errors and until < since:
        errors["until"] = [_("»Til« skal være samme dag som »Fra« eller senere. Ret datoen i »Til«.")]
    if errors:
        raise ValidationError(errors)
    return Period(since, until)


def _in_period(qs: QuerySet[AuditEntry], period: Period) -> QuerySet[AuditEntry]:
    # Whole days in Copenhagen time, whatever the server's zone (a day can be 23 or 25 hours long).
    if period.since:
        qs = qs.filter(at__gte=dt.datetime.combine(period.since, dt.time(), tzinfo=CPH))
    if period.until:
        qs = qs.filter(at__lt=dt.datetime.combine(period.until + dt.timedelta(days=1), dt.time(), tzinfo=CPH))
    return qs


def _rows(qs: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
    return qs.select_related("actor").order_by("-at", "-pk")


# The quality role's searches -----------------------------------------------------------------------


def child_to_search(actor: Staff, *, cpr: str = "", child_id: int | None = None) -> Child:
    """The child of the actor's municipality with this CPR number or id (ValidationError says what to fix)."""
    require_log_reader(actor)
    cpr = (cpr or "").strip()
    if bool(cpr) == (child_id is not None):
        raise ValidationError({"cpr": [_("Skriv enten barnets CPR-nummer eller barnets id – ét af dem.")]})
    children = Child.objects.filter(municipality_id=actor.municipality_id)
    if cpr:
        try:
            number = cprmod.clean_cpr(cpr)
        except ValidationError as exc:
            raise ValidationError({"cpr": exc.messages}) from None
        child = children.filter(cpr=number).first()
        if child is None:
            raise ValidationError(
                {"cpr": [_("Der er intet barn med dette CPR-nummer i kommunen. Tjek cifrene.")]}
            )
        return child
    child = children.filter(pk=child_id).first()
    if child is None:
        raise ValidationError({"child_id": [_("Der er intet barn med dette id i kommunen. Tjek id'et.")]})
    return child


def child_in_my_municipality(actor: Staff, child_id: int) -> Child:
    require_log_reader(actor)
    child = Child.objects.filter(municipality_id=actor.municipality_id, pk=child_id).first()
    if child is None:
        raise Http404
    return child


def entries_about_child(actor: Staff, child: Child, period: Period) -> QuerySet[AuditEntry]:
    """Who read or changed this child's data, when, from which page or API call. The look is logged."""
    require_log_reader(actor)
    if child.municipality_id != actor.municipality_id:
        raise Http404
    audit.record_access(actor=actor, child_ids=[child.pk], what="audit_log")
    qs = AuditEntry.objects.filter(municipality_id=actor.municipality_id, child_id=child.pk)
    return _rows(_in_period(qs, period))


def staff_to_search(actor: Staff, *, username: str = "", staff_id: int | None = None) -> Staff:
    require_log_reader(actor)
    username = (username or "").strip()
    if bool(username) == (staff_id is not None):
        raise ValidationError({"username": [_("Skriv medarbejderens brugernavn.")]})
    colleagues = Staff.objects.filter(municipality_id=actor.municipality_id)
    person = (
        colleagues.filter(username=username).first() if username else colleagues.filter(pk=staff_id).first()
    )
    if person is None:
        field = "username" if username else "staff_id"
        raise ValidationError(
            {field: [_("Der er ingen medarbejder med dette brugernavn i kommunen. Tjek stavemåden.")]}
        )
    return person


def staff_in_my_municipality(actor: Staff, staff_id: int) -> Staff:
    require_log_reader(actor)
    person = Staff.objects.filter(municipality_id=actor.municipality_id, pk=staff_id).first()
    if person is None:
        raise Http404
    return person


def entries_by_staff(actor: Staff, person: Staff, period: Period) -> QuerySet[AuditEntry]:
    """What this person read and did. The children on the page shown are logged by children_named()."""
    require_log_reader(actor)
    if person.municipality_id != actor.municipality_id:
        raise Http404
    # Who watched whom: looking at a colleague's log is logged too (ASVS 4.0 V7.1.3).
    audit.record(actor=actor, action=STAFF_LOG_VIEWED, obj=person)
    return _rows(_in_period(AuditEntry.objects.filter(actor=person), period))


def children_named(actor: Staff, entries: Iterable[AuditEntry]) -> dict[int, Child]:
    """The children these rows are about, for the quality role's page or export; showing them is logged."""
    require_log_reader(actor)
    ids = {e.child_id for e in entries if e.child_id}
    children = Child.objects.filter(municipality_id=actor.municipality_id, pk__in=ids).select_related(
        "expecting_mother"
    )
    found = {c.pk: c for c in children}
    audit.record_access(actor=actor, child_ids=found, what="audit_log")
    return found


# Everyone: my own reads ----------------------------------------------------------------------------


def my_reads(actor: Staff, period: Period) -> QuerySet[AuditEntry]:
    """What I was shown of children's data, and when. Names are not shown: access may have ended since."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    return _rows(_in_period(AuditEntry.objects.filter(actor=actor, action=READ), period))
