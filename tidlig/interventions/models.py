"""Measures (indsatser) on the intervention staircase.

The spine needs to know whether a child has an ongoing § 32 measure or a placement (BL § 137);
the full catalogue, decisions and plans come with case handling.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tidlig.organisation.models import Municipality, Staff
from tidlig.people.models import Child


class Level(models.IntegerChoices):
    """Indsatstrappen (DESIGN.md § 3): moving down is the goal."""

    UNIVERSAL = 1, _("Almen indsats")
    PREVENTIVE = 2, _("Forebyggende indsats")
    SUPPORTIVE = 3, _("Hjemmebaseret / støttende indsats")
    NETWORK_CARE = 4, _("Anbringelse i netværk")
    FOSTER_CARE = 5, _("Anbringelse i plejefamilie")
    INSTITUTION = 6, _("Anbringelse på institution")


class MeasureType(models.Model):
    class Kind(models.TextChoices):
        PREVENTIVE = "preventive", _("Forebyggende (§ 30)")
        SUPPORTIVE = "supportive", _("Støttende (§ 32)")
        PLACEMENT = "placement", _("Anbringelse (§§ 46-47)")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="measure_types"
    )
    code = models.CharField(max_length=40)
    title = models.CharField(_("betegnelse"), max_length=150)
    paragraph = models.CharField(_("lovgrundlag"), max_length=60)
    kind = models.CharField(_("art"), max_length=12, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(_("trin"), choices=Level.choices)

    class Meta:
        verbose_name = _("indsatstype")
        verbose_name_plural = _("indsatstyper")
        unique_together = [("municipality", "code")]

    def __str__(self) -> str:
        return f"{self.title} ({self.paragraph})"


class Measure(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="measures")
    type = models.ForeignKey(MeasureType, on_delete=models.PROTECT, related_name="measures")
    decided_on = models.DateField(_("besluttet"))
    started_on = models.DateField(_("startet"), null=True, blank=True)
    ended_on = models.DateField(_("afsluttet"), null=True, blank=True)
    decided_by = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        indexes = [models.Index(fields=["child", "ended_on"])]

    def __str__(self) -> str:
        return str(self.type)
