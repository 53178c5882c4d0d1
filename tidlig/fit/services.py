"""Writes of FIT (issue 13 § 4). Those who may see the child's case (its caseworker, the team leader, and
people given access such as a family worker) open sessions and take the family's ratings; the family
answers through a one-time link without a login. Every write is audited in its own transaction, and the
alerts to the professional are made in the same one as the rating that causes them."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tidlig.audit import services as audit
from tidlig.cases.access import can_see_case
from tidlig.organisation.models import Municipality, Staff
from tidlig.people.models import Child

from . import scoring
from .models import FitAlert, FitLink, FitSession, FitSettings, Rating, Respondent

PARTS = ("outcome", "alliance")


def settings_for(municipality: Municipality | int) -> FitSettings:
    """The municipality's FIT numbers (the cited defaults when it has set none)."""
    mid = getattr(municipality, "pk", municipality)
    found = FitSettings.objects.filter(municipality_id=mid).first()
    if found is not None:
        return found
    m = municipality if isinstance(municipality, Municipality) else Municipality.objects.get(pk=mid)
    return FitSettings.defaults(m)


def _require_case(actor: Staff, child: Child) -> None:
    if not can_see_case(actor, child):
        raise PermissionDenied(
            _("Kun de, der må se barnets sag, kan bruge FIT med familien. Bed barnets rådgiver om adgang.")
        )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def respondent_add(*, child: Child, actor: Staff, role: str, first_name: str) -> Respondent:
    _require_case(actor, child)
    errors = {}
    first_name = (first_name or "").strip()
    if role not in Respondent.Role.values:
        errors["role"] = [_("Vælg hvem der svarer: barnet, mor, far eller en anden.")]
    if not first_name:
        errors["first_name"] = [_("Skriv respondentens fornavn (det eneste, familien ser på linket).")]
    elif len(first_name) > 60:
        errors["first_name"] = [_("Fornavnet må højst være 60 tegn. Skriv et kortere navn.")]
    if role == Respondent.Role.CHILD and child.fit_respondents.filter(role=Respondent.Role.CHILD).exists():
        errors["role"] = [_("Barnet er allerede respondent. Vælg en anden respondent.")]
    if errors:
        raise ValidationError(errors)
    r = Respondent.objects.create(child=child, role=role, first_name=first_name, created_by=actor)
    audit.record(actor=actor, action="fit.respondent.added", obj=r, child_id=child.pk)
    return r


def band_of(respondent: Respondent, child: Child, day: dt.date) -> scoring.Band:
    if respondent.role == Respondent.Role.CHILD:
        return scoring.band_for_age(child.age_on(day))
    return scoring.Band.ADULT


@transaction.atomic
def session_open(
    *, child: Child, actor: Staff, held_on: dt.date | None, respondent_ids: Sequence[int]
) -> FitSession:
    """A FIT session with one rating per chosen respondent (the instrument follows the age band)."""
    _require_case(actor, child)
    errors = {}
    today = timezone.localdate()
    if held_on is None:
        errors["held_on"] = [_("Skriv mødets dato (dd.mm.åååå).")]
    elif held_on > today:
        errors["held_on"] = [
            _("Mødets dato kan ikke ligge i fremtiden. Skriv dagens dato eller en tidligere dato.")
        ]
    ids = sorted({int(i) for i in respondent_ids or []})
    respondents = list(Respondent.objects.filter(child=child, pk__in=ids))
    if not ids:
        errors["respondents"] = [_("Vælg mindst én, der svarer.")]
    elif len(respondents) != len(ids):
        errors["respondents"] = [_("Vælg kun respondenter for dette barn.")]
    if errors:
        raise ValidationError(errors)
    session = FitSession.objects.create(
        municipality_id=child.municipality_id, child=child, professional=actor, held_on=held_on
    )
    for r in respondents:
        band = band_of(r, child, held_on)
        outcome = scoring.instrument_for(band)
        Rating.objects.create(
            session=session,
            respondent=r,
            band=band,
            outcome_instrument=outcome,
            alliance_instrument=scoring.ALLIANCE_OF[outcome],
        )
    audit.record(
        actor=actor, action="fit.session.opened", obj=session, child_id=child.pk, data={"respondents": ids}
    )
    return session


def clean_items(values: Sequence) -> list:
    """Four items 0–10 with one decimal, or one ValidationError naming each wrong item (in Danish)."""
    values = list(values or [])
    if len(values) != scoring.ITEMS:
        raise ValidationError(
            {"items": [_("Der skal være præcis fire svar, ét for hver skala. Udfyld alle fire skalaer.")]}
        )
    problems = scoring.items_errors(values)
    if problems:
        raise ValidationError(
            {
                f"item{i}": [
                    _("Sæt en markering på skalaen.")
                    if why == "missing"
                    else _("Svaret skal være et tal fra 0 til 10 med højst én decimal. Skriv fx 7,5.")
                ]
                for i, why in problems.items()
            }
        )
    return [scoring.parse_item(v) for v in values]


