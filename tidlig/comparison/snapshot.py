"""The snapshot of DST's per-municipality figures shipped in `data/` (see data/README.md for provenance).

Each reader turns one file into `statbank.Row`s with the same table, measure and selection a live fetch
gives, so `tidlig dst fetch` later replaces the snapshot's rows. Pure file reading; storing is services'.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from tidlig.organisation.kommuner import folk1a_rows, kommuner

from .measures import NOTIFIED, REGK31_FUNCTIONS, SUPPORT
from .models import COUNTRY
from .statbank import Row

DATA = Path(__file__).resolve().parent / "data"
REGK31_FILE = "regk31_5_28_21-22_kr_per_inhabitant_2016_2024.csv"
BU43_FILE = "bu43_share_0_22_with_support_2015_2025.csv"
UND2_FILE = "und2_children_notified_per_1000_DERIVED_2015_2024.csv"
NATIONAL_FILE = "thirdparty_national_trend.csv"
OUTSIDE_DIVISION = {
    "0411"
}  # Christiansø: in DAWA's list, outside the municipal division, not in DST's tables
SOURCE = "Danmarks Statistik via {repo} (medleveret øjebliksbillede, data/README.md)"
REGK31_REPO = "github.com/marieleth/marieleth--hvad-bruger-din-kommune-pengene-paa@18c5cc1"
DOUGHNUT_REPO = "github.com/augustseptimius-beep/doughnut@60c08a5"


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def areas() -> list[dict[str, str]]:
    """DST's 98 municipalities (the list Tidlig ships, organisation/data/kommuner.csv, without Christiansø,
    which is outside the division) and the country."""
    out = [{"code": COUNTRY, "name": "Hele landet", "dawa_code": "", "region": ""}]
    for k in kommuner().values():
        if k.code not in OUTSIDE_DIVISION:
            out.append({"code": k.code[-3:], "name": k.name, "dawa_code": k.code, "region": k.region})
    return out


def regk31() -> list[Row]:
    source = SOURCE.format(repo=REGK31_REPO)
    return [
        Row(
            "REGK31",
            r["kommune_kode"].zfill(3),
            r["aar"],
            REGK31_FUNCTIONS[r["funktion"]].slug,
            REGK31_FUNCTIONS[r["funktion"]].selection,
            Decimal(r["kr_pr_indbygger_netto_loebende_priser"]),
            "kr. pr. indbygger",
            source,
        )
        for r in _read(REGK31_FILE)
    ]


def bu43() -> list[Row]:
    source = SOURCE.format(repo=DOUGHNUT_REPO)
    return [
        Row(
            "BU43",
            r["kommune_kode"].zfill(3),
            r["aar"],
            SUPPORT.slug,
            SUPPORT.selection,
            Decimal(r["vaerdi"]),
            "pct.",
            source,
        )
        for r in _read(BU43_FILE)
    ]


def und2_per_1000() -> list[Row]:
    source = "Afledt af tredjepart af UND2 og FOLK1A: " + SOURCE.format(repo=DOUGHNUT_REPO)
    return [
        Row(
            "UND2",
            r["kommune_kode"].zfill(3),
            r["aar"],
            NOTIFIED.slug,
            NOTIFIED.selection,
            Decimal(r["vaerdi"]),
            "pr. 1.000",
            source,
        )
        for r in _read(UND2_FILE)
    ]


def folk1a() -> list[Row]:
    source = SOURCE.format(repo=DOUGHNUT_REPO)
    return [
        Row(
            "FOLK1A",
            r["kommune_kode"].zfill(3),
            f"{r['aar']}K1",
            "befolkning",
            "ALDER=i alt",
            Decimal(r["folketal"]),
            "Antal",
            source,
        )
        for r in folk1a_rows()  # shipped with organisation (the demo sizes its municipalities from it)
    ]


def national() -> list[Row]:
    """The whole country for the two measures the per-municipality files have no country row for."""
    source = "Afledt af tredjepart (landstal): " + SOURCE.format(repo=DOUGHNUT_REPO)
    measures = {
        "child_notifications": (NOTIFIED, "UND2", "pr. 1.000"),
        "vulnerable_children": (SUPPORT, "BU43", "pct."),
    }
    return [
        Row(table, COUNTRY, r["aar"], m.slug, m.selection, Decimal(r["vaerdi"]), unit, source)
        for r in _read(NATIONAL_FILE)
        for m, table, unit in [measures[r["indicator_id"]]]
    ]


def rows() -> list[Row]:
    return regk31() + bu43() + und2_per_1000() + folk1a() + national()
