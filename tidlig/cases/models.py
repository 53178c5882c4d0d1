"""The spine: a child's timeline of events, and the obligations derived from them (DESIGN.md § 2)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tidlig.audit.models import AppendOnlyError, AppendOnlyQuerySet
from tidlig.organisation.models import Municipality, Staff, Team
from tidlig.people.models import Child
from tidlig.rules.casework import CASEWORK_TYPES
from tidlig.rules.obligations import OBLIGATION_TYPES, SCREENED, Status, obligation_status

ALL_TYPES = {**OBLIGATION_TYPES, **CASEWORK_TYPES}


class Event(models.Model):
    """Something that happened about a child. Append-only: a wrong event is corrected by a later one."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=80)  # dotted, e.g. intake.notification.received
    occurred_at = models.DateTimeField(_("tidspunkt"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # What the event is about, e.g. ("notification", 17); generic so later apps add their own.
    source = models.CharField(max_length=30, blank=True)
    source_id = models.BigIntegerField(null=True, blank=True)
    summary = models.CharField(_("resumé"), max_length=300)
    data = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("hændelse")
        verbose_name_plural = _("hændelser")
        indexes = [
            models.Index(fields=["child", "occurred_at"]),
            models.Index(fields=["source", "source_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("events are never changed; record a correcting event")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("events are never deleted")

    # Events recorded for a day, not a moment (stored at noon so the day is right in every time zone).
    DAY_KINDS = frozenset(
        {
            "interventions.measure.started",
            "interventions.measure.ended",
            "interventions.followup.held",
            "interventions.supervision.visited",
            "interventions.support_person.offered",
        }
    )

    @property
    def shows_time(self) -> bool:
        return self.kind not in self.DAY_KINDS

    @property
    def screening_note(self) -> str:
        """The justification a § 18 screening must carry, shown with its timeline entry."""
        if self.kind != SCREENED or not isinstance(self.data, dict):
            return ""
        return self.data.get("note", "")

    @property
    def display_summary(self) -> str:
        """The summary in the reader's language (recorded in Danish, with its msgid and arguments)."""
        meta = self.data.get("_summary") if isinstance(self.data, dict) else None
        if not meta:
            return self.summary
        args = {k: gettext(v) if isinstance(v, str) and v else v for k, v in meta.get("args", {}).items()}
        text = gettext(meta["msgid"])
        return text % args if args else text


class Obligation(models.Model):
    """A derived deadline, stored so that a worklist is one indexed query (see cases.services)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="obligations")
    code = models.CharField(max_length=40)
    source = models.CharField(max_length=30)
    source_id = models.BigIntegerField()
    due_at = models.DateTimeField()
    due_date = models.DateField()
    due_is_time = models.BooleanField(default=False)
    met_at = models.DateTimeField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    # Open = neither met nor waived; kept as a column for the partial indexes below.
    is_open = models.BooleanField(default=True)
    # Who must act: a team and, once assigned, a person.
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    assignee = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("frist")
        verbose_name_plural = _("frister")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id", "code"], name="obligation_unique_per_source"
            )
        ]
        indexes = [
            models.Index(fields=["assignee", "due_at"], condition=Q(is_open=True), name="obl_open_assignee"),
            models.Index(fields=["team", "due_at"], condition=Q(is_open=True), name="obl_open_team"),
            models.Index(fields=["child", "due_at"], name="obl_child"),
            models.Index(
                fields=["municipality", "code", "due_at"], condition=Q(is_open=True), name="obl_open_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.due_date:%Y-%m-%d}"

    @property
    def type(self):
        return ALL_TYPES[self.code]

    @property
    def title(self) -> str:
        return gettext(self.type.title)

    @property
    def law(self) -> str:
        return self.type.law

    def status_at(self, now) -> Status:
        return obligation_status(
            due_at=self.due_at, met_at=self.met_at, not_applicable=self.not_applicable, now=now
        )


class Case(models.Model):
    """A child's case (sag) is open from the first case decision until closed; reopening starts a new row."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cases")
    opened_at = models.DateTimeField(_("åbnet"))
    opened_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    closed_by = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    close_reason = models.TextField(_("begrundelse for lukning"), blank=True)

    class Meta:
        verbose_name = _("sag")
        verbose_name_plural = _("sager")
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(closed_at__isnull=True), name="one_open_case"
            )
        ]

    def __str__(self) -> str:
        return f"{self.child} ({self.opened_at:%d.%m.%Y})"


class CaseAccess(models.Model):
    """Someone the caseworker or team leader added to the case (need to know, BL and persondataloven)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="access_grants")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="case_access")
    granted_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("begrundelse"), max_length=200)

    class Meta:
        verbose_name = _("adgang til sag")
        verbose_name_plural = _("adgange til sager")
        unique_together = [("child", "staff")]

    def __str__(self) -> str:
        return f"{self.staff} → {self.child}"


class JournalNote(models.Model):
    """Notatpligt: every significant contact is a dated note on the timeline (Offentlighedsloven § 13)."""

    class Kind(models.TextChoices):
        CONVERSATION = "conversation", _("Samtale")
        PHONE = "phone", _("Telefon")
        MEETING = "meeting", _("Møde")
        HOME_VISIT = "home_visit", _("Hjemmebesøg")
        MAIL = "mail", _("Brev / e-mail")
        NOTE = "note", _("Notat")

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="journal_notes")
    kind = models.CharField(_("type"), max_length=15, choices=Kind.choices)
    happened_on = models.DateField(_("dato"))
    author = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(_("notat"))

    class Meta:
        verbose_name = _("journalnotat")
        verbose_name_plural = _("journalnotater")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on:%d.%m.%Y}"


class Assessment(models.Model):
    """Afdækning (BL § 19) of one or more named matters, with the professionals who know the child."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="assessments")
    notification_id = models.BigIntegerField(null=True, blank=True)
    started_on = models.DateField(_("startet"))
    started_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    matters = models.TextField(_("forhold der afdækkes"))
    professionals = models.TextField(_("inddragede fagpersoner"), blank=True)
    concluded_on = models.DateField(_("afsluttet"), null=True, blank=True)
    conclusion = models.TextField(_("konklusion"), blank=True)

    class Meta:
        verbose_name = _("afdækning")
        verbose_name_plural = _("afdækninger")

    def __str__(self) -> str:
        return f"{_('Afdækning')} {self.started_on:%d.%m.%Y}"


ICS_AREAS = [
    ("development", _("Udvikling og adfærd")),
    ("family", _("Familieforhold")),
    ("school", _("Skoleforhold")),
    ("health", _("Sundhedsforhold")),
    ("leisure", _("Fritidsforhold og venskaber")),
    ("other", _("Andre forhold")),
]


class Investigation(models.Model):
    """Børnefaglig undersøgelse (BL §§ 20–22), structured by the ICS areas with challenges and resources."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="investigations")
    notification_id = models.BigIntegerField(null=True, blank=True)
    aware_on = models.DateField(_("kommunen blev opmærksom på behovet"))
    started_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    # {"development": {"challenges": "...", "resources": "..."}, ...} for the six ICS areas (§ 22, stk. 1)
    areas = models.JSONField(default=dict, blank=True)
    preliminary_on = models.DateField(_("foreløbig vurdering"), null=True, blank=True)
    preliminary_text = models.TextField(_("foreløbig vurdering"), blank=True)
    concluded_on = models.DateField(_("afsluttet"), null=True, blank=True)
    conclusion = models.TextField(_("begrundet konklusion (§ 22, stk. 6)"), blank=True)

    class Meta:
        verbose_name = _("børnefaglig undersøgelse")
        verbose_name_plural = _("børnefaglige undersøgelser")

    def __str__(self) -> str:
        return f"{_('Børnefaglig undersøgelse')} {self.aware_on:%d.%m.%Y}"


class ChildConversation(models.Model):
    """The child's view before a decision (BL § 5, stk. 3), with a bisidder if the child wants one (§ 6)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="conversations")
    held_on = models.DateField(_("afholdt"))
    held_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    bisidder = models.CharField(_("bisidder (§ 6)"), max_length=200, blank=True)
    child_view = models.TextField(_("barnets synspunkter"))

    class Meta:
        verbose_name = _("børnesamtale")
        verbose_name_plural = _("børnesamtaler")

    def __str__(self) -> str:
        return f"{_('Børnesamtale')} {self.held_on:%d.%m.%Y}"
