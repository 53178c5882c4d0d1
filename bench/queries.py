"""Counting and timing SQL queries in-process (Django's test client in the script's own process), and
printing the slowest ones with their plans.

Django is imported inside the functions: django.setup() runs in common.migrate_and_setup().
"""

from __future__ import annotations

import time

from report import say


def close_db() -> None:
    from django.db import connections

    connections.close_all()


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


def explain(sql: str, params) -> list[str]:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    try:
        with connection.cursor() as cur:
            cur.execute(prefix + sql, params)
            rows = cur.fetchall()
    except Exception as e:  # a plan is a diagnostic, never a failure
        return [f"(no plan: {type(e).__name__}: {str(e)[:200]})"]
    if connection.vendor == "sqlite":
        return [str(r[-1]) for r in rows]
    return [r[0] for r in rows]


class Measured:
    """Queries of one request: the count from CaptureQueriesContext (transaction statements included),
    times from an execute wrapper (perf_counter; CaptureQueriesContext rounds to whole milliseconds)."""

    def __init__(self):
        self.timed: list[tuple[float, str, object]] = []  # (ms, sql template, params)
        self.count = 0
        self.total_ms = 0.0
        self.shown: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.timed.append(((time.perf_counter() - t0) * 1000, sql, params))

    def run(self, fn):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(self):
            t0 = time.perf_counter()
            result = fn()
            self.total_ms = (time.perf_counter() - t0) * 1000
        self.count = len(ctx.captured_queries)
        # COMMIT/ROLLBACK are logged by CaptureQueriesContext but do not pass the execute wrapper
        tx = [q for q in ctx.captured_queries if q["sql"] in ("COMMIT", "ROLLBACK")]
        rest = [q["sql"] for q in ctx.captured_queries if q["sql"] not in ("COMMIT", "ROLLBACK")]
        self.shown = rest if len(rest) == len(self.timed) else [t[1] for t in self.timed]
        self.tx_ms = sum(float(q["time"]) * 1000 for q in tx)
        return result

    @property
    def sql_ms(self) -> float:
        return sum(t[0] for t in self.timed) + self.tx_ms

    def slowest(self, n: int = 3) -> list[tuple[float, str, str, object]]:
        """(ms, sql as shown, sql template, params), slowest first."""
        rows = [(ms, self.shown[i], sql, params) for i, (ms, sql, params) in enumerate(self.timed)]
        return sorted(rows, key=lambda r: -r[0])[:n]


def show_slowest(heading: str, slow: list[tuple[str, str, list]]) -> None:
    """Print (label, user, Measured.slowest()) per request, with the plan of every SELECT over 2 ms."""
    say(f"\n{heading} (in-process; plans for SELECTs over 2 ms):")
    for label, user, top in slow:
        say(f"  {label} ({user}):")
        for ms, shown, sql, params in top:
            say(f"    {ms:7.1f} ms  {shown[:300]}{' …' if len(shown) > 300 else ''}")
            if ms > 2 and sql.lstrip().upper().startswith("SELECT"):
                for plan_line in explain(sql, params)[:30]:
                    say(f"               | {plan_line}")
