"""The audit log: who read or changed what, and when. Append-only."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from django.conf import settings
from django.db import connections, models, transaction
from django.utils.translation import gettext_lazy as _

# The database refuses UPDATE and DELETE of audit rows (migration 0004); a deliberate purge lifts the
# DELETE guard for its own transaction only: on PostgreSQL a transaction-local setting, on SQLite a
# function the trigger calls (registered on every connection in apps.py).
PG_PURGE_SETTING = "tidlig.audit_purge"
_purging: ContextVar[bool] = ContextVar("tidlig_audit_purging", default=False)


def purge_allowed() -> int:
    """Called by the SQLite trigger: 1 while purging() is active in this thread/context."""
    return int(_purging.get())


@contextlib.contextmanager
def purging(using: str = "default") -> Iterator[None]:
    """Lift the database's DELETE guard on the audit log: retention, a demo reset, a test flush."""
    token = _purging.set(True)
    conn = connections[using]
    pg = conn.vendor == "postgresql" and conn.in_atomic_block
    try:
        if pg:
            with conn.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [PG_PURGE_SETTING])
        yield
        # On an error the transaction (or savepoint) rolls back, and the setting with it.
        if pg:
            with conn.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', true)", [PG_PURGE_SETTING])
    finally:
        _purging.reset(token)


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    """Rows that are history: no update, no delete, except the deliberate purge()."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are never changed")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows are never deleted; use purge() for retention")

    def purge(self) -> int:
        """Remove rows for good: only for retention rules and for rebuilding the demo municipality."""
        with transaction.atomic(using=self.db), purging(self.db):
            return self._raw_delete(self.db)


class AuditEntry(models.Model):
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A citizen signed in at /borger/ (issue 14) is never a Staff user: the row names them by a keyed digest of
    # their CPR number (audit.services.citizen_key), never the number itself. Nullable with no default, so adding it
    # is ALTER TABLE ADD COLUMN and the append-only triggers of migration 0004 stay in place on SQLite.
    citizen = models.CharField(_("borger (nøgle)"), max_length=64, null=True, blank=True)
    municipality_id = models.IntegerField(null=True, blank=True)
    # Dotted action names: intake.notification.received, people.child.viewed …
    action = models.CharField(_("handling"), max_length=80)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    child_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)
    # The request that caused the row (see context.py): page or API operation, and from where.
    method = models.CharField(_("metode"), max_length=10, blank=True, default="")
    path = models.CharField(_("sti"), max_length=300, blank=True, default="")
    route = models.CharField(_("side eller API-kald"), max_length=120, blank=True, default="")
    ip = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)
    user_agent = models.CharField(_("browser/klient"), max_length=300, blank=True, default="")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("logpost")
        verbose_name_plural = _("log")
        indexes = [models.Index(fields=["actor", "at"]), models.Index(fields=["child_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries are never deleted")
