"""The default handleguide: the steps the issue names, § 133 quoted, and who to call when it is acute."""

from __future__ import annotations

from tidlig.concerns.defaults import BL_133_THRESHOLD, default_guide
from tidlig.concerns.models import GuideStep


def test_the_default_guide_walks_from_worry_to_notification(municipality):
    steps = default_guide(municipality)
    kinds = [s.kind for s in sorted(steps, key=lambda s: s.order)]
    assert kinds == ["acute", "observe", "parents", "team", "notify"]


def test_the_notification_step_quotes_the_threshold_of_section_133(municipality):
    default_guide(municipality)
    notify = GuideStep.objects.get(municipality=municipality, kind="notify")
    assert "§ 133, stk. 1" in notify.guidance
    assert BL_133_THRESHOLD in notify.guidance
    assert "får kendskab til eller grund til at antage" in notify.guidance
    assert "har været udsat for overgreb" in notify.guidance


def test_the_acute_step_names_the_municipalitys_phone_and_112(municipality):
    municipality.acute_phone = "70 11 22 33"
    municipality.save()
    default_guide(municipality)
    acute = GuideStep.objects.get(municipality=municipality, kind="acute")
    assert "70 11 22 33" in acute.contact
    assert "112" in acute.contact


def test_the_team_step_mentions_anonymous_or_with_consent(municipality):
    default_guide(municipality)
    team = GuideStep.objects.get(municipality=municipality, kind="team")
    assert "anonymt" in team.guidance
    assert "samtykke" in team.guidance


def test_a_municipality_that_has_a_guide_keeps_it(municipality):
    GuideStep.objects.create(municipality=municipality, kind="observe", title="Vores eget trin", guidance="…")
    steps = default_guide(municipality)
    assert [s.title for s in steps] == ["Vores eget trin"]
    assert GuideStep.objects.filter(municipality=municipality).count() == 1
