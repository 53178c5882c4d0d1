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

Case handling (the figures are copied from /work/shared/data/dst/dst_anbringelser_national.csv and
dst_stoette_forebyggende_national.csv, which cite the DST pages below; nothing reads them at run time)
    Placed children at 31 December are stable: 13,823 in 2018 (0.90 % of the 0–22-year-olds), 13,600
    in 2022 (DST NYT cid=47280) and 13,900 in 2023 (DST NYT cid=49265). The demo places 0.90 % of
    its 0–17-year-olds, more the older they are, as it did before case handling.
    Place of placement, 2018 (Ritzau citing DST, Kristeligt Dagblad): plejefamilie 8,703,
    døgninstitution 2,366, opholdssted 1,921, the remaining 833 (of 13,823) on eget værelse,
    kostskole/efterskole and unknown (ANBAAR12 codes 6 and 11). Under Barnets lov § 43, stk. 1 the
    døgninstitution and the opholdssted are both "børne- og ungehjem" (nr. 6). The split of the foster
    families into netværk/almen/forstærket/specialiseret (ANBAAR12 codes 1, 23, 24, 25) and of the
    remainder into eget værelse/efterskole is an ASSUMPTION (the national file gives only the total).
    Consent, 2018 (same source): 8,543 placed with consent, 2,713 without (§ 47; SEL § 58 then): 24 %
    of the placements decided either way are without consent. Of the placements initiated in 2018,
    404 of 3,871 (10.4 %) were without consent (DST NYT cid=28159), so new placements use 10.4 %.
    Initiated placements: 3,501 in 2022 (Kristeligt Dagblad citing DST; NYT cid=47280: 3,500).
    § 30 (early preventive, SEL § 11 before 2024): 18,900 measures initiated in 2022 (DST NYT
    cid=47280, ISBU03), 16,600 in 2021; 18,900 / 1.16 million children = 1.6 % a year.
    § 32 measures initiated after a børnefaglig undersøgelse: 37,700 in 2022 (same page) – more than
    the demo's notifications lead to, since DST also counts applications and disability cases.
