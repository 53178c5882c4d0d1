"""Notifications of concern (underretninger, BL §§ 132–138) and what reception does with them."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from tidlig.organisation.models import Municipality, Staff, Team
from tidlig.people.models import Child
from tidlig.rules.obligations import SCREENED as SCREENED_EVENT
from tidlig.rules.obligations import NotifierKind
from tidlig.timeline.models import Event

from .storage import attachment_storage


class NotifierKindChoices(models.TextChoices):
    PROFESSIONAL = NotifierKind.PROFESSIONAL, _("Fagperson (§ 133)")
    CITIZEN = NotifierKind.CITIZEN, _("Borger (§ 135)")
    ANONYMOUS = NotifierKind.ANONYMOUS, _("Anonym")
    MUNICIPALITY = NotifierKind.MUNICIPALITY, _("Anden kommune (§ 132)")


class NotifierCategory(models.TextChoices):
    """Who notified, in Danmarks Statistik's UND1 categories (UNDERRETERE), for the yearly reporting."""

    OTHER_MUNICIPALITY = "1", _("Anden kommune eller forvaltning")
    SCHOOL = "2", _("Skole eller andet uddannelsessted")
    DAYCARE = "3", _("Dagpleje, daginstitution, fritidshjem, klub eller SFO")
    HEALTH = "4", _("Sundhedsvæsenet")
    HEALTH_VISITOR = "5", _("Sundhedsplejerske eller tandlæge")
    POLICE = "6", _("Politi eller domstol")
    ANONYMOUS = "8", _("Anonym")
    PLACEMENT = "9", _("Anbringelsessted")
    ASSOCIATION = "10", _("Forening, frivillig organisation, krise-, misbrugs- eller asylcenter")
    CHILD = "12", _("Barnet eller den unge selv")
    FAMILY = "13", _("Familie eller bekendtskabskreds")
    OTHER = "11", _("Andre")


class Reason(models.TextChoices):
    """Reason categories for the concern; Tidlig's own list (DST's UND3 codes are not confirmed)."""

    VIOLENCE = "violence", _("Vold eller overgreb")
    SEXUAL_ABUSE = "sexual_abuse", _("Seksuelle overgreb")
    NEGLECT = "neglect", _("Omsorgssvigt")
    PARENT_ADDICTION = "parent_addiction", _("Misbrug hos forældre")
    PARENT_MENTAL = "parent_mental", _("Forældres psykiske vanskeligheder")
    DOMESTIC_CONFLICT = "domestic_conflict", _("Konflikter i hjemmet")
    CHILD_WELLBEING = "child_wellbeing", _("Barnets mistrivsel")
    CHILD_BEHAVIOUR = "child_behaviour", _("Barnets adfærd")
    SCHOOL_ABSENCE = "school_absence", _("Skolefravær")
    CRIME = "crime", _("Kriminalitet")
    CHILD_ADDICTION = "child_addiction", _("Barnets misbrug")
    HONOUR = "honour", _("Æresrelateret konflikt / negativ social kontrol")
    UNBORN = "unborn", _("Bekymring for ufødt barn")
    OTHER = "other", _("Andet")


class ScreeningDecision(models.TextChoices):
    """BL § 18, stk. 1, nr. 1–3."""

    NONE = "none", _("Ingen yderligere afdækning (§ 18, stk. 1, nr. 1)")
    AFDAEKNING = "afdaekning", _("Afdækning (§ 19)")
    UNDERSOEGELSE = "undersoegelse", _("Børnefaglig undersøgelse (§ 20)")


class Channel(models.TextChoices):
    RECEPTION = "reception", _("Registreret af modtagelsen")
    EDUCATOR = "educator", _("Indsendt af fagperson i Tidlig")
    API = "api", _("Modtaget via integration")


