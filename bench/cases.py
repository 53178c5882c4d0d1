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

It prints numbers only; nothing is asserted (the goal is p95 < 150 ms). Helpers (server, login,
percentiles, query timing and plans) come from bench/intake.py. All traffic goes to 127.0.0.1; the
server is always stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common as base  # noqa: E402  (bench/common.py)
from common import HOST, ROOT, Http, Measured, pct, run_per_database, say  # noqa: E402

USERS = ["raadgiver", "teamleder"]


# --------------------------------------------------------------------------------------------------
# Outer: one inner run per database
# --------------------------------------------------------------------------------------------------


def outer(args) -> int:
    script_args = [
        "--children",
        str(args.children),
        "--small-children",
        str(args.small_children),
        "--page-requests",
        str(args.page_requests),
        "--rotate",
        str(args.rotate),
        "--seed",
        str(args.seed),
        "--server",
        args.server,
    ]
    return run_per_database(Path(__file__).resolve(), args, script_args, summary)


def summary(results: list[dict]) -> None:
    say(
        f"\n{'=' * 100}\nSUMMARY ({os.cpu_count()} cores)\n{base.limitations(results[0]['server'])}\n{'=' * 100}"
    )
    width = 52

    def row(label, values):
        say(f"{label:<{width}}" + "".join(f"{v:>24}" for v in values))

    row("", [r["database"] for r in results])
    row("children in Demokommune", [f"{r['sizes'].get('children', '?'):,}" for r in results])
    row(f"demo --children {results[0]['children']:,} (s)", [f"{r['demo_seconds']:.1f}" for r in results])
    for key in ("events", "measures", "obligations"):
        row(f"  {key}", [f"{r['sizes'].get(key, 0):,}" for r in results])
    say("p50 / p95 / max ms over HTTP (sequential, one client):")
    for i, page in enumerate(results[0]["pages"]):
        row(
            f"  {page['label']} ({page['user']})",
            [
                f"{r['pages'][i]['p50_ms']:.0f} / {r['pages'][i]['p95_ms']:.0f} / {r['pages'][i]['max_ms']:.0f}"
                for r in results
            ],
        )
    say("SQL queries per request (in-process), small → large municipality:")
    for i, q in enumerate(results[0]["queries_small"]):
        row(
            f"  {q['label']} ({q['user']})",
            [f"{r['queries_small'][i]['queries']} → {r['queries_large'][i]['queries']}" for r in results],
        )
    say("events on the child pages counted (small child / large child), large municipality:")
    for r in results:
        say(f"  {r['database']}: " + ", ".join(f"{k} {v}" for k, v in r["children_used"].items()))
    say("goal: child page and /frister/ p95 < 150 ms (not asserted here)")


# --------------------------------------------------------------------------------------------------
# Inner: one database
# --------------------------------------------------------------------------------------------------


