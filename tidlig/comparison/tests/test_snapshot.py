"""The shipped snapshot (tidlig/comparison/data, README there): parsed with the row counts its README
states, and loaded idempotently."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command

from tidlig.comparison import snapshot
from tidlig.comparison.models import DstArea, DstFigure


def test_regk31_has_99_values_per_year_and_function():
    rows = snapshot.regk31()
    per = Counter((r.period, r.selection) for r in rows)
    assert set(per.values()) == {99}  # 98 municipalities + Hele landet
    assert {r.period for r in rows} == {str(y) for y in range(2016, 2025)}
    assert len(rows) == 9 * 2 * 99


def test_row_counts_of_bu43_und2_and_folk1a():
    assert len(snapshot.bu43()) == 1077
    assert len(snapshot.und2_per_1000()) == 979
    assert len(snapshot.folk1a()) == 98


def test_spot_values_and_caveats_as_published():
    regk = {(r.area, r.period, r.measure): r.value for r in snapshot.regk31()}
    assert regk[("101", "2016", "forebyggelse")] == Decimal("952")
    assert regk[("000", "2016", "forebyggelse")] == Decimal("921")
    assert regk[("563", "2023", "plejefamilier")] == Decimal("-1")  # Fanø, net accounts
    bu43 = {(r.area, r.period) for r in snapshot.bu43()}
    assert ("563", "2023") not in bu43  # Fanø 2023 missing in the source
    und2 = {(r.area, r.period) for r in snapshot.und2_per_1000()}
    assert ("825", "2022") not in und2  # Læsø 2022 missing


def test_areas_are_the_98_municipalities_and_the_country():
    areas = snapshot.areas()
    assert len(areas) == 99
    codes = {a["code"] for a in areas}
    assert "000" in codes and "411" not in codes  # Christiansø is outside the division
    herning = next(a for a in areas if a["code"] == "657")
    assert herning["dawa_code"] == "0657" and herning["name"] == "Herning"


@pytest.mark.django_db
def test_load_snapshot_is_idempotent():
    call_command("dst", "load-snapshot")
    first = DstFigure.objects.count()
    call_command("dst", "load-snapshot")
    assert DstFigure.objects.count() == first == len(snapshot.rows())
    assert DstArea.objects.count() == 99
    assert (
        DstFigure.objects.filter(
            table="BU43", area__in=DstArea.objects.exclude(code="000").values("code")
        ).count()
        == 1077
    )
