"""The spine: a child's timeline of events, and the obligations derived from them (DESIGN.md § 2).

Every app that acts on a child writes here (through `timeline.services`) and the worklists read here
(`timeline.selectors`); the spine imports none of those apps. Until issue 9 both models lived in the
`cases` app; the migrations moved them here without copying a row (timeline 0001).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tidlig.audit.models import AppendOnlyError, AppendOnlyQuerySet
from tidlig.organisation.models import Municipality, Staff, Team
from tidlig.people.models import Child
from tidlig.rules.casework import CASEWORK_TYPES
from tidlig.rules.course import COURSE_TYPES
from tidlig.rules.network import NETWORK_TYPES
from tidlig.rules.obligations import OBLIGATION_TYPES, SCREENED, Status, obligation_status

ALL_TYPES = {**OBLIGATION_TYPES, **CASEWORK_TYPES, **NETWORK_TYPES, **COURSE_TYPES}


def counted(singular: str, plural: str) -> tuple[str, str]:
    """A summary that counts (its argument `n`): both forms are kept, so each reader gets ngettext's form
    in their own language (docs/style-da.md: every count goes through ngettext)."""
    return (singular, plural)


def summary_to_store(summary: str | tuple[str, str], args: dict | None) -> tuple[str, dict]:
    """The Danish summary an event stores, and its `_summary` data (msgid, plural, arguments)."""
    args = args or {}
    if isinstance(summary, tuple):
        singular, plural = summary
        text = singular if args["n"] == 1 else plural
        return (text % args)[:300], {"msgid": singular, "plural": plural, "args": args}
    return (summary % args if args else summary)[:300], {"msgid": summary, "args": args}


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
            models.Index(fields=["child", "occurred_at"], name="event_child_occurred"),
            models.Index(fields=["source", "source_id"], name="event_source"),
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
            "interventions.parent_plan.offered",
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
        text = (
            ngettext(meta["msgid"], meta["plural"], args["n"])
            if meta.get("plural")
            else gettext(meta["msgid"])
        )
        return text % args if args else text


class Obligation(models.Model):
    """A derived deadline, stored so that a worklist is one indexed query (see timeline.services)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="obligations")
    code = models.CharField(max_length=40)
    source = models.CharField(max_length=30)
    source_id = models.BigIntegerField()
    # 0 for a one-off obligation; 1, 2, … for the periods of a recurring one (§ 156, stk. 5 visits, § 79
    # offers): each period is its own row with its own status (issue 12).
    period = models.PositiveIntegerField(_("periode"), default=0)
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
                fields=["source", "source_id", "code", "period"], name="obligation_unique_per_period"
            )
        ]
        indexes = [
            models.Index(fields=["assignee", "due_at"], condition=Q(is_open=True), name="obl_open_assignee"),
            models.Index(fields=["team", "due_at"], condition=Q(is_open=True), name="obl_open_team"),
            models.Index(fields=["child", "due_at"], name="obl_child"),
            # The key figures' deadline facts (metrics.facts._obligations): one municipality's due dates in a
            # period, without reading the other municipalities' rows (issue 11 §5, the national installation).
            models.Index(fields=["municipality", "due_at"], name="obl_municipality_due"),
            models.Index(
                fields=["municipality", "code", "due_at"], condition=Q(is_open=True), name="obl_open_code"
            ),
        ]

    def __str__(self) -> str:
        suffix = f" #{self.period}" if self.period else ""
        return f"{self.code}{suffix} {self.due_date:%Y-%m-%d}"

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