def sizes() -> dict:
    from django.db import connection

    from tidlig.cases.models import Case, Event, Obligation
    from tidlig.interventions.models import Measure
    from tidlig.organisation.models import Municipality
    from tidlig.people.models import Child

    m = Municipality.objects.get(code=base.MUNICIPALITY_CODE)
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
    staff = {s.username: s for s in Staff.objects.filter(username__in=USERS)}
    out, slow = [], []
    for page_label, user, path in child_query_pages(chosen):
        c = Client(HTTP_HOST=HOST)
        c.force_login(staff[user])
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
        say("\nSlowest queries per page (in-process; plans for SELECTs over 2 ms):")
        for page_label, user, top in slow:
            say(f"  {page_label} ({user}):")
            for ms, shown, sql, params in top:
                say(f"    {ms:7.1f} ms  {shown[:300]}{' …' if len(shown) > 300 else ''}")
                if ms > 2 and sql.lstrip().upper().startswith("SELECT"):
                    for plan_line in base.explain(sql, params)[:30]:
                        say(f"               | {plan_line}")
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
        headers = {"Cookie": base.cookie_header(jars[user])}
        for p in paths[:3]:
            h.request("GET", p, headers=headers)  # warm-up, not counted
        times, statuses, size = [], {}, 0
        for i in range(n):
            path = paths[i % len(paths)]
            t0 = time.perf_counter()
            status, _h, body = h.request("GET", path, headers=headers)
            times.append((time.perf_counter() - t0) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
            size = max(size, len(body))
        h.close()
        page = {
            "label": label,
            "user": user,
            "n": n,
            "p50_ms": pct(times, 50),
            "p95_ms": pct(times, 95),
            "max_ms": max(times),
            "statuses": statuses,
            "bytes": size,
        }
        flag = "  p95 > 150 ms" if page["p95_ms"] > 150 else ""
        say(
            f"  {label:<40}{user:<12}{page['p50_ms']:>8.0f}{page['p95_ms']:>8.0f}{page['max_ms']:>8.0f}"
            f"{size:>9}  {statuses}{flag}"
        )
        out.append(page)
    return out


def inner(args) -> int:
    signal.signal(signal.SIGTERM, base._on_sigterm)
    workdir = Path(args.workdir)
    db = args.inner
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tidlig.settings",
        DEBUG="0",
        SECRET_KEY="bench-" + uuid.uuid4().hex,
        ALLOWED_HOSTS=HOST,
        SECURE_COOKIES="0",
        LOG_LEVEL="WARNING",
        MEDIA_ROOT=str(workdir / "media"),
        PYTHONUNBUFFERED="1",
    )
    os.environ.update(env)
    url = env.get("DATABASE_URL", "")
    say(f"database: {db} ({url.split('@')[-1] if '@' in url else url})")
    result: dict = {"database": db, "children": args.children, "cores": os.cpu_count(), "server": args.server}

    seconds, _ = base.manage(env, "migrate", "--no-input", log=workdir / "migrate.log")
    say(f"migrate: {seconds:.1f} s")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    small = min(args.small_children, args.children)
    seconds, _ = base.manage(
        env,
        "demo",
        "--children",
        str(small),
        "--reset",
        "--seed",
        str(args.seed),
        log=workdir / "demo-small.log",
    )
    say(f"demo --children {small:,}: {seconds:.1f} s")
    result["queries_small"] = count_queries(f"small ({small:,} children)", pick_children(1), show_slow=False)
    base.close_db()

    result["demo_seconds"], result["sizes"] = base.build_large_demo(env, args, workdir, db, sizes)
    chosen = pick_children(args.rotate)
    result["children_used"] = {
        f"{u} {s}": f"#{chosen[u][s][0]} ({chosen[u][s][1]} events)"
        for u in USERS
        for s in ("small", "large")
    } | {f"{u} largest": f"#{chosen[u]['top'][0][0]} ({chosen[u]['top'][0][1]} events)" for u in USERS}
    say("children: " + ", ".join(f"{k} {v}" for k, v in result["children_used"].items()))
    result["queries_large"] = count_queries(f"large ({args.children:,} children)", chosen, show_slow=True)
    base.close_db()

    server = None
    try:
        server, port, _log = base.start_server(env, workdir, args.server)
        say(
            f"\nserver: {' '.join(base.SERVERS[args.server][1:])} {HOST}:{port} --noreload (pid {server.pid}, DEBUG=0)"
        )
        jars = {u: base.login(port, u) for u in USERS}
        say("logged in through the login form as " + ", ".join(USERS))
        result["pages"] = page_latency(port, jars, chosen, args.page_requests)
    finally:
        base.stop_server(server)
        say("server stopped")
    say(base.limitations(args.server))
    Path(args.result).write_text(json.dumps(result, indent=1, default=str))
    return 0


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--children", type=int, default=100_000)
    p.add_argument("--small-children", type=int, default=2000, help="size of the small municipality")
    p.add_argument("--databases", default="sqlite,postgres")
    p.add_argument("--page-requests", type=int, default=60)
    p.add_argument("--rotate", type=int, default=20, help="teamleder's largest children, requested in turn")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--server", choices=sorted(base.SERVERS), default="nodelay")
    p.add_argument("--timeout-minutes", type=float, default=120, help="per database, then it is stopped")
    p.add_argument("--demo-timeout-minutes", type=float, default=90)
    p.add_argument("--inner", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    p.add_argument("--workdir", help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.inner:
        return inner(args)
    args.databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    unknown = set(args.databases) - {"sqlite", "postgres"}
    if unknown:
        p.error(f"unknown database(s): {', '.join(sorted(unknown))}")
    return outer(args)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except base.Stop as e:
        say(f"stopped by {e}")
        sys.exit(143)
