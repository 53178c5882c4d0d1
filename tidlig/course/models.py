"""The 12-week preventive course (§ 30-forløb, issue 13 § 3) as one unit.

A course is recorded as an `interventions.Measure` of the § 30 type (`bl30_4`, "andre forebyggende indsatser"),
so the child's staircase, the key figures and the spending pages count it without knowing this app; the
course row holds what makes it a course: its weeks, the two network meetings (planned through the `network`
app), the goals agreed with the family, the consultant or family worker, and its end with a result and a
reason. Its deadlines are derived by `tidlig.rules.course` and stored on the spine (source "course").
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tidlig.organisation.models import Municipality, Staff
from tidlig.people.models import Child
from tidlig.rules import course as rules


class CourseSettings(models.Model):
    """A municipality's own course length (practice, not law: 12 weeks by default)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="course_settings"
    )
    weeks = models.PositiveSmallIntegerField(_("forløbets længde (uger)"), default=rules.DEFAULT_WEEKS)
    start_meeting_weeks = models.PositiveSmallIntegerField(
        _("startmødet holdes inden (uger)"), default=rules.DEFAULT_START_MEETING_WEEKS
    )

    class Meta:
        verbose_name = _("opsætning af § 30-forløb")
        verbose_name_plural = _("opsætning af § 30-forløb")

    def __str__(self) -> str:
        return str(self.municipality)

    def length(self) -> rules.CourseLength:
        return rules.CourseLength(self.weeks, self.start_meeting_weeks)


class Origin(models.TextChoices):
    CHILD = "child", _("Startet fra barnets side")
    CROSSTEAM = "crossteam", _("Tidlig rådgivning i det tværfaglige team")
    SCREENING = "screening", _("Screening af en underretning")


class Result(models.TextChoices):
    GOAL_REACHED = rules.GOAL_REACHED, _("Målet er nået")
    CONTINUE = rules.CONTINUE, _("Fortsæt med et nyt forløb eller anden forebyggende hjælp")
    ESCALATE = rules.ESCALATE, _("Løft sagen (underretning eller børnefaglig undersøgelse)")


class Course(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="courses")
    # The § 30 measure the course is: what the staircase and key figures count.
    measure = models.OneToOneField(
        "interventions.Measure", on_delete=models.PROTECT, related_name="course", verbose_name=_("indsats")
    )
    caseworker = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="courses_owned", verbose_name=_("rådgiver")
    )
    worker = models.ForeignKey(
        Staff,
        on_delete=models.PROTECT,
        related_name="courses_worked",
        verbose_name=_("konsulent eller familiebehandler"),
    )
    origin = models.CharField(_("start"), max_length=10, choices=Origin.choices, default=Origin.CHILD)
    notification = models.ForeignKey(
        "intake.Notification", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    crossteam_item = models.ForeignKey(
        "crossteam.MeetingItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_on = models.DateField(_("startet"))
    weeks = models.PositiveSmallIntegerField(_("uger"))
    start_meeting_weeks = models.PositiveSmallIntegerField(_("startmødet holdes inden (uger)"))
    purpose = models.TextField(_("formål"), blank=True)
    goals = models.TextField(_("mål aftalt med familien"), blank=True)
    start_meeting = models.OneToOneField(
        "network.NetworkMeeting", on_delete=models.PROTECT, null=True, blank=True, related_name="course_start"
    )
    end_meeting = models.OneToOneField(
        "network.NetworkMeeting", on_delete=models.PROTECT, null=True, blank=True, related_name="course_end"
    )
    result = models.CharField(_("resultat"), max_length=15, choices=Result.choices, blank=True)
    result_reason = models.TextField(_("begrundelse"), blank=True)
    ended_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("§ 30-forløb")
        verbose_name_plural = _("§ 30-forløb")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["child", "started_on"], name="course_child_started")]

    def __str__(self) -> str:
        return f"{self.child} {self.started_on:%d.%m.%Y}"

    @property
    def planned_end_on(self):
        return rules.planned_end(self.started_on, self.weeks)

    @property
    def is_open(self) -> bool:
        return self.ended_at is None
