"""The demo's story (tidlig.demo.story), checked in the built demo the way a manager reading its figures would.

The session's shared demo (`demo_site`, conftest.py: 12,000 children, built at the pin with the clock stopped
there, so the key-figure facts the build keeps are as of it) is used. The figures are counted here from
the rows (new placements per year by site and district, § 30 courses, joint ratings per school and
half-year) or read from the kept facts the key-figure page shows (well-being per half-year and district,
dialog-based notifications); each threshold is one a flat, storyless demo fails.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db.models import Count, Q, Sum

from conftest import TEST_NOW
from tidlig.demo import story
from tidlig.interventions.models import Measure
from tidlig.metrics import report
from tidlig.metrics.models import Fact
from tidlig.organisation.models import Role, Staff
from tidlig.rules.staircase_flows import age_on
from tidlig.wellbeing.models import Rating, RatingPeriod

DEMO_CHILDREN_NEEDED = (
    12_000  # the shared demo's size (conftest.py): enough for the shares below not to be noise
)
TODAY = TEST_NOW.date() if TEST_NOW else dt.date.today()  # the shared demo is built at the pin
YEAR = dt.timedelta(days=365)
FIRST = (TODAY - 5 * YEAR, TODAY - 3 * YEAR)  # the story's first two years
LAST = (TODAY - 2 * YEAR, TODAY)  # its last two


@pytest.fixture(scope="module")
def demo(demo_site):
    return demo_site.municipality


def placements_begun(m, years: tuple[dt.date, dt.date], *, shifted: bool = False, **filters):
    """Placements begun in `years`; `shifted`: outside the district that did not shift (story.LATE)."""
    lo, hi = years
    qs = Measure.objects.filter(
        municipality=m, type__kind="placement", started_on__gte=lo, started_on__lt=hi, **filters
    ).select_related("child")
    return qs.exclude(child__district__name=story.LATE) if shifted else qs


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@pytest.mark.django_db
def test_new_placements_move_from_institutions_to_foster_and_network_care(demo):
    # In the three districts that shifted; the one that did not is the next test's.
    def shares(years):
        sites = Counter(placements_begun(demo, years, shifted=True).values_list("place_type", flat=True))
        n = sum(sites.values())
        foster = sites["43_1"] + sites["43_2"] + sites["43_3"] + sites["43_4"]
        # Of the children placed in a family or an institution, the share in a (foster or network) family.
        return n, share(sites["43_6"], n), share(foster, foster + sites["43_6"]), share(sites["43_4"], n)

    n_first, inst_first, foster_first, network_first = shares(FIRST)
    n_last, inst_last, foster_last, network_last = shares(LAST)
    assert n_first >= 20 and n_last >= 20, (n_first, n_last)
    assert inst_last < inst_first - 0.10, (inst_first, inst_last)
    assert foster_last > foster_first + 0.08, (foster_first, foster_last)
    assert network_last > network_first, (network_first, network_last)


@pytest.mark.django_db
def test_the_early_district_places_fewer_and_the_late_one_does_not(demo):
    def per_year(district, years):
        return placements_begun(demo, years, child__district__name=district).count()

    early_first, early_last = per_year(story.EARLY, FIRST), per_year(story.EARLY, LAST)
    late_first, late_last = per_year(story.LATE, FIRST), per_year(story.LATE, LAST)
    assert early_first >= 10 and late_first >= 10, (early_first, late_first)
    assert early_last < 0.7 * early_first, (early_first, early_last)
    assert late_last >= 0.7 * late_first, (late_first, late_last)
    assert early_last / early_first < late_last / late_first - 0.3


@pytest.mark.django_db
def test_network_care_rises_where_the_districts_shifted_and_not_in_the_late_one(demo):
    def network_share(years, **filters):
        sites = Counter(placements_begun(demo, years, **filters).values_list("place_type", flat=True))
        return share(sites["43_4"], sum(sites.values()))

    shifted = network_share(FIRST, shifted=True), network_share(LAST, shifted=True)
    late = (
        network_share(FIRST, child__district__name=story.LATE),
        network_share(LAST, child__district__name=story.LATE),
    )
    assert shifted[1] > shifted[0] + 0.04, shifted
    assert late[1] < 0.05, late
    assert shifted[1] > late[1] + 0.05, (shifted, late)


@pytest.mark.django_db
def test_more_preventive_courses_begin_each_year_than_five_years_ago(demo):
    def begun(years):
        lo, hi = years
        return Measure.objects.filter(
            municipality=demo, type__kind="preventive", started_on__gte=lo, started_on__lt=hi
        ).count()

    first_year = begun((TODAY - 5 * YEAR, TODAY - 4 * YEAR))
    third_year = begun((TODAY - 3 * YEAR, TODAY - 2 * YEAR))
    last_year = begun((TODAY - YEAR, TODAY))
    assert first_year > 0
    assert third_year > 1.3 * first_year, (first_year, third_year)
    assert last_year > 1.3 * third_year, (third_year, last_year)


def joint_shares(m, **filters) -> dict[tuple[str, int], tuple[int, float, float]]:
    """(institution, period index) -> (joint ratings, yellow-or-red share, red share), closed periods."""
    rows = (
        Rating.objects.filter(municipality=m, kind="joint", period__closes_on__lt=TODAY, **filters)
        .values("institution__name", "period__opens_on")
        .annotate(
            n=Count("pk"),
            flagged=Count("pk", filter=~Q(colour="green")),
            red=Count("pk", filter=Q(colour="red")),
        )
    )
    opens = sorted(
        set(RatingPeriod.objects.filter(institution__municipality=m).values_list("opens_on", flat=True))
    )
    return {
        (r["institution__name"], opens.index(r["period__opens_on"])): (
            r["n"],
            r["flagged"] / r["n"],
            r["red"] / r["n"],
        )
        for r in rows
    }


@pytest.mark.django_db
def test_one_school_dips_in_one_half_year_and_recovers(demo):
    shares = joint_shares(demo, institution__name=story.DIP_SCHOOL)
    before, dip, after = (shares[(story.DIP_SCHOOL, story.DIP_PERIOD + k)] for k in (-1, 0, 1))
    assert dip[0] >= 40
    assert dip[1] > 1.6 * max(before[1], after[1]), (before, dip, after)
    assert dip[2] > max(before[2], after[2]), (before, dip, after)


@pytest.mark.django_db
def test_institutions_differ_in_well_being(demo):
    shares = joint_shares(demo)
    by_institution: dict[str, list[int]] = {}
    for (name, index), (n, flagged, _red) in shares.items():
        if name == story.DIP_SCHOOL and index == story.DIP_PERIOD:
            continue
        totals = by_institution.setdefault(name, [0, 0])
        totals[0] += n
        totals[1] += round(flagged * n)
    flagged = [f / n for n, f in by_institution.values() if n >= 60]
    assert len(flagged) >= 10
    assert max(flagged) - min(flagged) > 0.12, sorted(flagged)


def facts(m, grain: str, measure: str, **filters) -> dict[tuple[dt.date, str], int]:
    """The kept facts the key-figure page reads: (period start, key) -> value, summed over the rows."""
    rows = (
        Fact.objects.filter(municipality=m, grain=grain, measure=measure, **filters)
        .values("start", "key")
        .annotate(v=Sum("value"))
    )
    return {(r["start"], r["key"]): r["v"] for r in rows}


@pytest.mark.django_db
def test_the_build_keeps_five_years_of_key_figures(demo):
    years = {start.year for start, _key in facts(demo, "Y", "wellbeing.colour")}
    assert set(range(TODAY.year - 4, TODAY.year + 1)) <= years, sorted(years)
    months = {start for start, _key in facts(demo, "M", "notifications")}
    assert len(months) >= 15, sorted(months)


def back_to_green(m, district: str) -> list[float]:
    """Per half-year, oldest first: of the children whose previous joint rating was yellow or red, the
    share now green (the key-figure page's «heraf nu grøn» of «gul/rød før»)."""
    rows = facts(m, "H", "wellbeing.concern_before", district__name=district)
    out = []
    for start in sorted({start for start, _key in rows}):
        before = sum(v for (s, _k), v in rows.items() if s == start)
        out.append(share(rows.get((start, "green"), 0), before))
    return out


@pytest.mark.django_db
def test_more_yellow_and_red_children_come_back_to_green_where_the_early_effort_works(demo):
    early, late = back_to_green(demo, story.EARLY), back_to_green(demo, story.LATE)
    assert len(early) >= 8 and len(late) >= 8, (early, late)
    # The first closed half-years with a previous rating against the last two closed ones (the newest
    # half-year is still being rated).
    early_first, early_last = sum(early[:2]) / 2, sum(early[-3:-1]) / 2
    late_first, late_last = sum(late[:2]) / 2, sum(late[-3:-1]) / 2
    assert early_last > early_first + 0.12, early
    assert abs(late_last - late_first) < 0.1, late
    assert early_last > late_last + 0.1, (early, late)


@pytest.mark.django_db
def test_the_early_district_has_more_dialog_based_notifications(demo):
    def dialog_share(district):
        lo = TODAY - YEAR
        f = {
            m: sum(v for (start, _k), v in facts(demo, "M", m, district__name=district).items() if start > lo)
            for m in ("notifications", "notifications.dialog")
        }
        return share(f["notifications.dialog"], f["notifications"])

    early, late = dialog_share(story.EARLY), dialog_share(story.LATE)
    assert early > 0.15 and early > 2 * late, (early, late)


@pytest.mark.django_db
def test_children_are_younger_at_placement_and_fewer_go_home_than_five_years_ago(demo):
    """The staircase page's «Alder ved anbringelse» and «Hjemgivelser» over its years (VIVE: «Børnene er
    yngre, når de anbringes»; «Antallet af hjemgivelser er faldende»), from the kept facts the page reads.
    The first two full years against the last two (the running one to the demo's day)."""
    ages, home = facts(demo, "Y", "stairs.age"), facts(demo, "Y", "stairs.home")
    first, last = (TODAY.year - 4, TODAY.year - 3), (TODAY.year - 1, TODAY.year)

    def under_12(years):  # bands 0–5 and 6–11 of staircase_flows.AGE_BANDS
        rows = {k: v for (s, k), v in ages.items() if s.year in years}
        return sum(rows.get(k, 0) for k in ("0", "1")), sum(rows.values())

    def homecomings(years):
        return sum(v for (s, k), v in home.items() if s.year in years and k == "home")

    (young_first, n_first), (young_last, n_last) = under_12(first), under_12(last)
    assert n_first >= 40 and n_last >= 20, (n_first, n_last)
    assert share(young_last, n_last) > share(young_first, n_first) + 0.05, (
        young_first,
        n_first,
        young_last,
        n_last,
    )
    assert homecomings(first) > 1.3 * homecomings(last), (homecomings(first), homecomings(last))


def homecomings_per_year(m) -> Counter:
    """Hjemgivelser per calendar year of the placement's last day, counted from the rows the way the
    staircase page's table defines them: the child under 18 that day and not placed the day after."""
    rows = list(
        Measure.objects.filter(municipality=m, type__kind="placement", started_on__isnull=False).values_list(
            "child_id", "child__birth_date", "started_on", "ended_on"
        )
    )
    placed: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    for child, _birth, started, ended in rows:
        placed.setdefault(child, []).append((started, ended))
    per_year: Counter = Counter()
    for child, birth, _started, ended in rows:
        if ended is None:
            continue
        if birth and age_on(birth, ended) >= 18:
            continue  # 18 or older on the last day: leaving care, no hjemgivelse
        after = ended + dt.timedelta(days=1)
        if any(s <= after and (e is None or e >= after) for s, e in placed[child]):
            continue  # placed again the next day: a move, no hjemgivelse
        per_year[ended.year] += 1
    return per_year


@pytest.mark.django_db
def test_hjemgivelser_fall_gently_over_the_years_with_no_edge_artefact(demo):
    """VIVE: «Antallet af hjemgivelser er faldende». Every year of the staircase page (the first one and
    the running one to the demo's day too) has its hjemgivelser, and the first whole years more than the
    last ones."""
    per_year = homecomings_per_year(demo)
    years = range(TODAY.year - 4, TODAY.year + 1)
    counts = [per_year[y] for y in years]
    assert min(counts) >= max(counts) / 3, dict(zip(years, counts, strict=True))
    first, last = counts[0] + counts[1], counts[-2] + counts[-1]
    assert first > 1.2 * last, dict(zip(years, counts, strict=True))
    assert counts[0] > counts[-2], dict(zip(years, counts, strict=True))  # what the report compares


@pytest.mark.django_db
def test_the_committee_report_says_hjemgivelser_fell(demo):
    manager = Staff.objects.filter(municipality=demo, role=Role.MANAGER).first()
    sentences = report.build(manager, report.last_full_quarter(TODAY)).sentences  # at the pin, as the demo
    said = [s for s in sentences if s.startswith("Antallet af hjemgivelser")]
    assert len(said) == 1 and " faldt fra " in said[0], sentences
