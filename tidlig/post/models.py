"""The outbox: every letter to a citizen (receipts, decisions, other letters) and what became of it (issue 14 §4).

A letter is queued by the app that writes it, sent by the worker through the transport the settings choose
(`POST_TRANSPORT`: a MeMo file in a directory, or KOMBIT's Digital Post, SF1601), retried with backoff when
sending fails, and marked failed after the last try. Paper post is the fallback the caseworker records. The
time it was SENT is what starts a complaint period (RSL § 67, stk. 1; interventions turns it into LetterSent).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from tidlig.organisation.models import Municipality, Staff
from tidlig.people.models import Child


class Letter(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Venter på afsendelse")
        SENT = "sent", _("Sendt")
        DELIVERED = "delivered", _("Leveret")
        FAILED = "failed", _("Fejlet")
        PAPER_DUE = "paper_due", _("Skal sendes med posten")
        PAPER = "paper", _("Sendt med posten")

    class IdType(models.TextChoices):
        """How Digital Post addresses the recipient (MeMo `Recipient/idType`): a citizen by CPR number, a company
        or public authority by CVR number (a P-number or EAN is routing inside the CVR's mailbox, not an address)."""

        CPR = "CPR", _("CPR-nummer")
        CVR = "CVR", _("CVR-nummer")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    sender = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    # What the letter is about, for the app that wrote it (fx "decision", 12); post never reads it.
    source = models.CharField(max_length=40, blank=True)
    source_id = models.PositiveIntegerField(null=True, blank=True)
    subject = models.CharField(_("emne"), max_length=200)
    # The Digital Post address; empty for a letter that must go by paper post (no digital address known).
    recipient_id = models.CharField(_("modtagers CPR- eller CVR-nummer"), max_length=10, blank=True)
    recipient_id_type = models.CharField(max_length=3, choices=IdType.choices, default=IdType.CPR)
    recipient_name = models.CharField(_("modtager"), max_length=200)
    html = models.TextField()
    pdf = models.BinaryField(default=b"")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    message_uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    transport = models.CharField(max_length=20, blank=True)
    transaction_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    queued_at = models.DateTimeField(_("lagt i udbakken"))
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("leveret"), null=True, blank=True)
    failed_at = models.DateTimeField(_("fejlet"), null=True, blank=True)
    paper_sent_on = models.DateField(_("sendt med posten"), null=True, blank=True)

    class Meta:
        verbose_name = _("brev")
        verbose_name_plural = _("breve")
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["source", "source_id"], name="post_letter_source")]

    def __str__(self) -> str:
        return self.subject

    @property
    def recipient_id_display(self) -> str:
        if self.recipient_id_type == self.IdType.CPR and len(self.recipient_id) == 10:
            return f"{self.recipient_id[:6]}-{self.recipient_id[6:]}"
        return self.recipient_id

    @property
    def needs_paper(self) -> bool:
        """The caseworker must send it by paper post: no digital address, or Digital Post gave up."""
        return self.status in (self.Status.PAPER_DUE, self.Status.FAILED)
