"""Well-being ratings in daycare and school (trivselsvurdering, TOPI-style): periods, groups, ratings.

Ratings are made by educators for the children in their groups, twice a year. At least two
professionals rate each child independently (`individual`), then agree a `joint` rating. The health
visitor's first rating at 8–10 months is made with the parents and belongs to no institution period.
Ratings carry a snapshot of the child's age and sex so that anonymous overviews read only this table.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tidlig.organisation.models import District, Institution, Municipality, Staff
from tidlig.people.models import Child, Person


class Colour(models.TextChoices):
    GREEN = "green", _("Grøn – trives")
    YELLOW = "yellow", _("Gul – bekymrende trivsel")
    RED = "red", _("Rød – mistrivsel")


class Indicator(models.Model):
    """A dimension the municipality rates besides the overall colour (e.g. social skills)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="indicators")
    title = models.CharField(_("titel"), max_length=100)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    active = models.BooleanField(_("i brug"), default=True)

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title


class RatingPeriod(models.Model):
    """A rating window at one institution, e.g. "Efterår 2026" from 1 October to 15 November."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="rating_periods")
    title = models.CharField(_("navn"), max_length=100)
    opens_on = models.DateField(_("åbner"))
    closes_on = models.DateField(_("lukker"))

    class Meta:
        verbose_name = _("vurderingsperiode")
        verbose_name_plural = _("vurderingsperioder")
        ordering = ["-opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "opens_on"], name="period_unique_start"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="period_order"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, day: dt.date) -> bool:
        return self.opens_on <= day <= self.closes_on

    @property
    def half_year(self) -> str:
        """The half-year the period belongs to, e.g. "2026-2": how periods line up across institutions."""
        return f"{self.opens_on.year}-{1 if self.opens_on.month <= 6 else 2}"


class Group(models.Model):
    """A stue in a daycare or a klasse in a school, with its educators and children."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("navn"), max_length=100)
    educators = models.ManyToManyField(
        Staff, blank=True, related_name="wellbeing_groups", verbose_name=_("pædagoger/lærere")
    )
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("gruppe")
        verbose_name_plural = _("grupper")
        ordering = ["institution__name", "name"]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    """A child in a group from one day to another; the current members have no `left_on`."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="group_memberships")
    joined_on = models.DateField(_("startet"))
    left_on = models.DateField(_("stoppet"), null=True, blank=True)

    class Meta:
        verbose_name = _("barn i gruppe")
        verbose_name_plural = _("børn i grupper")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "child"], condition=Q(left_on__isnull=True), name="group_member_current"
            ),
        ]
        indexes = [models.Index(fields=["child", "left_on"])]

    def __str__(self) -> str:
        return f"{self.group}: {self.child_id}"


class Rating(models.Model):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Egen vurdering")
        JOINT = "joint", _("Fælles vurdering")
        HEALTH_VISITOR = "health_visitor", _("Sundhedsplejerskens vurdering")

    # Denormalised so that overviews aggregate this table alone, by institution, district and period.
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, null=True, blank=True, related_name="ratings"
    )
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    period = models.ForeignKey(
        RatingPeriod, on_delete=models.CASCADE, null=True, blank=True, related_name="ratings"
    )
    group = models.ForeignKey(Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="ratings")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="wellbeing_ratings")
    kind = models.CharField(_("type"), max_length=15, choices=Kind.choices)
    rater = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="wellbeing_ratings")
    colour = models.CharField(_("trivsel"), max_length=6, choices=Colour.choices)
    # {indicator id (as text): colour}; only the indicators that were rated.
    indicators = models.JSONField(_("indikatorer"), default=dict, blank=True)
    note = models.TextField(_("bemærkning"), blank=True)
    # Snapshot at rating time: anonymous overviews by age and sex never join the child.
    age_months = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    # Health visitor's rating: made with the parents (who took part).
    parents_present = models.CharField(_("forældre til stede"), max_length=200, blank=True)
    rated_at = models.DateTimeField(_("vurderet"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trivselsvurdering")
        verbose_name_plural = _("trivselsvurderinger")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "child", "rater"],
                condition=Q(kind="individual"),
                name="rating_one_individual_per_rater",
            ),
            models.UniqueConstraint(
                fields=["period", "child"], condition=Q(kind="joint"), name="rating_one_joint_per_period"
            ),
        ]
        indexes = [
            models.Index(fields=["child", "kind", "rated_at"]),
            models.Index(fields=["municipality", "kind", "rated_at"]),
            # Covers the anonymous overview's counts (wellbeing/overview.py): read from the index alone.
            models.Index(
                fields=[
                    "period",
                    "kind",
                    "colour",
                    "sex",
                    "age_months",
                    "institution",
                    "district",
                    "group",
                    "child",
                ],
                name="rating_overview_covering",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.get_kind_display()} {self.colour}"


class RatingFollowUp(models.Model):
    """What follows a yellow or red joint rating: focus points, what the institution does, the parents.

    Yellow: focus points and the institution's own action; the parents are told.
    Red: the parents are involved, the cross-disciplinary team is asked and the handleguide opens
    (a concern is raised, see the concerns app).
    """

    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="follow_up")
    focus_points = models.TextField(_("fokuspunkter"), blank=True)
    institution_action = models.TextField(_("det gør vi i institutionen"), blank=True)
    parents_informed_on = models.DateField(_("forældre orienteret"), null=True, blank=True)
    parents_response = models.TextField(_("forældrenes bemærkninger"), blank=True)
    team_requested_on = models.DateField(_("tværfagligt team spurgt"), null=True, blank=True)
    recorded_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("opfølgning på trivselsvurdering")
        verbose_name_plural = _("opfølgninger på trivselsvurderinger")

    def __str__(self) -> str:
        return f"{self.rating}"


class Transition(models.Model):
    """A handover summary (overgang) from daycare to school; only sent with the parents' consent."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="transitions")
    from_institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    to_institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="transitions_in")
    summary = models.TextField(_("overleveringsbeskrivelse"))
    consent_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("samtykke fra")
    )
    consent_on = models.DateField(_("samtykke givet"))
    # A parent withdrew the consent in Tidlig (issue 14 § 2): from then on the school no longer reads the
    # summary here; what it already read is not undone (databeskyttelsesforordningens art. 7, stk. 3).
    consent_withdrawn_on = models.DateField(_("samtykke trukket tilbage"), null=True, blank=True)
    consent_withdrawn_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    written_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("overgang")
        verbose_name_plural = _("overgange")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.from_institution} → {self.to_institution}"
