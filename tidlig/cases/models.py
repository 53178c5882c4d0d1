"""The case file: the case itself, who else may see it, journal notes, afdækning, investigation, child
conversations. The spine (events and obligations) lives in `tidlig.timeline`."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tidlig.organisation.models import Municipality, Staff
from tidlig.people.models import Child, Person


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
        # Written by the family themself in Tidlig (issue 14 § 2); never by staff.
        FAMILY_MESSAGE = "family", _("Besked fra familien")

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="journal_notes")
    kind = models.CharField(_("type"), max_length=15, choices=Kind.choices)
    happened_on = models.DateField(_("dato"))
    # A caseworker's note has a staff author; a message the family sent (issue 14 § 2) has the citizen
    # instead (`from_person`), and no staff member can change it.
    author = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    from_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("fra")
    )
    written_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(_("notat"))
    # Parties have aktindsigt (forvaltningsloven § 9), but internal working documents are exempt (§ 12, stk. 1): a note
    # is hidden from the family until the caseworker chooses "vis for familien" (docs/law.md).
    for_family = models.BooleanField(_("vis for familien"), default=False)

    class Meta:
        verbose_name = _("journalnotat")
        verbose_name_plural = _("journalnotater")
        constraints = [
            models.CheckConstraint(
                condition=Q(author__isnull=False, from_person__isnull=True)
                | Q(author__isnull=True, from_person__isnull=False, for_family=True),
                name="journal_note_staff_or_family",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on:%d.%m.%Y}"

    @property
    def from_family(self) -> bool:
        return self.from_person_id is not None


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
        # The running ones, a few of many: the team leader's caseload counts them (issue 9).
        indexes = [models.Index(fields=["child"], condition=Q(concluded_on__isnull=True), name="asm_running")]

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
        # The running ones, a few of many: the team leader's caseload counts them (issue 9).
        indexes = [models.Index(fields=["child"], condition=Q(concluded_on__isnull=True), name="inv_running")]

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
