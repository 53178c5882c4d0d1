from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _register_sqlite_purge_function(sender, connection, **kwargs):
    """The SQLite trigger that refuses DELETE of audit rows asks this function whether a purge is on."""
    if connection.vendor == "sqlite":
        from .models import purge_allowed

        connection.connection.create_function("tidlig_audit_purge_allowed", 0, purge_allowed)


class AuditConfig(AppConfig):
    name = "tidlig.audit"
    verbose_name = _("Log")

    def ready(self):
        connection_created.connect(_register_sqlite_purge_function, dispatch_uid="tidlig_audit_purge_fn")
