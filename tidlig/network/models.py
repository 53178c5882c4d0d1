"""Involving network meetings (inddragende netværksmøder, issue 13 § 1): the meeting, its private network,
its agreements, the caseworkers' bookable slots and their personal calendar feeds.

One meeting row is both agenda and minutes. A meeting opens with the agreements of the child's previous
meeting (`previous`), whose status is kept on the agreement itself. The follow-up deadline
(`network_followup`) is derived by `tidlig.rules.network` and stored on the spine (source
"network_meeting").
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from tidlig.organisation.models import Institution, Municipality, Staff
from tidlig.people.models import Child, Person
from tidlig.rules import network as rules


class NetworkSettings(models.Model):
    """A municipality's own follow-up window (local practice; Herning's 6–8 weeks by default)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="network_settings"
    )
    followup_earliest_weeks = models.PositiveSmallIntegerField(
        _("opfølgende møde tidligst (uger)"), default=rules.FollowupWindow.earliest_weeks
    )
    followup_latest_weeks = models.PositiveSmallIntegerField(
        _("opfølgende møde senest (uger)"), default=rules.FollowupWindow.latest_weeks
    )

    class Meta:
        verbose_name = _("opsætning af netværksmøder")
        verbose_name_plural = _("opsætning af netværksmøder")

    def __str__(self) -> str:
        return str(self.municipality)

    def window(self) -> rules.FollowupWindow:
        return rules.FollowupWindow(self.followup_earliest_weeks, self.followup_latest_weeks)


class Context(models.TextChoices):
    NOTIFICATION = "notification", _("Efter en underretning")
    INVESTIGATION = "investigation", _("Under en børnefaglig undersøgelse")
    ADVICE = "advice", _("I et rådgivningsforløb")
    MEASURE = "measure", _("Opfølgning på en indsats")


class Outcome(models.TextChoices):
    CONTINUE = rules.CONTINUE, _("Fortsæt – der holdes et nyt møde")
    CLOSE = rules.CLOSE_GOAL_REACHED, _("Afslut – målet er nået")
    ESCALATE_NOTIFICATION = rules.ESCALATE_NOTIFICATION, _("Løft til en underretning")
    ESCALATE_INVESTIGATION = rules.ESCALATE_INVESTIGATION, _("Løft til en børnefaglig undersøgelse")
    OTHER_HELP = rules.OTHER_HELP, _("Anden hjælp")


class NetworkMeeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        HELD = "held", _("Holdt")
        CANCELLED = "cancelled", _("Aflyst")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="network_meetings")
    caseworker = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="network_meetings")
    # Why the meeting is held, and what it belongs to (a link to the notification, case or measure).
    context = models.CharField(_("anledning"), max_length=15, choices=Context.choices)
    notification = models.ForeignKey(
        "intake.Notification", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    measure = models.ForeignKey(
        "interventions.Measure", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The child's meeting before this one: its agreements open this meeting, and holding this one meets
    # the follow-up it owed.
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="followers"
    )
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    online_link = models.URLField(_("link til onlinemøde"), max_length=500, blank=True)
    # Who takes part
    child_takes_part = models.BooleanField(_("barnet deltager"), default=False)
    parents_take_part = models.BooleanField(_("forældrene deltager"), default=True)
    institution_participants = models.CharField(_("fra skole/dagtilbud"), max_length=300, blank=True)
    chair = models.CharField(
        _("neutral mødeleder"), max_length=200, blank=True, help_text=_("Har ingen myndighed i sagen.")
    )
    # The agenda and the minutes: one form
    purpose = models.TextField(_("formål"), blank=True)
    hard = models.TextField(_("familiens ord: det er svært"), blank=True)
    works = models.TextField(_("familiens ord: det går godt"), blank=True)
    goals = models.TextField(_("fælles mål"), blank=True)
    network_will = models.TextField(_("det vil netværket gøre"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    held_at = models.DateTimeField(_("holdt"), null=True, blank=True)
    outcome = models.CharField(_("udfald"), max_length=25, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("begrundelse for udfaldet"), blank=True)
    # iCalendar (RFC 5545): one UID for the meeting's life, SEQUENCE counts the changes sent.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("netværksmøde")
        verbose_name_plural = _("netværksmøder")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["child", "starts_at"], name="netmeeting_child"),
            models.Index(fields=["caseworker", "starts_at"], name="netmeeting_caseworker"),
        ]

    def __str__(self) -> str:
        return f"{self.child} {self.starts_at:%d.%m.%Y}"


class PrivateParticipant(models.Model):
    """Someone from the child's private network (a grandmother, a neighbour, a coach): free text."""

    meeting = models.ForeignKey(NetworkMeeting, on_delete=models.CASCADE, related_name="private_network")
    name = models.CharField(_("navn"), max_length=150)
    relation = models.CharField(_("relation til barnet"), max_length=100)

    class Meta:
        verbose_name = _("deltager fra privat netværk")
        verbose_name_plural = _("deltagere fra privat netværk")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relation})"


class Agreement(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("I gang")
        DONE = "done", _("Gennemført")
        NOT_DONE = "not_done", _("Ikke gennemført")
        DROPPED = "dropped", _("Droppet")

    # An agreement lives and dies with its meeting (a meeting is itself protected by its child).
    meeting = models.ForeignKey(NetworkMeeting, on_delete=models.CASCADE, related_name="agreements")
    text = models.CharField(_("aftale"), max_length=500)
    owner = models.CharField(_("ansvarlig"), max_length=150)
    due_on = models.DateField(_("senest"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    status_note = models.CharField(_("bemærkning til status"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("aftale")
        verbose_name_plural = _("aftaler")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text


class Slot(models.Model):
    """A fixed time a caseworker publishes; a school or daycare leader books it for a network meeting."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    caseworker = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="network_slots")
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The booking (one per slot)
    meeting = models.OneToOneField(
        NetworkMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="slot"
    )
    booked_by = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    booked_for = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    booked_at = models.DateTimeField(null=True, blank=True)
    consent_by = models.CharField(_("samtykke givet af"), max_length=200, blank=True)
    consent_on = models.DateField(_("samtykke givet"), null=True, blank=True)
    # The parent behind the free text, where one is known (issue 14 § 2): only a known parent can see and
    # withdraw the consent in Tidlig. The free text stays what the booker wrote.
    consent_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("samtykke fra"),
    )
    consent_withdrawn_on = models.DateField(_("samtykke trukket tilbage"), null=True, blank=True)
    consent_withdrawn_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bookbar tid")
        verbose_name_plural = _("bookbare tider")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["municipality", "starts_at"], name="netslot_municipality")]

    def __str__(self) -> str:
        return f"{self.caseworker} {self.starts_at:%d.%m.%Y %H:%M}"

    @property
    def is_free(self) -> bool:
        return self.meeting_id is None and self.withdrawn_at is None


class CalendarFeed(models.Model):
    """A caseworker's personal calendar feed: a secret URL (only its SHA-256 digest is stored), revocable."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="network_feeds")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")

    def __str__(self) -> str:
        return f"{self.staff} ({self.created_at:%d.%m.%Y})"
