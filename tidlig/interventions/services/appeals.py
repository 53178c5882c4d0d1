"""The decision letter's dispatch and complaints about decisions (issue 12; retssikkerhedsloven §§ 66-68).

A complaint (klage) goes first to the municipality, which reconsiders the decision (genvurdering, RSL § 66,
within 4 weeks) and, unless it grants the complaint in full, sends it on to Ankestyrelsen, whose outcome is
recorded (RSL § 68, stk. 2). A § 47 placement is decided by børne- og ungeudvalget (BL § 142): a complaint
about it goes to Ankestyrelsen without a reconsideration (BL § 146, stk. 1). The deadlines are pure rules in
rules/review.py."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.cases.actions import Act, Subject, case_action, locked

from ..models import Appeal, Decision, LetterSent
from .common import _noon

MADE_DECISION = Subject("decision", child_of=lambda d: d.child, lock=locked(Decision, "child"))
APPEAL = Subject("appeal", child_of=lambda a: a.decision.child, lock=locked(Appeal, "decision"))


def _made(decision: Decision) -> None:
    if not decision.is_made:
        raise ValidationError(_("Afgørelsen er ikke truffet endnu. Træf afgørelsen først."))


@case_action("interventions.decision.letter_sent", subject=MADE_DECISION)
def letter_sent_record(
    act: Act, *, sent_on: dt.date, method: str, received_on: dt.date | None = None
) -> LetterSent:
    """When and how the decision letter went to the party; the complaint period runs from receipt."""
    decision = act.subject
    _made(decision)
    errors = {}
    if method not in LetterSent.Method.values:
        errors["method"] = [_("Vælg hvordan brevet blev sendt.")]
    if sent_on < decision.decided_on:
        errors["sent_on"] = [_("Brevet kan ikke være sendt, før afgørelsen blev truffet. Ret datoen.")]
    if received_on is not None and received_on < sent_on:
        errors["received_on"] = [_("Brevet kan ikke være modtaget, før det blev sendt. Ret en af datoerne.")]
    if errors:
        raise ValidationError(errors)
    row = LetterSent.objects.create(
        decision=decision, sent_on=sent_on, method=method, received_on=received_on, recorded_by=act.actor
    )
    # At noon of the day it went, or now if that noon is still ahead (a letter sent this morning by the outbox).
    at = min(_noon(sent_on), timezone.now())
    act.event(gettext_noop("Afgørelsesbrev sendt"), source="decision", source_id=decision.pk, at=at)
    return row


@case_action("interventions.appeal.received", subject=MADE_DECISION)
def appeal_record(act: Act, *, received_on: dt.date) -> Appeal:
    """A complaint about the decision has come in (to the municipality first, RSL § 66, stk. 1)."""
    decision = act.subject
    _made(decision)
    if received_on < decision.decided_on:
        raise ValidationError(
            {"received_on": [_("Klagen kan ikke være modtaget før afgørelsen. Ret datoen.")]}
        )
    appeal = Appeal.objects.create(decision=decision, received_on=received_on, recorded_by=act.actor)
    act.event(gettext_noop("Klage modtaget"), source="appeal", source_id=appeal.pk, at=_noon(received_on))
    return appeal


@case_action("interventions.appeal.updated", subject=APPEAL)
def appeal_update(
    act: Act,
    *,
    reconsidered_on: dt.date | None = None,
    reconsideration: str = "",
    outcome_on: dt.date | None = None,
    outcome: str = "",
) -> Appeal:
    """The municipality's reconsideration and, once the complaint is sent on, Ankestyrelsen's outcome."""
    a = act.subject
    committee = a.decision.without_consent  # BL § 142: børne- og ungeudvalget decided; § 146 goes straight on
    errors: dict[str, list[str]] = {}
    if committee and (reconsidered_on or reconsideration):
        errors["reconsideration"] = [
            _(
                "Børne- og ungeudvalgets afgørelser genvurderes ikke af kommunen; klagen går direkte til "
                "Ankestyrelsen (barnets lov § 146, stk. 1). Registrér Ankestyrelsens afgørelse i stedet."
            )
        ]
    if reconsideration and reconsideration not in Appeal.Reconsideration.values:
        errors["reconsideration"] = [_("Ukendt genvurdering. Vælg et resultat på listen.")]
    if bool(reconsidered_on) != bool(reconsideration):
        errors["reconsideration" if reconsidered_on else "reconsidered_on"] = [
            _("Angiv både datoen og resultatet af genvurderingen.")
        ]
    if reconsidered_on and reconsidered_on < a.received_on:
        errors["reconsidered_on"] = [
            _("Genvurderingen kan ikke ligge, før klagen blev modtaget. Ret datoen.")
        ]
    if outcome and outcome not in Appeal.Outcome.values:
        errors["outcome"] = [_("Ukendt udfald. Vælg et udfald på listen.")]
    if bool(outcome_on) != bool(outcome):
        errors["outcome" if outcome_on else "outcome_on"] = [_("Angiv både datoen og Ankestyrelsens udfald.")]
    if outcome and not committee:
        if not reconsideration:
            errors["outcome"] = [
                _(
                    "Klagen skal genvurderes af kommunen, før den sendes til Ankestyrelsen. Registrér genvurderingen først."
                )
            ]
        elif reconsideration == Appeal.Reconsideration.GRANTED:
            errors["outcome"] = [
                _(
                    "Klageren fik fuldt medhold; klagen gik ikke til Ankestyrelsen. Lad Ankestyrelsens udfald stå tomt."
                )
            ]
        elif outcome_on and reconsidered_on and outcome_on < reconsidered_on:
            errors["outcome_on"] = [
                _("Ankestyrelsens afgørelse kan ikke ligge før genvurderingen. Ret datoen.")
            ]
    if errors:
        raise ValidationError(errors)
    a.reconsidered_on, a.reconsideration = reconsidered_on, reconsideration
    a.outcome_on, a.outcome = outcome_on, outcome
    a.save(update_fields=["reconsidered_on", "reconsideration", "outcome_on", "outcome"])
    if outcome:
        act.event(
            gettext_noop("Ankestyrelsens afgørelse"), source="appeal", source_id=a.pk, at=_noon(outcome_on)
        )
    elif reconsideration:
        act.event(
            gettext_noop("Klagen genvurderet"), source="appeal", source_id=a.pk, at=_noon(reconsidered_on)
        )
    return a