"""

from __future__ import annotations

DST_NYT_2022 = "https://www.dst.dk/nyt/46855"
DST_NYT_2018 = "https://www.dst.dk/da/Statistik/nyheder-analyser-publ/nyt/NytHtml?cid=30182"
DST_NYT_2020 = "https://www.dst.dk/da/Statistik/nyheder-analyser-publ/nyt/NytHtml?cid=32762"
DST_NYT_PLACED_2018 = "https://www.dst.dk/da/Statistik/nyheder-analyser-publ/nyt/NytHtml?cid=28159"
DST_NYT_SUPPORT_2021 = "https://www.dst.dk/da/Statistik/nyheder-analyser-publ/nyt/NytHtml?cid=40734"
DST_NYT_SUPPORT_2022 = "https://www.dst.dk/da/Statistik/nyheder-analyser-publ/nyt/NytHtml?cid=47280"
DST_NYT_SUPPORT_2023 = "https://www.dst.dk/da/Statistik/nyheder-analyser-publ/nyt/NytHtml?cid=49265"
RITZAU_PLACED_2018 = (
    "https://www.kristeligt-dagblad.dk/danmark/fakta-naesten-14000-born-og-unge-er-anbragt-uden-hjemmet"
)

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

# Consent (RITZAU_PLACED_2018, stock at 31 Dec 2018) and new placements (DST_NYT_PLACED_2018, 2018).
PLACED_WITH_CONSENT_2018 = 8_543
PLACED_WITHOUT_CONSENT_2018 = 2_713
WITHOUT_CONSENT_SHARE = PLACED_WITHOUT_CONSENT_2018 / (PLACED_WITH_CONSENT_2018 + PLACED_WITHOUT_CONSENT_2018)
INITIATED_PLACEMENTS_2018 = 3_871
INITIATED_WITHOUT_CONSENT_2018 = 404
NEW_WITHOUT_CONSENT_SHARE = INITIATED_WITHOUT_CONSENT_2018 / INITIATED_PLACEMENTS_2018  # 10.4 %
INITIATED_PLACEMENTS_2022 = 3_501  # DST_NYT_SUPPORT_2022
# § 30 measures initiated per child 0–17 and year (DST_NYT_SUPPORT_2022: 18,900 in 2022).
PREVENTIVE_30_INITIATED_2022 = 18_900
PREVENTIVE_30_PER_YEAR = PREVENTIVE_30_INITIATED_2022 / CHILDREN_0_17  # 1.6 %

# Placement sites (PLACEMENT_SITES) as Tidlig's catalogue codes (BL § 43, stk. 1, nr. 1–7).
# "institution" = døgninstitution + opholdssted, both børne- og ungehjem (nr. 6); the names say which.
INSTITUTION_KINDS = {"døgninstitution": 2_366, "opholdssted": 1_921}  # RITZAU_PLACED_2018
FOSTER_CODES = {  # ASSUMPTION: the national file gives foster families only in total
    "anb_netvaerk": 0.15,
    "anb_almen": 0.55,
    "anb_forstaerket": 0.20,
    "anb_specialiseret": 0.10,
}
OTHER_PLACEMENT_CODES = {"anb_eget_vaerelse": 0.5, "anb_efterskole": 0.5}  # ASSUMPTION: half each
# The "other" 6 % (833 of 13,823) are young people: from 15 years, which are 29 % of the demo's placed
# children (placement odds grow with age, see population), so 21 % of them.
OTHER_PLACEMENT_FROM_AGE = 15
OTHER_PLACEMENT_AMONG_OLDER = (833 / 13_823) / 0.286
PLACE_TYPE_BY_CODE = {
    "anb_almen": "43_1",
    "anb_forstaerket": "43_2",
    "anb_specialiseret": "43_3",
    "anb_netvaerk": "43_4",
    "anb_eget_vaerelse": "43_5",
    "anb_institution": "43_6",
    "anb_efterskole": "43_7",
}

# ASSUMPTIONS of the demo's case model (no published source), checked against the figures above by
# tests/test_demo_cases.py and printed by `tidlig demo`:
# The demo's 0.90 % placed and 2.5 % with § 32 support at "now" are made of children whose measure
# began before the demo's 15 months (drawn directly, at these rates) and children whose notification in
# the 15 months led to an undersøgelse and a measure (what the case model makes of them: about 0.1
# and 0.5 percentage points). The two "before" rates are tuned so that the totals hit the targets.
PLACED_BEFORE_WINDOW_SHARE = 0.0068
SUPPORT_32_BEFORE_WINDOW_SHARE = 0.0188
# Without consent: new placements in the window at 10.4 %, so the older ones at 30 % give the stock's 24 %.
WITHOUT_CONSENT_BEFORE_WINDOW = 0.30
SUPPORT_AFTER_PLACEMENT = 0.12  # of children with § 32 support now: came home from a placement
PLACEMENT_AFTER_SUPPORT = 0.35  # of placed children: had § 32 support before the placement
STEPPED_DOWN_SHARE = 0.0015  # placement, then § 32 at home, both ended: the case is closed
SUPPORT_ENDED_SHARE = 0.006  # § 32 support that ended in the last 15 months
# Families who ask for early help (§ 30) themselves, without a notification: with the § 30 measures
# afdækninger and undersøgelser lead to, this gives DST's 1.6 % a year.
PREVENTIVE_ON_REQUEST_PER_YEAR = 0.0035
# What an afdækning (§ 19) and a børnefaglig undersøgelse (§ 20) lead to.
ASSESSMENT_OUTCOMES = {"preventive": 0.50, "investigation": 0.10, "none": 0.40}
INVESTIGATION_OUTCOMES = {"placement": 0.10, "supportive": 0.50, "preventive": 0.15, "none": 0.25}
INVESTIGATION_ON_TIME = 0.82  # concluded within the 4 months of § 20, stk. 3
PLAN_NEEDED_32 = 0.6  # § 32 decisions that say a child plan is needed (§ 91, stk. 1)

# Municipal prices for the demo's own copy of the catalogue: (provider, unit, price in kr.).
# ASSUMPTION: plausible 2024 levels (døgntakster for placements, monthly packages for § 32 support);
# no national price list is published. Hourly and one-off prices give no monthly cost, as in
# interventions.services.decision_make.
PRICES = {
    "bl30_1": ("Familiehuset Demokommune", "month", 3_500),
    "bl30_2": ("Familiehuset Demokommune", "hour", 850),
    "bl30_3": ("Sundhedsplejen Demokommune", "hour", 650),
    "bl30_4": ("Familiehuset Demokommune", "once", 18_500),
    "bl32_1": ("Dagtilbud og skole, Demokommune", "month", 4_200),
    "bl32_2": ("Familiehuset Demokommune", "month", 11_500),
    "bl32_3": ("Kontaktpersonkorpset", "month", 7_800),
    "bl32_4": ("Ungdommens Uddannelsesvejledning", "month", 2_500),
    "bl32_5": ("Familiehuset Demokommune", "month", 16_000),
    "bl32_6": ("Familiecentret Skovly", "day", 3_900),
    "bl32_7": ("Aflastningsfamilier, Familieplejen", "month", 9_800),
    "bl32_8": ("Familiehuset Demokommune", "month", 6_500),
    "anb_netvaerk": ("Familieplejen Demokommune", "day", 420),
    "anb_almen": ("Familieplejen Demokommune", "day", 1_150),
    "anb_forstaerket": ("Familieplejen Demokommune", "day", 1_650),
    "anb_specialiseret": ("Familieplejen Demokommune", "day", 2_900),
    "anb_eget_vaerelse": ("Ungehuset Demokommune", "month", 16_500),
    "anb_institution": ("", "day", 4_300),
    "anb_efterskole": ("", "month", 14_000),
}

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
