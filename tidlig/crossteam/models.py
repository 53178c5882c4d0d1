"""The cross-disciplinary team at a school or daycare, its meetings, and early advice without a case.

Each institution has a fixed team (a social worker, a PPR psychologist, a health visitor) with others
added when needed. The institution leader sets the agenda. An item is anonymous, or named with the
parents' recorded consent: RSL § 11 e, stk. 2 allows the exchange about a named child at one meeting
(a follow-up meeting only in special cases). Early advice (BL §§ 29–30, "for-forebyggelse") is a short
course with a family before any notification; the criteria that made the child eligible are recorded.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tidlig.organisation.models import Institution, Municipality, Staff
from tidlig.people.models import Child, Person


class Profession(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("Socialrådgiver")
    PSYCHOLOGIST = "psychologist", _("PPR-psykolog")
    HEALTH_VISITOR = "health_visitor", _("Sundhedsplejerske")
    OCCUPATIONAL_THERAPIST = "occupational", _("Ergoterapeut")
    PHYSIOTHERAPIST = "physio", _("Fysioterapeut")
    SPEECH = "speech", _("Tale-hørepædagog")
    SSP = "ssp", _("SSP-medarbejder")
    OTHER = "other", _("Anden fagperson")


FIXED_PROFESSIONS = (Profession.SOCIAL_WORKER, Profession.PSYCHOLOGIST, Profession.HEALTH_VISITOR)


class CrossTeamMember(models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="cross_team")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="cross_team_seats")
    profession = models.CharField(_("faglighed"), max_length=15, choices=Profession.choices)
    fixed = models.BooleanField(_("fast medlem"), default=True)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("medlem af tværfagligt team")
        verbose_name_plural = _("medlemmer af tværfagligt team")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "staff"], condition=Q(active=True), name="cross_team_member_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} ({self.get_profession_display()})"


class TeamMeeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        HELD = "held", _("Afholdt")
        CANCELLED = "cancelled", _("Aflyst")

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="team_meetings")
    starts_at = models.DateTimeField(_("tidspunkt"))
    place = models.CharField(_("sted"), max_length=150, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    minutes = models.TextField(_("referat (generelt)"), blank=True)
    next_meeting_on = models.DateField(_("næste møde"), null=True, blank=True)
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    held_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tværfagligt møde")
        verbose_name_plural = _("tværfaglige møder")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["institution", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.institution} {self.starts_at:%d.%m.%Y}"


class MeetingItem(models.Model):
    class Kind(models.TextChoices):
        ANONYMOUS = "anonymous", _("Anonym drøftelse")
        NAMED = "named", _("Drøftelse med navn (samtykke)")

    # Empty while the item is a proposal (an educator's, from a concern); the leader puts it on a meeting.
    meeting = models.ForeignKey(
        TeamMeeting, on_delete=models.CASCADE, null=True, blank=True, related_name="items"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("institution")
    )
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    # Anonymous: a description that does not identify the child, e.g. "dreng, 4 år".
    anonymous_label = models.CharField(_("beskrivelse uden navn"), max_length=150, blank=True)
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, null=True, blank=True, related_name="meeting_items"
    )
    question = models.TextField(_("hvad ønsker vi drøftet"))
    raised_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    concern = models.ForeignKey(
        "concerns.Concern", on_delete=models.SET_NULL, null=True, blank=True, related_name="meeting_items"
    )
    # Named items: the parents' consent (who, when, how) and their invitation.
    consent_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("samtykke fra"),
    )
    consent_on = models.DateField(_("samtykke givet"), null=True, blank=True)
    consent_note = models.CharField(_("hvordan samtykket er givet"), max_length=200, blank=True)
    consent_withdrawn_on = models.DateField(_("samtykke trukket tilbage"), null=True, blank=True)
    # Who withdrew it when a parent did so themself in Tidlig (issue 14 § 2); empty when staff recorded it.
    consent_withdrawn_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    follow_up_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opfølgning på punkt"),
    )
    # RSL § 11 e, stk. 2: a follow-up meeting on the same consent only "i særlige tilfælde" — say why.
    follow_up_reason = models.CharField(_("begrundelse for opfølgende møde"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    parents_invited = models.BooleanField(_("forældre inviteret"), default=False)
    parents_attended = models.BooleanField(_("forældre deltog"), null=True, blank=True)
    # Minutes of the item.
    advice = models.TextField(_("teamets råd"), blank=True)
    agreements = models.TextField(_("aftaler"), blank=True)
    responsible = models.CharField(_("hvem gør hvad"), max_length=300, blank=True)
    follow_up_on = models.DateField(_("opfølgning"), null=True, blank=True)

    class Meta:
        verbose_name = _("punkt på tværfagligt møde")
        verbose_name_plural = _("punkter på tværfaglige møder")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="anonymous", child__isnull=True)
                | Q(kind="named", child__isnull=False, consent_by__isnull=False, consent_on__isnull=False),
                name="meeting_item_named_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.anonymous_label or f"#{self.pk}"


class EligibilityCriterion(models.Model):
    """A municipality's criterion for early advice without a case (so the service is given evenly)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="early_criteria")
    title = models.CharField(_("kriterium"), max_length=150)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    active = models.BooleanField(_("i brug"), default=True)

    class Meta:
        verbose_name = _("kriterium for tidlig rådgivning")
        verbose_name_plural = _("kriterier for tidlig rådgivning")
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title


class EarlyCourse(models.Model):
    """A short course of advice with a family before any notification (BL § 29 rådgivning, § 30)."""

    class Outcome(models.TextChoices):
        COMPLETED = "completed", _("Afsluttet som planlagt")
        NOTIFICATION = "notification", _("Blev til en underretning")
        MEASURE = "measure", _("Blev til en indsats efter Barnets lov")
        OTHER = "other", _("Afsluttet af anden grund")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="early_courses")
    institution = models.ForeignKey(
        Institution, on_delete=models.SET_NULL, null=True, blank=True, related_name="early_courses"
    )
    social_worker = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="early_courses")
    meeting_item = models.ForeignKey(
        MeetingItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="early_courses"
    )
    criteria = models.ManyToManyField(
        EligibilityCriterion, related_name="courses", verbose_name=_("kriterier")
    )
    purpose = models.TextField(_("formål"))
    started_on = models.DateField(_("startet"))
    planned_end_on = models.DateField(_("planlagt slut"))
    ended_on = models.DateField(_("afsluttet"), null=True, blank=True)
    outcome = models.CharField(_("udfald"), max_length=15, choices=Outcome.choices, blank=True)
    notes = models.TextField(_("notater"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tidlig rådgivning uden sag")
        verbose_name_plural = _("tidlig rådgivning uden sag")
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"{self.started_on:%d.%m.%Y}: {self.purpose[:60]}"
