"""The demo's one bulk insert: plain rows nothing points at yet (events, obligations, ratings, audit rows).

bulk_create builds a model instance per row and compiles SQL for every row and field, which was most of
the demo's time. Here each column gets its converter once: ids, numbers and text go as they are, dates
and datetimes as SQLite stores them (ISO text, datetimes in UTC as Django writes them) or as they are for
PostgreSQL, and anything else through the field's `get_db_prep_save`. Values missing from a row get the
field's default (auto_now/auto_now_add: now). On PostgreSQL the rows go in with COPY instead of executemany.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from django.db import connections, models, router
from django.utils import timezone

PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}


def _converter(field: models.Field, connection) -> Callable:
    kind = field.get_internal_type()
    if kind in PLAIN:
        return lambda v: v
    sqlite = connection.vendor == "sqlite"
    if kind == "DateTimeField":
        if not sqlite:
            return lambda v: v
        return lambda v: None if v is None else v.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    if kind == "DateField":
        return (lambda v: None if v is None else v.isoformat()) if sqlite else (lambda v: v)
    if kind == "JSONField":
        empty = field.get_db_prep_save({}, connection)  # most rows: prepared once
        return lambda v: empty if v == {} else field.get_db_prep_save(v, connection)
    return lambda v: field.get_db_prep_save(v, connection)


def insert(model: type[models.Model], rows: Sequence[dict], *, batch: int = 2000) -> int:
    """INSERT rows nothing points at yet, given as {attname: value}; returns how many."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    qn = connection.ops.quote_name
    fields = [f for f in model._meta.local_concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults = {
        f.attname: now
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
        else f.get_default()
        for f in fields
    }
    columns = [(f.attname, defaults[f.attname], _converter(f, connection)) for f in fields]
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: about five times faster than executemany for these row counts (psycopg 3).
            copy_sql = (
                f"COPY {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) FROM STDIN"
            )
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(tuple(conv(row.get(name, default)) for name, default, conv in columns))
            return len(rows)
        for i in range(0, len(rows), batch):
            prepared = [
                tuple(conv(row.get(name, default)) for name, default, conv in columns)
                for row in rows[i : i + batch]
            ]
            cursor.executemany(sql, prepared)
    return len(rows)
