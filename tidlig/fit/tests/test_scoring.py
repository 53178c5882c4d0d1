"""The FIT scoring rules with numbers worked out by hand (scoring.py cites where they come from)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tidlig.fit import scoring as s


def test_the_total_is_the_sum_of_four_items_to_one_decimal():
    assert s.total([D("7.5"), D("6.2"), D("8.1"), D("9.0")]) == D("30.8")
    assert s.total([D("10")] * 4) == D("40.0")


@pytest.mark.parametrize("raw", ["10.01", "-0.1", "10.1", "abc", "nan", "inf", True, "7.25"])
def test_an_item_outside_0_to_10_or_with_two_decimals_is_refused(raw):
    assert s.parse_item(raw) is None


def test_a_danish_decimal_comma_is_read():
    assert s.parse_item("7,5") == D("7.5")
    assert s.items_errors(["7,5", "", "11", "3"]) == {2: "missing", 3: "range"}


@pytest.mark.parametrize(
    ("first", "latest", "expected"),
    [
        ("20.0", "25.0", s.Change.IMPROVED),  # exactly +5 is reliable
        ("20.0", "24.9", s.Change.NONE),
        ("20.0", "15.0", s.Change.DETERIORATED),  # exactly -5
        ("20.0", "15.1", s.Change.NONE),
    ],
)
def test_reliable_change_is_five_points_either_way(first, latest, expected):
    assert s.change(D(first), D(latest)) == expected


def test_the_cutoffs_are_25_for_adults_32_for_children_and_unset_for_adolescents():
    assert s.below_cutoff(D("24.9"), s.Band.ADULT) is True
    assert s.below_cutoff(D("25.0"), s.Band.ADULT) is False
    assert s.below_cutoff(D("31.9"), s.Band.CHILD) is True
    assert s.below_cutoff(D("30"), s.Band.YOUTH) is None  # not guessed: the municipality sets it
    youth = s.Rules(cutoffs={s.Band.YOUTH: D("28")})
    assert s.below_cutoff(D("27.9"), s.Band.YOUTH, youth) is True


def test_age_bands_choose_the_instrument():
    assert [s.instrument_for(s.band_for_age(a)) for a in (4, 6, 12, 13, 17, 40, None)] == [
        "YCORS", "CORS", "CORS", "ORS", "ORS", "ORS", "ORS",
    ]  # fmt: skip
    assert s.ALLIANCE_OF[s.Instrument.CORS] == s.Instrument.CSRS


def test_alliance_concern_on_low_total_low_item_or_a_drop():
    good = [D("9.5"), D("9.2"), D("9.6"), D("9.4")]  # 37.7
    assert s.alliance_concerns(good) == []
    assert s.alliance_concerns(good, previous_total=D("37.7")) == []
    assert s.alliance_concerns(good, previous_total=D("38.0")) == [s.AllianceReason.DROPPED]
    one_low = [D("10"), D("10"), D("10"), D("8.9")]  # 38.9, but one item under 9
    assert s.alliance_concerns(one_low) == [s.AllianceReason.LOW_ITEM]
    low = [D("9"), D("9"), D("9"), D("8.9")]  # 35.9
    assert s.alliance_concerns(low) == [s.AllianceReason.LOW_TOTAL, s.AllianceReason.LOW_ITEM]
    lenient = s.Rules(alliance_total=D("30"), alliance_item=D("8"), alliance_drop=D("1"))
    assert s.alliance_concerns(low, previous_total=D("36.5"), rules=lenient) == []


def test_alerts_on_deterioration_and_on_no_change_after_three_sessions():
    assert s.outcome_alerts([D("20")]) == []
    assert s.outcome_alerts([D("20"), D("22")]) == []  # two sessions: too early to call it a stall
    assert s.outcome_alerts([D("20"), D("22"), D("23")]) == [s.OutcomeAlert.NO_CHANGE]
    assert s.outcome_alerts([D("20"), D("22"), D("25")]) == []  # +5: reliable improvement
    assert s.outcome_alerts([D("20"), D("14.9")]) == [s.OutcomeAlert.DETERIORATION]
    patient = s.Rules(no_change_sessions=4)
    assert s.outcome_alerts([D("20"), D("22"), D("23")], patient) == []


def test_jacobson_truax_reliable_change_index():
    # 1.96 · 7 · √(2 · 0.2) = 13.72 · 0.632456 = 8.677
    assert s.reliable_change_index(7.0, 0.8) == pytest.approx(8.677, abs=0.001)
    # intakes 10, 14, 18, 22: mean 16, sample SD = √(80/3) = 5.164; RCI with r = 0.7: 1.96·5.164·√0.6 = 7.840
    rci, sd = s.rci_from_intakes([10, 14, 18, 22], 0.7)
    assert sd == pytest.approx(5.164, abs=0.001) and rci == pytest.approx(7.840, abs=0.001)
    with pytest.raises(ValueError):
        s.reliable_change_index(7.0, 1.0)
