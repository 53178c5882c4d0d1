#!/usr/bin/env python3
"""Benchmark `GET /api/v1/worklist` for every role with a worklist, after a burst of notifications.

    .venv/bin/python bench/worklist.py [--children 100000] [--databases postgres]
                                       [--requests 400] [--clients 4] [--page-requests 60]

For each database (PostgreSQL by default, the one the issue measured; `--databases sqlite,postgres` for
both) this script, in a fresh database (SQLite: a temp file; PostgreSQL: a throwaway cluster from
scripts/pgcluster.py, which re-invokes this script with --inner):

1. migrates and builds Demokommune with `tidlig demo --children N --reset` (timed; ANALYZE on PostgreSQL);
2. creates API tokens with `tidlig token` for modtagelse, raadgiver and teamleder and starts a real
   server (bench/serve.py, DEBUG=0);
3. POSTs a burst of --requests notifications from --clients threads (bench/intake.py's throughput():
   each with its own Idempotency-Key, existing children, received now), so reception's and the teams'
   worklists hold hundreds of new, unhandled rows;
4. times --page-requests sequential `GET /api/v1/worklist` per role with a bearer token (the default
   answer, and one page of 20 rows per section), printing p50/p95/max, bytes and rows;
5. counts the SQL queries of each call in-process (Django test client with the same token) and prints
   the slowest ones with their plan (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite).

It prints numbers only; nothing is asserted (the goal in issue 9 is p95 <= 50 ms for every role at
100,000 children). All traffic goes to 127.0.0.1; the server is always stopped. Helpers come from
bench/common.py, bench/server.py, bench/queries.py, bench/report.py and bench/intake.py.
"""

from __future__ import annotations

import json
import random
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (bench/common.py: options, one run per database, the inner run, the demo)
import intake  # noqa: E402  (bench/intake.py: the notification body, the throughput burst, sizes())
import queries  # noqa: E402  (bench/queries.py: in-process query counts, the slowest queries' plans)
import report  # noqa: E402  (bench/report.py: printing, latencies, the summary tables)
import server  # noqa: E402  (bench/server.py: the server, keep-alive HTTP, logins)
from common import MUNICIPALITY_CODE, manage  # noqa: E402
from queries import Measured  # noqa: E402
from report import say  # noqa: E402
from server import HOST, Http  # noqa: E402

USERS = ["modtagelse", "raadgiver", "teamleder"]
GOAL_MS = 50
# (label, query string): the default answer, and the first page of 20 rows per section.
CALLS = [("API worklist", ""), ("API worklist, limit=20", "?limit=20")]


def rows_in(body: bytes) -> int:
    """Rows in a worklist answer: every group, unassigned and caseload."""
    try:
        data = json.loads(body)
    except ValueError:
        return -1
    if not isinstance(data, dict):
        return -1
    return (
        sum(len(v) for v in data.get("groups", {}).values())
        + len(data.get("unassigned", []))
        + len(data.get("caseload", []))
    )


def latency(port: int, tokens: dict, n: int) -> list[dict]:
    out = []
    say(f"\nGET /api/v1/worklist over HTTP, {n} sequential requests per role (one client, keep-alive):")
    say(f"  {'call':<26}{'user':<12}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'bytes':>9}{'rows':>6}  statuses")
    for label, query in CALLS:
        for user in USERS:
            h = Http(port)
            headers = {"Authorization": f"Bearer {tokens[user]}"}
            path = "/api/v1/worklist" + query
            _s, _h, body = h.request("GET", path, headers=headers)  # warm-up, not counted
            timed = report.time_requests(
                lambda _i, h=h, path=path, headers=headers: h.request("GET", path, headers=headers), n
            )
            h.close()
            page = {"label": label, "user": user, "rows": rows_in(body), **timed}
            flag = f"  p95 > {GOAL_MS} ms" if page["p95_ms"] > GOAL_MS else ""
            say(
                f"  {label:<26}{user:<12}{page['p50_ms']:>8.0f}{page['p95_ms']:>8.0f}{page['max_ms']:>8.0f}"
                f"{page['bytes']:>9}{page['rows']:>6}  {page['statuses']}{flag}"
            )
            out.append(page)
    return out


