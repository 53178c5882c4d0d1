#!/usr/bin/env python3
"""Benchmark the case pages (the child page and the caseworker's deadlines) on SQLite and PostgreSQL.

    .venv/bin/python bench/cases.py [--children 100000] [--databases sqlite,postgres]
                                    [--small-children 2000] [--page-requests 60] [--rotate 20]

For each database this script, in a fresh database (SQLite: a temp file; PostgreSQL: a throwaway
cluster from scripts/pgcluster.py, which re-invokes this script with --inner):

1. migrates and builds Demokommune with `tidlig demo` at a small size and counts the SQL queries
   (in-process: Django test client + CaptureQueriesContext) of the child page /boern/<id>/ for the
   placed child with the fewest and the one with the most timeline events that raadgiver and
   teamleder own (same kind of page, only the number of rows differs), and of raadgiver's /frister/;
2. rebuilds it with `tidlig demo --children N --reset` (timed), runs ANALYZE on PostgreSQL, and counts
   again, printing the slowest queries of each page with their plan (EXPLAIN QUERY PLAN / EXPLAIN
   ANALYZE);
3. starts a real server (bench/serve.py = `tidlig runserver` with TCP_NODELAY, DEBUG=0), logs in
   through the login form as raadgiver and teamleder and times --page-requests sequential GETs of
   each page: /frister/, the child page of each user's largest child (most events, open case), and
   the child pages of the --rotate largest children of teamleder's team in turn; p50/p95/max.

It prints numbers only; nothing is asserted (the goal is p95 < 150 ms). Helpers come from
bench/common.py (options, runs per database, the demo), bench/server.py (server, login),
bench/queries.py (query timing and plans) and bench/report.py (percentiles, tables). All traffic goes
to 127.0.0.1; the server is always stopped.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (bench/common.py: options, one run per database, the inner run, the demo)
import queries  # noqa: E402  (bench/queries.py: in-process query counts, the slowest queries' plans)
import report  # noqa: E402  (bench/report.py: printing, latencies, the summary tables)
import server  # noqa: E402  (bench/server.py: the server, keep-alive HTTP, logins)
from queries import Measured  # noqa: E402
from report import say  # noqa: E402
from server import HOST, Http  # noqa: E402

USERS = ["raadgiver", "teamleder"]
GOAL_MS = 150


def summary(results: list[dict]) -> None:
    row = report.summary_table(results, width=52, column=24)
    for key in ("events", "measures", "obligations"):
        row(f"  {key}", [f"{r['sizes'].get(key, 0):,}" for r in results])
    report.summary_pages(results, row)
    report.summary_queries(results, row)
    say("events on the child pages counted (small child / large child), large municipality:")
    for r in results:
        say(f"  {r['database']}: " + ", ".join(f"{k} {v}" for k, v in r["children_used"].items()))
    say(f"goal: child page and /frister/ p95 < {GOAL_MS} ms (not asserted here)")


# --------------------------------------------------------------------------------------------------
# Inner: one database
# --------------------------------------------------------------------------------------------------


def sizes() -> dict:
    from django.db import connection

    from tidlig.cases.models import Case
    from tidlig.interventions.models import Measure
    from tidlig.organisation.models import Municipality
    from tidlig.people.models import Child
    from tidlig.timeline.models import Event, Obligation

    m = Municipality.objects.get(code=common.MUNICIPALITY_CODE)
    return {
        "children": Child.objects.filter(municipality=m).count(),
        "events": Event.objects.count(),
        "obligations": Obligation.objects.count(),
        "measures": Measure.objects.count(),
        "cases": Case.objects.count(),
        "database": connection.vendor,
    }


def pick_children(rotate: int) -> dict:
    """For each user, among the children they own (caseworker; the team leader's team):

    - "small" and "large" for the query counts: the placed children (an open case, a placement under
      way: every part of the page has rows, the § 21 sibling check runs) with the fewest and the most
      timeline events, so that only the number of rows differs;
    - "top" for the latencies: the children with an open case and the most events (the heaviest pages).
    """
    from django.db.models import Count

    from tidlig.organisation.models import Staff
    from tidlig.people.models import Child

    staff = {s.username: s for s in Staff.objects.filter(username__in=USERS)}
    own = {
        "raadgiver": Child.objects.filter(caseworker=staff["raadgiver"]),
        "teamleder": Child.objects.filter(caseworker__team_id=staff["teamleder"].team_id),
    }
    out: dict = {}
    for user, qs in own.items():
        placed = (
            qs.filter(
                cases__closed_at__isnull=True,
                measures__type__kind="placement",
                measures__started_on__isnull=False,
                measures__ended_on=None,
            )
            .distinct()
            .annotate(n=Count("events", distinct=True))
        )
        heavy = qs.filter(cases__closed_at__isnull=True).distinct().annotate(n=Count("events", distinct=True))
        top = list(heavy.order_by("-n", "pk").values_list("pk", "n")[: max(rotate, 1)])
        out[user] = {
            "small": placed.order_by("n", "pk").values_list("pk", "n").first(),
            "large": placed.order_by("-n", "pk").values_list("pk", "n").first(),
            "top": top,
        }
    return out


def child_query_pages(chosen: dict) -> list[tuple[str, str, str]]:
    pages = [("caseworker page /frister/", "raadgiver", "/frister/")]
    for user in USERS:
        for size in ("small", "large"):
            pk, n = chosen[user][size]
            pages.append((f"child page, {size} placed child ({n} events)", user, f"/boern/{pk}/"))
    return pages


def count_queries(label: str, chosen: dict, show_slow: bool) -> list[dict]:
    """Queries of each page in-process (test client), with the slowest ones and their plans."""
    from django.test import Client

    from tidlig.organisation.models import Staff

    say(f"\nSQL queries per page, in-process (test client; CaptureQueriesContext), {label} municipality:")
    say(f"  {'page':<44}{'user':<12}{'status':>7}{'queries':>9}{'sql ms':>9}{'total ms':>10}   slowest")
    from tidlig.demo.mfa import mark_verified

    staff = {s.username: s for s in Staff.objects.filter(username__in=USERS)}
    out, slow = [], []
    for page_label, user, path in child_query_pages(chosen):
        c = Client(HTTP_HOST=HOST)
        c.force_login(staff[user])
        mark_verified(c, staff[user])
        c.get(path)  # warm caches (templates, translations, connection)
        m = Measured()
        r = m.run(lambda c=c, path=path: c.get(path))
        top = m.slowest(1)
        say(
            f"  {page_label:<44}{user:<12}{r.status_code:>7}{m.count:>9}{m.sql_ms:>9.1f}{m.total_ms:>10.1f}   "
            + (f"{top[0][0]:.1f} ms" if top else "-")
        )
        # Same labels small and large municipality, so the summary lines up: drop the event count.
        out.append(
            {
                "label": page_label.split(" (")[0],
                "user": user,
                "status": r.status_code,
                "queries": m.count,
                "sql_ms": m.sql_ms,
                "total_ms": m.total_ms,
            }
        )
        if show_slow:
            slow.append((page_label, user, m.slowest(4)))
    if show_slow:
        queries.show_slowest("Slowest queries per page", slow)
    return out


def latency_pages(chosen: dict) -> list[tuple[str, str, list[str]]]:
    return [
        ("caseworker page /frister/", "raadgiver", ["/frister/"]),
        ("child page, largest child", "raadgiver", [f"/boern/{chosen['raadgiver']['top'][0][0]}/"]),
        ("child page, largest child", "teamleder", [f"/boern/{chosen['teamleder']['top'][0][0]}/"]),
        (
            f"child page, {len(chosen['teamleder']['top'])} largest in turn",
            "teamleder",
            [f"/boern/{pk}/" for pk, _n in chosen["teamleder"]["top"]],
        ),
    ]


def page_latency(port: int, jars: dict, chosen: dict, n: int) -> list[dict]:
    out = []
    say(f"\nlatency over HTTP, {n} sequential requests per page (one client, keep-alive):")
    say(f"  {'page':<40}{'user':<12}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'bytes':>9}  statuses")
    for label, user, paths in latency_pages(chosen):
        h = Http(port)
        headers = {"Cookie": server.cookie_header(jars[user])}
        for p in paths[:3]:
            h.request("GET", p, headers=headers)  # warm-up, not counted
        timed = report.time_requests(
            lambda i, h=h, paths=paths, headers=headers: h.request(
                "GET", paths[i % len(paths)], headers=headers
            ),
            n,
        )
        h.close()
        page = {"label": label, "user": user, **timed}
        report.say_page(page, 40, 12, GOAL_MS)
        out.append(page)
    return out


def inner(args) -> int:
    workdir, env = common.bench_env(args)
    result = common.new_result(args)
    common.migrate_and_setup(env, workdir)

    small = common.small_demo(env, args, workdir)
    result["queries_small"] = count_queries(f"small ({small:,} children)", pick_children(1), show_slow=False)
    queries.close_db()

    result["demo_seconds"], result["sizes"] = common.build_large_demo(env, args, workdir, args.inner, sizes)
    chosen = pick_children(args.rotate)
    result["children_used"] = {
        f"{u} {s}": f"#{chosen[u][s][0]} ({chosen[u][s][1]} events)"
        for u in USERS
        for s in ("small", "large")
    } | {f"{u} largest": f"#{chosen[u]['top'][0][0]} ({chosen[u]['top'][0][1]} events)" for u in USERS}
    say("children: " + ", ".join(f"{k} {v}" for k, v in result["children_used"].items()))
    result["queries_large"] = count_queries(f"large ({args.children:,} children)", chosen, show_slow=True)
    queries.close_db()

    with server.serving(env, workdir, args.server, USERS) as (port, jars):
        result["pages"] = page_latency(port, jars, chosen, args.page_requests)
    return common.write_result(args, result)


def main(argv: list[str]) -> int:
    p = common.common_arguments(__doc__)
    p.add_argument("--rotate", type=int, default=20, help="teamleder's largest children, requested in turn")
    return common.dispatch(p, argv, __file__, inner, summary, forward=("rotate",))


if __name__ == "__main__":
    common.run(main)
