"""Plans with concrete goals: barnets plan (§ 91), ungeplan (§ 108), helhedsorienteret plan (§ 110),
forældrehandleplan (§ 77). A new version of a plan is a new row; the newest is in force."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tidlig.interventions.models import Measure
from tidlig.organisation.models import Staff
from tidlig.people.models import Child


class Plan(models.Model):
    class Kind(models.TextChoices):
        CHILD = "child", _("Barnets plan (§ 91)")
        YOUTH = "youth", _("Ungeplan (§ 108)")
        HOLISTIC = "holistic", _("Helhedsorienteret plan (§ 110)")
        PARENT = "parent", _("Forældrehandleplan (§ 77)")

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(_("plan"), max_length=10, choices=Kind.choices)
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, null=True, blank=True, related_name="plans"
    )
    recorded_on = models.DateField(_("dato"))
    recorded_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("planens indhold"))

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("planer")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.recorded_on:%d.%m.%Y}"


class Goal(models.Model):
    """A concrete goal for the child's trivsel og udvikling (§ 92), with who works on it and how it goes."""

    class Status(models.TextChoices):
        OPEN = "open", _("I gang")
        ACHIEVED = "achieved", _("Nået")
        DROPPED = "dropped", _("Opgivet")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("mål"), max_length=300)
    owner = models.CharField(_("ansvarlig"), max_length=150)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.text
