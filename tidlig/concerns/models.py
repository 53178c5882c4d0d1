"""Concerns (bekymringer) below the threshold of a notification, and the municipality's handleguide.

A concern is what an educator notices: observed, dated and followed up. The handleguide is the
municipality's guided path from "I am worried" to action — observe and describe, talk with the
parents, ask the cross-disciplinary team, and when BL § 133 applies, write a notification — and it
says who to call in an acute situation (beredskab).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tidlig.intake.models import Notification
from tidlig.organisation.models import Institution, Municipality, Staff
from tidlig.people.models import Child


class GuideStep(models.Model):
    class Kind(models.TextChoices):
        OBSERVE = "observe", _("Iagttag og beskriv")
        PARENTS = "parents", _("Tal med forældrene")
        TEAM = "team", _("Spørg det tværfaglige team")
        NOTIFY = "notify", _("Underret kommunen (§ 133)")
        ACUTE = "acute", _("Akut situation")
        OTHER = "other", _("Andet")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="guide_steps")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=150)
    guidance = models.TextField(_("vejledning"))
    # Who to call: the beredskab, the team's social worker, the police …
    contact = models.CharField(_("kontakt"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("trin i handleguiden")
        verbose_name_plural = _("handleguiden")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Concern(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Åben")
        CLOSED = "closed", _("Afsluttet")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("Bekymringen er væk")
        INSTITUTION = "institution", _("Fortsætter med institutionens egen indsats")
        TEAM = "team", _("Videre i det tværfaglige team")
        NOTIFICATION = "notification", _("Underretning sendt")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="concerns")
    institution = models.ForeignKey(
        Institution, on_delete=models.SET_NULL, null=True, blank=True, related_name="concerns"
    )
    raised_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="raised_concerns")
    observed_on = models.DateField(_("iagttaget"))
    observation = models.TextField(_("hvad er iagttaget"))
    follow_up_on = models.DateField(_("følges op"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("udfald"), max_length=15, choices=Outcome.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Raised from a red joint rating (wellbeing), or ended in a notification (intake).
    rating = models.ForeignKey(
        "wellbeing.Rating", on_delete=models.SET_NULL, null=True, blank=True, related_name="concerns"
    )
    notification = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="concerns"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bekymring")
        verbose_name_plural = _("bekymringer")
        ordering = ["-observed_on", "-pk"]
        indexes = [
            models.Index(fields=["institution", "status"]),
            models.Index(fields=["child", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.observed_on:%d.%m.%Y}: {self.observation[:60]}"


class ConcernEntry(models.Model):
    """One thing done on a concern, usually a handleguide step: append-only."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="entries")
    step = models.ForeignKey(GuideStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField(_("hvad skete der"))
    happened_on = models.DateField(_("dato"))
    recorded_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notat på bekymring")
        verbose_name_plural = _("notater på bekymringer")
        ordering = ["happened_on", "pk"]

    def __str__(self) -> str:
        return f"{self.happened_on:%d.%m.%Y}: {self.text[:60]}"