@transaction.atomic
def rating_answer(
    *, rating: Rating, part: str, items: Sequence, via: str, actor: Staff | None = None
) -> Rating:
    """Save one part (outcome or alliance) of a rating and make the alerts it causes. `actor` is the
    professional (tablet, API) or None for the family's one-time link (checked by `link_answer`)."""
    if actor is not None:
        _require_case(actor, rating.session.child)
    if part not in PARTS:
        raise ValidationError({"part": [_("Vælg hvilken skala: outcome eller alliance.")]})
    rating = Rating.objects.select_for_update().select_related("session", "respondent").get(pk=rating.pk)
    if (rating.outcome_items if part == "outcome" else rating.alliance_items) is not None:
        raise ValidationError(
            {
                "items": [
                    _("Denne skala er allerede udfyldt for denne session. Genindlæs siden for at se svaret.")
                ]
            }
        )
    values = clean_items(items)
    total = scoring.total(values)
    now = timezone.now()
    stored = [str(v) for v in values]
    if part == "outcome":
        rating.outcome_items, rating.outcome_total, rating.outcome_at, rating.outcome_via = (
            stored,
            total,
            now,
            via,
        )
    else:
        rating.alliance_items, rating.alliance_total, rating.alliance_at, rating.alliance_via = (
            stored,
            total,
            now,
            via,
        )
    rating.save()
    child_id = rating.session.child_id
    audit.record(
        actor=actor,
        action=f"fit.rating.{part}",
        obj=rating,
        child_id=child_id,
        data={"via": via, "total": str(total)},
    )
    _make_alerts(rating, part)
    return rating


def _earlier(rating: Rating):
    return (
        Rating.objects.filter(respondent_id=rating.respondent_id)
        .exclude(pk=rating.pk)
        .filter(session__held_on__lte=rating.session.held_on)
        .order_by("session__held_on", "session_id")
    )


def _make_alerts(rating: Rating, part: str) -> None:
    rules = settings_for(rating.session.municipality_id).rules()
    made: list[tuple[str, list[str]]] = []
    if part == "outcome":
        totals = [r.outcome_total for r in _earlier(rating) if r.outcome_total is not None]
        totals.append(rating.outcome_total)
        for alert in scoring.outcome_alerts(totals, rules):
            made.append((alert.value, []))
    else:
        before = [r.alliance_total for r in _earlier(rating) if r.alliance_total is not None]
        reasons = scoring.alliance_concerns(rating.items("alliance"), before[-1] if before else None, rules)
        if reasons:
            made.append((FitAlert.Kind.ALLIANCE, [r.value for r in reasons]))
    for kind, reasons in made:
        alert, created = FitAlert.objects.get_or_create(
            rating=rating,
            kind=kind,
            defaults={
                "child_id": rating.session.child_id,
                "professional_id": rating.session.professional_id,
                "reasons": reasons,
            },
        )
        if created:
            audit.record(
                actor=None, action="fit.alert.raised", obj=alert, child_id=alert.child_id, data={"kind": kind}
            )


@transaction.atomic
def link_create(*, rating: Rating, part: str, actor: Staff) -> tuple[FitLink, str]:
    """A one-time link for one part of a rating; returns the link and its token (shown once, only the hash
    is kept). An earlier unused link for the same part stops working."""
    _require_case(actor, rating.session.child)
    if part not in PARTS:
        raise ValidationError({"part": [_("Vælg hvilken skala: outcome eller alliance.")]})
    if (rating.outcome_items if part == "outcome" else rating.alliance_items) is not None:
        raise ValidationError(
            {
                "part": [
                    _("Denne skala er allerede udfyldt for denne session. Genindlæs siden for at se svaret.")
                ]
            }
        )
    now = timezone.now()
    FitLink.objects.filter(rating=rating, part=part, used_at__isnull=True).update(expires_at=now)
    token = secrets.token_urlsafe(32)
    hours = settings_for(rating.session.municipality_id).link_hours
    link = FitLink.objects.create(
        rating=rating,
        part=part,
        token_hash=token_hash(token),
        expires_at=now + dt.timedelta(hours=hours),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="fit.link.created",
        obj=link,
        child_id=rating.session.child_id,
        data={"part": part},
    )
    return link, token


def link_valid(token: str) -> FitLink | None:
    """The link of a token if it is unused and not expired; None otherwise (the caller answers 404)."""
    if not token or len(token) > 100:
        return None
    link = (
        FitLink.objects.select_related("rating__respondent", "rating__session")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if link is None or link.used_at is not None or link.expires_at <= timezone.now():
        return None
    return link


@transaction.atomic
def link_answer(*, token: str, items: Sequence) -> Rating:
    """The family's answer through the link: used once, then it is gone. A wrong, used or expired token is
    a 404 (the same for all three, so nothing is learnt from trying)."""
    found = link_valid(token)
    if found is None:
        raise Http404
    link = FitLink.objects.select_for_update().get(pk=found.pk)
    if link.used_at is not None:
        raise Http404
    rating = rating_answer(rating=link.rating, part=link.part, items=items, via=Rating.Via.LINK, actor=None)
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return rating


@transaction.atomic
def alert_seen(*, alert: FitAlert, actor: Staff) -> FitAlert:
    if alert.professional_id != actor.pk:
        raise PermissionDenied(
            _(
                "Kun den fagperson, der har sessionerne, kan markere varslet som set. Bed fagpersonen om at gøre det."
            )
        )
    if alert.seen_at is None:
        now = timezone.now()
        # The same alert from earlier sessions of the same respondent is seen with it.
        FitAlert.objects.filter(
            professional=actor,
            kind=alert.kind,
            rating__respondent_id=alert.rating.respondent_id,
            created_at__lte=alert.created_at,
            seen_at__isnull=True,
        ).update(seen_at=now)
        alert.seen_at = now
        audit.record(actor=actor, action="fit.alert.seen", obj=alert, child_id=alert.child_id)
    return alert
