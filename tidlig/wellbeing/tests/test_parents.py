"""The parents' view: everything the institution recorded, plainly, with the legal basis; printable and PDF."""

import datetime as dt

import pytest
from django.utils import timezone

from tidlig.audit.models import AuditEntry
from tidlig.concerns.models import Concern, ConcernEntry
from tidlig.crossteam.models import EarlyCourse, EligibilityCriterion, MeetingItem, TeamMeeting
from tidlig.wellbeing.models import Indicator, Rating, RatingFollowUp

URL = "/trivsel/barn/{}/foraeldre/"


@pytest.fixture
def recorded(child, group, period, eva, lea, sara, mother, org, municipality):
    social = Indicator.objects.create(municipality=municipality, title="Sociale kompetencer")
    rating = Rating.objects.create(
        municipality=municipality, institution=org["solsikken"], period=period, group=group, child=child,
        kind="joint", rater=eva, colour="yellow", indicators={str(social.pk): "yellow"},
        rated_at=timezone.now(), note="Trækker sig fra legen",
    )  # fmt: skip
    RatingFollowUp.objects.create(rating=rating, focus_points="Leg i små grupper", recorded_by=eva)
    concern = Concern.objects.create(
        municipality=municipality, child=child, institution=org["solsikken"], raised_by=eva,
        observed_on=dt.date(2026, 10, 1), observation="Sulten om morgenen",
    )  # fmt: skip
    ConcernEntry.objects.create(
        concern=concern, text="Talt med mor", happened_on=dt.date(2026, 10, 3), recorded_by=eva
    )
    meeting = TeamMeeting.objects.create(
        institution=org["solsikken"], starts_at=timezone.now(), created_by=lea
    )
    MeetingItem.objects.create(
        meeting=meeting, institution=org["solsikken"], kind="named", child=child, question="Hvordan støtter vi?",
        raised_by=eva, consent_by=mother, consent_on=dt.date(2026, 10, 5), advice="Faste rutiner",
    )  # fmt: skip
    course = EarlyCourse.objects.create(
        municipality=municipality, child=child, institution=org["solsikken"], social_worker=sara,
        purpose="Forældresamtaler om søvn", started_on=dt.date(2026, 10, 10), planned_end_on=dt.date(2026, 12, 10),
    )  # fmt: skip
    course.criteria.add(EligibilityCriterion.objects.create(municipality=municipality, title="Søvnproblemer"))


def test_the_educator_sees_everything_recorded_with_the_legal_basis(client_for, eva, child, recorded):
    response = client_for(eva).get(URL.format(child.pk))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Trækker sig fra legen", "Sociale kompetencer", "Leg i små grupper", "Sulten om morgenen",
        "Talt med mor", "Faste rutiner", "Forældresamtaler om søvn", "Søvnproblemer",
        "artikel 6, stk. 1, litra e", "retssikkerhedslovens § 11 e", "barnets lov § 133", "artikel 15",
        "36 måneder", "01.10.2026",
    ]:  # fmt: skip
        assert text in html, text
    assert AuditEntry.objects.filter(
        actor=eva, action="people.child.viewed", child_id=child.pk, data__view="wellbeing_parents"
    ).exists()


def test_the_leader_can_print_it_as_pdf(client_for, lea, child, recorded):
    response = client_for(lea).get(f"/trivsel/barn/{child.pk}/foraeldre/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


@pytest.mark.parametrize("persona", ["kim", "frida", "mads", "ann", "sara", "hanne", "alice", "olga"])
def test_no_one_else_may_open_it(client_for, persona, request, eva, child, recorded):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(URL.format(child.pk)).status_code == 404
    assert client_for(user).get(f"/trivsel/barn/{child.pk}/foraeldre/pdf/").status_code == 404
    assert not AuditEntry.objects.filter(actor=user, child_id=child.pk).exists()
    assert client_for(eva).get(URL.format(child.pk)).status_code == 200
    assert client_for(eva).get(f"/trivsel/barn/{child.pk}/foraeldre/pdf/").status_code == 200