def count_queries(tokens: dict) -> list[dict]:
    """Queries of each role's worklist call in-process, with the slowest ones and their plans."""
    from django.test import Client

    say("\nSQL queries per call, in-process (test client with the bearer token; CaptureQueriesContext):")
    say(f"  {'call':<26}{'user':<12}{'status':>7}{'queries':>9}{'sql ms':>9}{'total ms':>10}   slowest")
    out, slow = [], []
    for label, query in CALLS:
        for user in USERS:
            c = Client(HTTP_HOST=HOST, HTTP_AUTHORIZATION=f"Bearer {tokens[user]}")
            path = "/api/v1/worklist" + query
            c.get(path)  # warm caches (connection, translations, token last_used_at)
            m = Measured()
            r = m.run(lambda c=c, path=path: c.get(path))
            top = m.slowest(1)
            say(
                f"  {label:<26}{user:<12}{r.status_code:>7}{m.count:>9}{m.sql_ms:>9.1f}{m.total_ms:>10.1f}   "
                + (f"{top[0][0]:.1f} ms" if top else "-")
            )
            out.append(
                {"label": label, "user": user, "queries": m.count, "sql_ms": m.sql_ms, "total_ms": m.total_ms}
            )
            if not query:
                slow.append((label, user, m.slowest(4)))
    queries.show_slowest("Slowest queries per call", slow)
    return out


def summary(results: list[dict]) -> None:
    row = report.summary_table(results, width=46, column=24)
    row(
        f"burst: notifications registered (of {results[0]['burst']['requests']})",
        [f"{r['burst']['created']}" for r in results],
    )
    say("GET /api/v1/worklist p50 / p95 / max ms over HTTP, after the burst:")
    for i, page in enumerate(results[0]["pages"]):
        row(
            f"  {page['label']} ({page['user']})",
            [
                f"{r['pages'][i]['p50_ms']:.0f} / {r['pages'][i]['p95_ms']:.0f} / {r['pages'][i]['max_ms']:.0f}"
                for r in results
            ],
        )
    say("rows in the answer / SQL queries (in-process):")
    for i, page in enumerate(results[0]["pages"]):
        row(
            f"  {page['label']} ({page['user']})",
            [f"{r['pages'][i]['rows']} / {r['queries'][i]['queries']}" for r in results],
        )
    say(f"goal in issue 9: p95 <= {GOAL_MS} ms for every role (not asserted here)")


def inner(args) -> int:
    workdir, env = common.bench_env(args)
    result = common.new_result(args)
    common.migrate_and_setup(env, workdir)
    result["demo_seconds"], result["sizes"] = common.build_large_demo(
        env, args, workdir, args.inner, intake.sizes
    )

    from tidlig.people.models import Child

    all_cprs = list(
        Child.objects.filter(municipality__code=MUNICIPALITY_CODE, cpr__isnull=False, is_unborn=False)
        .order_by("pk")
        .values_list("cpr", flat=True)
    )
    cprs = random.Random(args.seed).sample(all_cprs, min(args.requests, len(all_cprs)))
    queries.close_db()

    tokens = {u: manage(env, "token", u, "--label", "bench")[1].strip() for u in USERS}
    say(f"tokens created with `tidlig token` for {', '.join(USERS)}")

    with server.serving(env, workdir, args.server, []) as (port, _jars):
        run_id = uuid.uuid4().hex[:8]
        say(f"\nburst: {args.clients} clients, {args.requests} POST /api/v1/notifications …")
        burst = intake.throughput(port, tokens["modtagelse"], cprs, args.requests, args.clients, run_id)
        say(f"  {burst['created']} registered in {burst['wall_s']:.1f} s; non-201: {burst['non_201']}")
        for e in burst["errors"]:
            say(f"  e.g. {e}")
        result["burst"] = burst
        result["pages"] = latency(port, tokens, args.page_requests)

    if args.inner == "postgres":
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("ANALYZE")  # the burst's rows, as autovacuum would see them after a while
    result["queries"] = count_queries(tokens)
    queries.close_db()
    return common.write_result(args, result)


def main(argv: list[str]) -> int:
    p = common.common_arguments(__doc__, page_requests=60)
    p.set_defaults(databases="postgres")
    p.add_argument("--requests", type=int, default=400, help="notifications in the burst")
    p.add_argument("--clients", type=int, default=4, help="threads posting the burst")
    return common.dispatch(p, argv, __file__, inner, summary, forward=("requests", "clients"))


if __name__ == "__main__":
    common.run(main)
