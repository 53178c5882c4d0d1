"""The few national figures the demo is calibrated to, copied here so nothing is read at run time.

Danmarks Statistik (DST) publishes notifications (UND1/UND2), placements (ANBAAR*) and support
(BU43, ISBU*) nationally; the demo scales them to one municipality. Figures marked ASSUMPTION are
not published by DST and are Tidlig's own plausible choices.

Children notified per year
    DST, "Underretninger om børn og unge 2022", https://www.dst.dk/nyt/46855: in 2022 the
    municipalities received 152,700 notifications about "lidt under 85.300" children, 1.79 per
    child. Children 0–17 in Denmark: about 1.15–1.16 million, derived two ways for 2018 (the age
    group has been nearly flat since): DST NYT cid=30182 gives 127,182 notifications = 11.1 per 100
    children 0–17, i.e. 1.146 million; 75,019 children notified = 64.57 per 1,000 (the third-party
    series in /work/shared/data/dst/thirdparty_doughnut, from UND2 and FOLK1A), i.e. 1.162 million.
    85,300 / 1.16 million = 7.35 %, so 7.3 % of the children are notified in a 12-month period.
    Caveat: DST counts the unborn and children who turned 18 during the year in the 85,300, so the
    share of 0–17-year-olds is a little lower (DST NYT cid=39642: 6.2 % in 2021 by DST's own
    method; KL, "Kortlægning af underretninger" 2023: "ca. 7 pct." in 2022).

Notifications per notified child
    DST NYT cid=30182 (https://www.dst.dk/da/Statistik/nyheder-analyser-publ/nyt/NytHtml?cid=30182),
    2018: 49,644 children with 1 notification, 14,017 with 2, 5,412 with 3, 2,591 with 4, 1,357
    with 5, and 1,998 with 6 or more (75,019 in all). The shape is kept; the 6+ tail is stretched so
    that the mean is 2022's 1.79.

Who notifies (UND1 UNDERRETERE codes, as intake.models.NotifierCategory)
    2022 shares, DST NYT https://www.dst.dk/nyt/46855: school 21.0 %, health service 19.6 %,
    police or court 12.5 %. Daycare 6,900 and anonymous 11,000 of 136,000 in 2020 (DST NYT
    cid=32762 and cid=39642): 5.1 % and 8.1 %. The remaining third is split by ASSUMPTION.

Measures (BL § 137 reassessment applies to children with § 32 support or a placement)
    Placed: 0.90 % of 0–22-year-olds at 31 Dec 2018, DST NYT cid=28159
    (https://www.dst.dk/da/Statistik/nyheder-analyser-publ/nyt/NytHtml?cid=28159). By placement
    site, 2018 (Ritzau/Kristeligt Dagblad citing DST): foster families 8,703, døgninstitution 2,366,
    opholdssted 1,921 of 13,823. Any support ("udsatte"): 3.4 % of 0–22-year-olds in 2021, DST NYT
    cid=40734; less the placed, 2.5 % have § 32 support (SEL § 52 before 2024).
"""

from __future__ import annotations

DST_NYT_2022 = "https://www.dst.dk/nyt/46855"
DST_NYT_2018 = "https://www.dst.dk/da/Statistik/nyheder-analyser-publ/nyt/NytHtml?cid=30182"
DST_NYT_2020 = "https://www.dst.dk/da/Statistik/nyheder-analyser-publ/nyt/NytHtml?cid=32762"
DST_NYT_PLACED_2018 = "https://www.dst.dk/da/Statistik/nyheder-analyser-publ/nyt/NytHtml?cid=28159"
DST_NYT_SUPPORT_2021 = "https://www.dst.dk/da/Statistik/nyheder-analyser-publ/nyt/NytHtml?cid=40734"

CHILDREN_NOTIFIED_2022 = 85_300  # DST_NYT_2022, "lidt under 85.300"
NOTIFICATIONS_2022 = 152_700  # DST_NYT_2022
NOTIFICATIONS_PER_CHILD_2022 = 1.79  # DST_NYT_2022
CHILDREN_0_17 = 1_160_000  # derived from DST_NYT_2018 (see the module docstring)
NOTIFIED_SHARE_PER_YEAR = 0.073  # 85,300 / 1.16 million

# Children by number of notifications in a year (DST_NYT_2018, table for 2018); 6 means "6 or more".
CHILDREN_BY_COUNT_2018 = {1: 49_644, 2: 14_017, 3: 5_412, 4: 2_591, 5: 1_357, 6: 75_019 - 73_021}

# Share of notifications by UND1 notifier code.
NOTIFIER_SHARES = {
    "2": 0.210,  # school, 2022 (DST_NYT_2022)
    "4": 0.196,  # health service, 2022 (DST_NYT_2022)
    "6": 0.125,  # police or court, 2022 (DST_NYT_2022)
    "3": 0.051,  # daycare, 2020: 6,900 / 136,000 (DST_NYT_2020)
    "8": 0.081,  # anonymous, 2020: 11,000 / 136,000 (DST_NYT_2020)
    # ASSUMPTION: the remaining 33.7 %, not broken down in the published figures used here.
    "13": 0.090,  # family or acquaintances
    "1": 0.080,  # another municipality (§ 132) or administration
    "11": 0.062,  # others
    "10": 0.040,  # associations, crisis and addiction centres
    "5": 0.030,  # health visitor or dentist
    "9": 0.020,  # placement site
    "12": 0.015,  # the child or young person
}

PLACED_SHARE = 0.009  # DST_NYT_PLACED_2018: 0.90 % of 0–22-year-olds
SUPPORT_32_SHARE = 0.025  # DST_NYT_SUPPORT_2021: 3.4 % with support, less the 0.9 % placed
# Placement sites 2018: foster families 8,703, institutions 2,366 + 1,921, other 833 (of 13,823).
PLACEMENT_SITES = {"foster": 8_703, "institution": 2_366 + 1_921, "other": 13_823 - 8_703 - 2_366 - 1_921}

# ASSUMPTIONS of the demo model (no published source):
MEASURE_CHILD_NOTIFIED_SHARE = 0.40  # children with § 32 support or placed are notified far more often
AGE_WEIGHT = {0: 0.6, 3: 0.7, 6: 1.0, 12: 1.5, 16: 1.3}  # relative notification rate from that age up
TARGET_CASELOAD = 32  # children per caseworker the demo staffs for (see generator.staffing)
CASEWORKERS_PER_TEAM_LEADER = 8  # DESIGN.md § 1: "about 8 caseworkers per team leader"
UNBORN_PER_CHILD = 0.0008  # unborn children known through the expecting mother, per child 0–17
SCREENING_DECISIONS = {"none": 0.55, "afdaekning": 0.25, "undersoegelse": 0.20}


def count_distribution(mean: float = NOTIFICATIONS_PER_CHILD_2022) -> tuple[list[int], list[float], float]:
    """Counts 1–5 and "6+" with their probabilities, and the mean extra beyond 6 that gives `mean`."""
    total = sum(CHILDREN_BY_COUNT_2018.values())
    counts = sorted(CHILDREN_BY_COUNT_2018)
    weights = [CHILDREN_BY_COUNT_2018[k] / total for k in counts]
    below = sum(k * CHILDREN_BY_COUNT_2018[k] for k in counts if k < 6)
    tail_mean = (mean * total - below) / CHILDREN_BY_COUNT_2018[6]
    return counts, weights, max(tail_mean - 6, 0.0)


def age_weight(age: int) -> float:
    return AGE_WEIGHT[max(a for a in AGE_WEIGHT if a <= age)]
