"""FIT from home (issue 14 § 3): a signed-in parent answers their own open parts; the answer is on the
professional's session page at once; someone else's rating, an answered part or an old session is refused."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tidlig.fit import family as fit_family
from tidlig.fit import services
from tidlig.fit.models import FitLink, Rating

pytestmark = pytest.mark.django_db

METTE = fit_family.Who(role="mother", first_name="mette")


@pytest.fixture
def session(case, alice, family):
    return services.session_open(
        child=case, actor=alice, held_on=timezone.localdate(), respondent_ids=[r.pk for r in family]
    )


def test_the_parent_answers_and_the_professional_sees_it_at_once(client_for, alice, case, family, session):
    kid, mum = family
    link, _token = services.link_create(
        rating=Rating.objects.get(respondent=mum), part="outcome", actor=alice
    )
    parts = fit_family.open_parts(case, METTE)
    assert [(p.rating.respondent, p.part) for p in parts] == [(mum, "outcome"), (mum, "alliance")]

    fit_family.answer_from_home(
        child=case, who=METTE, rating=parts[0].rating, part="outcome", items=["6.5", "7", "8", "5.5"]
    )

    rating = Rating.objects.get(respondent=mum)
    assert rating.outcome_total == 27 and rating.outcome_via == "home"
    assert FitLink.objects.get(pk=link.pk).expires_at <= timezone.now()
    page = client_for(alice).get(reverse("fit:session", args=[session.pk])).content.decode()
    assert "27.0" in page or "27,0" in page
    assert [p.part for p in fit_family.open_parts(case, METTE)] == ["alliance"]


def test_every_wrong_item_is_named_at_once(case, family, session):
    [part, _] = fit_family.open_parts(case, METTE)
    with pytest.raises(ValidationError) as e:
        fit_family.answer_from_home(
            child=case, who=METTE, rating=part.rating, part="outcome", items=["", "11", "5", "5"]
        )
    assert set(e.value.message_dict) == {"item1", "item2"}


def test_another_respondents_rating_an_answered_part_or_an_old_session_is_refused(
    case, alice, family, session
):
    kid, mum = family
    with pytest.raises(PermissionDenied):
        fit_family.answer_from_home(
            child=case, who=METTE, rating=Rating.objects.get(respondent=kid), part="outcome", items=["5"] * 4
        )
    assert fit_family.open_parts(case, fit_family.Who(role="father", first_name="Mette")) == []
    mine = Rating.objects.get(respondent=mum)
    fit_family.answer_from_home(child=case, who=METTE, rating=mine, part="alliance", items=["9"] * 4)
    with pytest.raises(ValidationError, match="allerede udfyldt"):
        fit_family.answer_from_home(child=case, who=METTE, rating=mine, part="alliance", items=["9"] * 4)
    later = timezone.localdate() + dt.timedelta(days=fit_family.FAMILY_ANSWER_DAYS + 1)
    assert fit_family.open_parts(case, METTE, today=later) == []