class Notification(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="notifications")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="notifications")
    received_at = models.DateTimeField(_("modtaget"))
    registered_at = models.DateTimeField(auto_now_add=True)
    registered_by = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)
    request_fingerprint = models.CharField(max_length=64, blank=True)

    notifier_kind = models.CharField(_("underretter"), max_length=15, choices=NotifierKindChoices.choices)
    notifier_category = models.CharField(
        _("underretterkategori"), max_length=3, choices=NotifierCategory.choices, blank=True
    )
    notifier_name = models.CharField(_("navn"), max_length=200, blank=True)
    notifier_role = models.CharField(_("stilling"), max_length=200, blank=True)
    notifier_workplace = models.CharField(_("arbejdssted"), max_length=200, blank=True)
    notifier_email = models.EmailField(_("e-mail"), blank=True)
    notifier_phone = models.CharField(_("telefon"), max_length=40, blank=True)
    notifier_address = models.CharField(_("adresse"), max_length=300, blank=True)
    notifier_staff = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="submitted_notifications"
    )
    text = models.TextField(_("bekymringen"))
    reasons = models.JSONField(_("årsager"), default=list, blank=True)
    # BL § 137: whether the child had § 32 support or a placement when this arrived.
    child_had_ongoing_measure = models.BooleanField(default=False)
    # Dialog-based notification (dialogbaseret underretning): drafted at a meeting with the parents
    # present; who took part and what the parents said travel with it (issue 4, concerns app).
    dialog_based = models.BooleanField(_("dialogbaseret"), default=False)
    dialog_participants = models.TextField(_("deltagere i dialogen"), blank=True)
    dialog_parents_view = models.TextField(_("forældrenes syn"), blank=True)

    # Current state, a projection of the events on the child's timeline (the events are the history).
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    assignee = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_notifications"
    )
    acute_assessed_at = models.DateTimeField(null=True, blank=True)
    acute_danger = models.BooleanField(null=True)
    acute_note = models.TextField(blank=True)
    receipt_sent_at = models.DateTimeField(null=True, blank=True)
    screened_at = models.DateTimeField(null=True, blank=True)
    screening_decision = models.CharField(max_length=15, choices=ScreeningDecision.choices, blank=True)
    feedback_sent_at = models.DateTimeField(null=True, blank=True)
    reassessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("underretning")
        verbose_name_plural = _("underretninger")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="notification_idempotency_key",
            )
        ]
        indexes = [
            models.Index(fields=["child", "received_at"]),
            models.Index(
                fields=["team", "received_at"], condition=Q(assignee__isnull=True), name="ntf_unassigned"
            ),
            models.Index(
                fields=["municipality", "received_at"],
                condition=Q(team__isnull=True, screened_at__isnull=True),
                name="ntf_unrouted",
            ),
            models.Index(fields=["notifier_staff", "received_at"]),
            models.Index(fields=["municipality", "received_at"]),
        ]

    def __str__(self) -> str:
        return f"{_('Underretning')} #{self.pk}"

    def has_event(self, kind: str) -> bool:
        return Event.objects.filter(source="notification", source_id=self.pk, kind=kind).exists()

    @cached_property
    def screening_note(self) -> str:
        """The § 18 screening's justification, kept in the screening event (the event is the record)."""
        if not self.screened_at:
            return ""
        data = (
            Event.objects.filter(source="notification", source_id=self.pk, kind=SCREENED_EVENT)
            .values_list("data", flat=True)
            .first()
        )
        return data.get("note", "") if isinstance(data, dict) else ""

    @property
    def concerns_abuse(self) -> bool:
        """The notification ticks violence or sexual abuse: the municipality's beredskab against abuse
        applies (BL § 15, stk. 2), and an undersøgelse must use the børnehus (BL §§ 124–125)."""
        return bool({Reason.VIOLENCE, Reason.SEXUAL_ABUSE} & set(self.reasons or []))

    @property
    def notifier_summary(self) -> str:
        """Who notified, in a few words for a worklist row: "Lærke Lærer, Testrup Skole", "Anonym"."""
        if self.notifier_kind == NotifierKindChoices.ANONYMOUS:
            return str(self.get_notifier_kind_display())
        parts = [p for p in (self.notifier_name, self.notifier_workplace) if p]
        return ", ".join(parts) or str(self.get_notifier_kind_display())

    @property
    def reason_labels(self) -> list[str]:
        labels = dict(Reason.choices)
        return [str(labels.get(r, r)) for r in self.reasons]


def attachment_path(instance: Attachment, filename: str) -> str:
    """A random name without the sender's file name or ending: even a web server wrongly pointed at
    MEDIA_ROOT could not guess it, nor serve it as a page. The original name is kept on the row."""
    return f"notifications/{instance.notification_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    notification = models.ForeignKey(Notification, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=attachment_storage)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")

    def __str__(self) -> str:
        return self.original_name


class Letter(models.Model):
    """A letter Tidlig drafted and someone sent: the receipt (§ 138, stk. 1) or feedback (§ 138, stk. 2)."""

    # Its letter in the outbox (tidlig/post) has this source and the letter's pk as source_id.
    OUTBOX_SOURCE = "intake_letter"

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Kvittering")
        FEEDBACK = "feedback", _("Tilbagemelding")

    class Medium(models.TextChoices):
        EMAIL = "email", _("E-mail")
        PRINT = "print", _("Brev (print)")
        DIGITAL_POST = "digital_post", _("Digital Post")
        PHONE = "phone", _("Telefonisk")

    notification = models.ForeignKey(Notification, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    medium = models.CharField(_("sendt som"), max_length=15, choices=Medium.choices)
    recipient = models.CharField(_("modtager"), max_length=300)
    subject = models.CharField(_("emne"), max_length=300)
    body = models.TextField(_("tekst"))
    # Empty while a Digital Post letter waits in the outbox (tidlig/post, source "intake_letter"): set when sent.
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    sent_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("brev")
        verbose_name_plural = _("breve")

    def __str__(self) -> str:
        return self.subject
