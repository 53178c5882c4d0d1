"""Kept facts: the key figures as Tidlig keeps them, aggregated per municipality, district and period.

The page and the API read these rows only; they never scan notifications, measures or obligations on page
load (issue 11, § 5). `facts.facts_refresh` recomputes a period from the source tables and replaces its
rows (idempotent: the same data gives the same rows). A period is one calendar month, quarter,
half-year or year (`grain`), stored whole, so a count of distinct children ("children notified in the
quarter") is right for the quarter and not a sum of its months.

A row is one number: `measure` (e.g. "notifications"), `key` (a breakdown, e.g. the kind of notifier;
"" for none) and `value`. `district` is null for children without a district; the municipality's figure
is the sum over its districts and the null row, except for distinct counts, kept as their own row with
`scope=municipality`.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from tidlig.organisation.models import District, Municipality, Team


class Grain(models.TextChoices):
    MONTH = "M", _("Måned")
    QUARTER = "Q", _("Kvartal")
    HALF_YEAR = "H", _("Halvår")
    YEAR = "Y", _("År")


class Fact(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    # Null with whole=True: the municipality as a whole; null with whole=False: children without a district.
    district = models.ForeignKey(District, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # The team of the child's caseworker, kept only for the staircase and spending facts (facts_stairs.py);
    # null elsewhere. A district's or the municipality's figure sums over the teams.
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    whole = models.BooleanField(default=False)
    grain = models.CharField(max_length=1, choices=Grain.choices)
    start = models.DateField()
    measure = models.CharField(max_length=40)
    key = models.CharField(max_length=60, blank=True)
    value = models.BigIntegerField()

    class Meta:
        verbose_name = _("nøgletal")
        verbose_name_plural = _("nøgletal")
        indexes = [
            models.Index(fields=["municipality", "grain", "start"], name="fact_municipality_period"),
        ]

    def __str__(self) -> str:
        return f"{self.grain}{self.start:%Y-%m} {self.measure}[{self.key}]={self.value}"


class DirtyMonth(models.Model):
    """A month whose facts are out of date (an event about it was recorded); the worker refreshes it."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    marked_at = models.DateTimeField(auto_now_add=True)  # first marked since the last refresh

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "month"], name="dirty_month_unique")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class Refresh(models.Model):
    """When a municipality's facts were last refreshed (shown on the page: the figures are as of then)."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField()
    # New at every refresh: what a page drawn from the facts is kept by (figures_html). Not the time, which
    # two refreshes can share (a pinned clock, or two within the clock's resolution).
    stamp = models.UUIDField(default=uuid.uuid4)

    def __str__(self) -> str:
        return f"{self.refreshed_at:%Y-%m-%d %H:%M}"
