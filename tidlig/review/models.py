"""Case review (sagsgennemgang, issue 12): a drawn sample of cases and the reviewer's answers per checkpoint.

The checkpoints, their paragraphs and the national rates are in `rules/review.py`; docs/review.md maps them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tidlig.organisation.models import Municipality, Staff, Team
from tidlig.people.models import Child
from tidlig.rules.review import Answer


class Review(models.Model):
    class Strata(models.TextChoices):
        NONE = "", _("Ingen (simpel tilfældig stikprøve)")
        TEAM = "team", _("Team")
        MEASURE = "measure", _("Indsatstype")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("titel"), max_length=150)
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    size = models.PositiveIntegerField(_("antal sager"))
    seed = models.BigIntegerField(_("frø (seed)"))
    strata = models.CharField(_("stratificering"), max_length=10, choices=Strata.choices, blank=True)
    population = models.PositiveIntegerField(default=0)  # how many cases the sample was drawn from
    drawn_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField()

    class Meta:
        verbose_name = _("sagsgennemgang")
        verbose_name_plural = _("sagsgennemgange")
        ordering = ["-drawn_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ReviewCase(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="cases")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    stratum = models.CharField(max_length=150, blank=True)
    findings = models.TextField(_("fund til teamlederen"), blank=True)
    findings_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["review", "child"], name="review_case_once")]

    def __str__(self) -> str:
        return f"{self.review} #{self.pk}"


ANSWERS = [(a.value, a.value) for a in Answer]


class ReviewAnswer(models.Model):
    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="answers")
    checkpoint = models.CharField(max_length=40)
    derived = models.CharField(max_length=20, choices=ANSWERS, blank=True)  # Tidlig's pre-answer
    evidence = models.JSONField(default=list, blank=True)
    answer = models.CharField(max_length=20, choices=ANSWERS, blank=True)  # the reviewer's; "" = not yet
    reason = models.TextField(_("begrundelse"), blank=True)
    answered_by = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["case", "checkpoint"], name="review_answer_once")]

    def __str__(self) -> str:
        return f"{self.checkpoint}: {self.answer or self.derived or '?'}"
