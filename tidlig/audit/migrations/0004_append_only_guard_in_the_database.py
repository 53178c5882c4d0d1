"""The database itself refuses UPDATE and DELETE of audit rows (ASVS 4.0 V7.3.3: logs protected from
modification), so a bug, a shell or a careless script cannot rewrite the log through the ORM's back door.

A deliberate purge (retention, demo reset, test flush; see models.purging) lifts the DELETE guard for its
own transaction. UPDATE is never allowed.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('tidlig.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_auditentry is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditentry_append_only
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_auditentry_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_auditentry_append_only();
"""

SQLITE_FORWARD = [
    """CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit_auditentry is append-only: UPDATE refused'); END""",
    # tidlig_audit_purge_allowed() is registered on every connection (apps.py); a connection without it
    # (the sqlite3 shell) cannot delete at all.
    """CREATE TRIGGER audit_auditentry_no_delete BEFORE DELETE ON audit_auditentry
       WHEN NOT tidlig_audit_purge_allowed()
       BEGIN SELECT RAISE(ABORT, 'audit_auditentry is append-only: DELETE refused'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_delete",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            return  # another database: the ORM guards (models.py) still apply
        for sql in [statements] if isinstance(statements, str) else statements:
            schema_editor.execute(sql, None)  # no params: the PL/pgSQL "%" is not a placeholder

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_request_context_on_every_row")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
