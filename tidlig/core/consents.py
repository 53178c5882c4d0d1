"""One shape for a consent a parent gave, whichever app keeps it (issue 14 § 2).

Three apps keep consents: `crossteam` (a named item on the cross-disciplinary team's agenda, RSL § 11 e),
`wellbeing` (the daycare's handover to the school) and `network` (a network meeting a school or daycare
booked). Each lists its own as `Consent` rows, and the family's page puts them side by side. The texts are
plain Danish for the parent (translated when shown).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CROSSTEAM = "crossteam"
TRANSITION = "transition"
NETWORK = "network"
KINDS = (CROSSTEAM, TRANSITION, NETWORK)


@dataclass(frozen=True)
class Consent:
    kind: str  # CROSSTEAM, TRANSITION or NETWORK
    id: int  # the row in the owning app (for crossteam: the first item given on that consent)
    child_id: int
    title: str  # what was consented to, e.g. "Drøftelse i det tværfaglige team"
    given_to: str  # the institution or team that received it
    given_by: str  # the parent who gave it (a name; free text for an old network booking)
    given_on: dt.date
    withdrawn_on: dt.date | None
    withdrawn_by_family: bool  # the parent withdrew it in Tidlig (else staff recorded it)
    effect: str  # what withdrawing does now, or what it did; plain Danish

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_on is not None
