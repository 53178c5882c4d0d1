"""Issue 10: a count hidden only so that another cannot be worked out is marked "x", never "< 5".

Solsikken, autumn: 232 children, 198 green, 30 yellow, 4 red. The 4 red is small ("< 5"); the 30 yellow
is hidden only so that 232 − 198 cannot give the 4 away ("x"). Page, CSV and API say the same.
"""

import html
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from tidlig.people.models import Child
from tidlig.wellbeing.models import Rating, RatingPeriod

URL = "/trivsel/oversigt/"
API = "/api/v1/wellbeing/overview"


def rate_many(period, colours, *, rater, group, children=None) -> list[Child]:
    """Joint ratings in bulk (hundreds of children): new children, or the given ones in order."""
    inst = period.institution
    if children is None:
        children = Child.objects.bulk_create(
            Child(
                municipality=inst.municipality,
                first_name=f"Barn{i}",
                last_name="Hemmelig",
                institution=inst,
                district=inst.district,
            )  # fmt: skip
            for i in range(len(colours))
        )
    Rating.objects.bulk_create(
        Rating(
            municipality=inst.municipality,
            institution=inst,
            district=inst.district,
            period=period,
            group=group,
            child=c,
            kind=Rating.Kind.JOINT,
            rater=rater,
            colour=colour,
            rated_at=timezone.now(),
            age_months=60,
            sex="M",
        )  # fmt: skip
        for c, colour in zip(children, colours, strict=True)
    )
    return list(children)


@pytest.fixture
def solsikken(period, group, eva):
    """186 green children in spring; in autumn 184 of them still green and 2 yellow, and 46 new."""
    spring = RatingPeriod.objects.create(
        institution=period.institution, title="Forår", opens_on=period.opens_on - relativedelta(months=6),
        closes_on=period.opens_on - relativedelta(months=6) + relativedelta(days=13),
    )  # fmt: skip
    kids = rate_many(spring, ["green"] * 186, rater=eva, group=group)
    rate_many(period, ["green"] * 184 + ["yellow"] * 2, rater=eva, group=group, children=kids)
    rate_many(period, ["green"] * 14 + ["yellow"] * 28 + ["red"] * 4, rater=eva, group=group)


def table(page: str, testid: str) -> dict[str, list[str]]:
    found = re.search(rf'data-testid="{testid}">(.*?)</table>', page, flags=re.S)
    out = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S):
        head = re.search(r"<th scope=\"row\">(.*?)</th>", tr, re.S)
        if head:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
            out[html.unescape(head.group(1)).strip().split(" ")[0]] = [
                html.unescape(c).strip() for c in cells
            ]
    return out


def test_the_leader_sees_the_small_count_as_less_than_5_and_its_cover_as_x(client_for, lea, solsikken):
    page = client_for(lea).get(URL, {"level": "group"}).content.decode()
    # green, yellow, red, total, green %, yellow %, red %
    assert table(page, "by-unit")["Mariehønen"] == ["198", "x", "< 5", "232", "85 %", "–", "–"]
    movement = table(page, "movement")
    assert movement["Grøn"][:4] == ["x", "< 5", "0", "186"]  # 184 stayed green: hidden, but not small
    assert movement["Gul"] == ["0", "0", "0", "0", "–", "–", "–"]  # no share of nothing
    # The note under the tables says what each mark means.
    assert page.count('data-testid="suppression-note"') >= 2
    assert "«x»: skjult, så et tal under 5 ikke kan regnes ud" in html.unescape(page)


def test_the_api_says_why_each_count_is_hidden(client_for, lea, solsikken):
    data = client_for(lea).get(API, {"level": "group"}).json()
    unit = next(r for r in data["by_unit"] if r["label"] == "Mariehønen")
    assert (unit["green"], unit["yellow"], unit["red"], unit["total"]) == (198, None, None, 232)
    assert unit["hidden"] == {"yellow": "complementary", "red": "small"}
    assert data["total"]["hidden"] == {"yellow": "complementary", "red": "small"}
    green = data["movement"]["rows"][0]
    assert green["label"].startswith("Grøn")
    assert green["hidden"] == {"green": "complementary", "yellow": "small"}
    assert data["movement"]["rows"][1]["hidden"] == {}


def test_the_csv_marks_alike_and_explains_the_marks_in_its_header(client_for, lea, solsikken):
    response = client_for(lea).get(reverse("wellbeing:overview_csv"), {"level": "group"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert "«x»" in lines[0] and "«< 5»" in lines[0] and "«–»" in lines[0]
    assert "Mariehønen;198;x;< 5;232;85;–;–" in lines
    # A row whose total is 0 has no percentages: "–", not "< 5".
    assert any(line.startswith("Gul") and line.endswith(";0;0;0;0;–;–;–") for line in lines)
    assert not any(line.endswith(";< 5") for line in lines)


def test_a_table_with_nothing_hidden_explains_no_marks(client_for, lea, period, group, eva):
    rate_many(period, ["green"] * 10, rater=eva, group=group)
    page = html.unescape(client_for(lea).get(URL, {"level": "group"}).content.decode())
    assert table(page, "by-unit")["Mariehønen"] == ["10", "0", "0", "10", "100 %", "0 %", "0 %"]
    assert "«< 5»:" not in page and "«x»:" not in page
    # The age table has bands with no children: their shares are "–", and that is explained.
    assert table(page, "by-age")["0–2"][4:] == ["–", "–", "–"] and "«–»: ingen procent" in page
