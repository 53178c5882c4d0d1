"""The Danish municipalities, from the list Tidlig ships (data/kommuner.csv, DAWA, CC BY 4.0), and their
population (data/folk1a_population_all_ages_2026q1.csv, Danmarks Statistik FOLK1A, all ages, 1 January 2026;
provenance in data/SOURCE.md). The comparison app loads the same FOLK1A file into its DST figures and the
demo sizes its municipalities from it; one file serves both."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEMO_CODE = "0000"  # Demokommune: not a real municipality
DATA = Path(__file__).parent / "data"
FOLK1A_FILE = DATA / "folk1a_population_all_ages_2026q1.csv"


@dataclass(frozen=True)
class Kommune:
    code: str
    name: str
    region: str


@cache
def kommuner() -> dict[str, Kommune]:
    path = DATA / "kommuner.csv"
    with path.open(encoding="utf-8") as f:
        return {
            row["kode"]: Kommune(row["kode"], row["navn"], row["regionsnavn"]) for row in csv.DictReader(f)
        }


@cache
def folk1a_rows() -> tuple[dict[str, str], ...]:
    """The FOLK1A file's rows as they are (DST's 3-digit `kommune_kode`, `kommune_navn`, `folketal`, `aar`)."""
    with FOLK1A_FILE.open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def population() -> dict[str, int]:
    """Inhabitants of all ages on 1 January 2026 by DAWA's 4-digit code (98 municipalities, no Christiansø)."""
    return {r["kommune_kode"].zfill(4): int(r["folketal"]) for r in folk1a_rows()}
