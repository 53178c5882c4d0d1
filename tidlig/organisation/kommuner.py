"""The Danish municipalities, from the list Tidlig ships (data/kommuner.csv, DAWA, CC BY 4.0)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEMO_CODE = "0000"  # Demokommune: not a real municipality


@dataclass(frozen=True)
class Kommune:
    code: str
    name: str
    region: str


@cache
def kommuner() -> dict[str, Kommune]:
    path = Path(__file__).parent / "data" / "kommuner.csv"
    with path.open(encoding="utf-8") as f:
        return {
            row["kode"]: Kommune(row["kode"], row["navn"], row["regionsnavn"]) for row in csv.DictReader(f)
        }
