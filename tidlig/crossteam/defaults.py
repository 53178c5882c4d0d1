"""A starting list of criteria for early advice without a case (BL §§ 29–30)."""

from __future__ import annotations

from django.db import transaction

from tidlig.organisation.models import Municipality

from .models import EligibilityCriterion

# Danish, as the municipality's own configuration is Danish; shown as entered, not translated.
DEFAULT_CRITERIA = [
    (
        "Bekymrende trivsel over tid",
        "Barnet er vurderet gul eller rød i to trivselsvurderinger i træk, uden at der er grundlag for en "
        "underretning.",
    ),
    ("Skolefravær", "Stigende eller bekymrende fravær, som skolen og forældrene ikke selv har vendt."),
    (
        "Forældre ønsker rådgivning",
        "Forældrene beder selv om hjælp til vanskeligheder i familien (BL § 29, stk. 1).",
    ),
    (
        "Belastning i familien",
        "Skilsmisse, sygdom, dødsfald eller andre forhold, der belaster barnet og familien.",
    ),
    ("Anbefalet af det tværfaglige team", "Teamet har drøftet barnet og anbefaler et kort forløb."),
]


@transaction.atomic
def default_criteria(municipality: Municipality) -> list[EligibilityCriterion]:
    """Create a sensible default list of criteria for `municipality` (kept if they already exist).

    These are EXAMPLES for the municipality to replace with its own, politically agreed criteria in
    the admin: the point (Herning's analysis) is that the criteria are written down and used evenly,
    not these particular ones.
    """
    created = []
    for order, (title, description) in enumerate(DEFAULT_CRITERIA, start=1):
        criterion, _ = EligibilityCriterion.objects.get_or_create(
            municipality=municipality, title=title, defaults={"description": description, "order": order}
        )
        created.append(criterion)
    return created
