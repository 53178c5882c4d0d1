#!/usr/bin/env python3
"""Benchmark intake and worklists on SQLite and PostgreSQL with a large demo municipality.

    .venv/bin/python bench/intake.py [--children 100000] [--databases sqlite,postgres]
                                     [--requests 400] [--clients 8] [--page-requests 50]

For each database this script, in a fresh database (SQLite: a temp file; PostgreSQL: a throwaway
cluster from scripts/pgcluster.py, which re-invokes this script with --inner):

1. migrates and builds Demokommune with `tidlig demo` at a small size, counts the SQL queries of
   every worklist page in-process (Django test client + CaptureQueriesContext), rebuilds it with
   `tidlig demo --children N --reset` (timed) and counts again, printing the slowest queries of
   each page with their plan (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE);
2. creates API tokens with `tidlig token` and starts a real server on a free port of 127.0.0.1
   (DEBUG=0): bench/serve.py, which is `tidlig runserver --noreload` with TCP_NODELAY (see there), or
   plain runserver with --server runserver;
3. worklist latency: logs in through the login form (CSRF + session cookie) as modtagelse,
   raadgiver and teamleder and times --page-requests sequential GETs of their HTML worklist and of
   GET /api/v1/worklist (bearer token), printing p50/p95;
4. throughput: --clients threads POST /api/v1/notifications (distinct Idempotency-Keys, existing
   children, received now, professional notifier) and prints notifications/s, p50/p95, non-201;
5. worklist latency again, now with the burst of new, unhandled notifications.

See bench/README.md for the limitations and the numbers measured.

It prints numbers only; nothing is asserted about timing. All traffic goes to 127.0.0.1; the server
is always stopped. Standard library only (plus Tidlig itself, in-process, for the query counts).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (bench/common.py: options, one run per database, the inner run, the demo)
import queries  # noqa: E402  (bench/queries.py: in-process query counts, the slowest queries' plans)
import report  # noqa: E402  (bench/report.py: printing, latencies, the summary tables)
import server  # noqa: E402  (bench/server.py: the server, keep-alive HTTP, logins)
from common import MUNICIPALITY_CODE, manage  # noqa: E402
from queries import Measured, close_db  # noqa: E402
from report import pct, say  # noqa: E402
from server import HOST, Http, cookie_header  # noqa: E402

# (label, user, path, kind) – kind "html" uses the login session, "api" a bearer token.
PAGES = [
    ("reception page", "modtagelse", "/underretninger/modtagelse/", "html"),
    ("caseworker page", "raadgiver", "/frister/", "html"),
    ("team page", "teamleder", "/team/", "html"),
    ("API worklist", "modtagelse", "/api/v1/worklist", "api"),
    ("API worklist", "raadgiver", "/api/v1/worklist", "api"),
    ("API worklist", "teamleder", "/api/v1/worklist", "api"),
]


USERS = ["modtagelse", "raadgiver", "teamleder"]


def summary(results: list[dict]) -> None:
    row = report.summary_table(results, width=46, column=22)
    row("notifications registered / s", [f"{r['throughput']['per_second']:.1f}" for r in results])
    row(
        "POST latency p50 / p95 (ms)",
        [f"{r['throughput']['p50_ms']:.0f} / {r['throughput']['p95_ms']:.0f}" for r in results],
    )
    row(
        "non-201 answers", [f"{r['throughput']['non_201']} of {r['throughput']['requests']}" for r in results]
    )
    for key, when in (
        ("pages_before", "as built"),
        ("pages", f"after +{results[0]['throughput']['requests']}"),
    ):
        say(f"worklist p50 / p95 ms over HTTP, {when}:")
        for i, (label, user, _path, _kind) in enumerate(PAGES):
            row(
                f"  {label} ({user})",
                [f"{r[key][i]['p50_ms']:.0f} / {r[key][i]['p95_ms']:.0f}" for r in results],
            )
    report.summary_queries(results, row)
    row(
        "  POST /api/v1/notifications",
        [f"{r['post_queries_small']['queries']} → {r['post_queries_large']['queries']}" for r in results],
    )
    say("goal in the issue: worklists p95 < 150 ms (not asserted here)")


def sizes() -> dict:
    from django.db import connection

    from tidlig.audit.models import AuditEntry
    from tidlig.intake.models import Notification
    from tidlig.organisation.models import Municipality, Staff
    from tidlig.people.models import Child
    from tidlig.timeline.models import Event, Obligation

    m = Municipality.objects.get(code=MUNICIPALITY_CODE)
    out = {
        "children": Child.objects.filter(municipality=m).count(),
        "notifications": Notification.objects.filter(municipality=m).count(),
        "events": Event.objects.count(),
        "obligations": Obligation.objects.count(),
        "open obligations": Obligation.objects.filter(is_open=True).count(),
        "audit entries": AuditEntry.objects.count(),
        "staff": Staff.objects.filter(municipality=m).count(),
    }
    users = {s.username: s for s in Staff.objects.filter(username__in=USERS)}
    if "raadgiver" in users:
        out["raadgiver: open obligations"] = Obligation.objects.filter(
            assignee=users["raadgiver"], is_open=True
        ).count()
    if "teamleder" in users and users["teamleder"].team_id:
        team = users["teamleder"].team_id
        out["teamleder's team: open obligations"] = Obligation.objects.filter(
            team_id=team, is_open=True
        ).count()
        out["teamleder's team: unassigned notifications"] = Notification.objects.filter(
            team_id=team, assignee__isnull=True
        ).count()
    out["reception: open acute/receipt obligations"] = Obligation.objects.filter(
        municipality=m, is_open=True, code__in=["acute_assessment", "receipt"]
    ).count()
    out["reception: unrouted unscreened notifications"] = Notification.objects.filter(
        municipality=m, team__isnull=True, screened_at__isnull=True
    ).count()
    out["database"] = connection.vendor
    return out


def count_queries(size_label: str, children: int, show_slow: bool) -> tuple[list[dict], dict]:
    """Queries per worklist page (and one POST) in-process, against the same database."""
    from django.test import Client

    from tidlig.organisation.models import Staff
    from tidlig.organisation.services import api_token_create
    from tidlig.people.models import Child

    say(
        f"\nSQL queries per page, in-process (test client; CaptureQueriesContext), {size_label} municipality "
        f"({children:,} children):"
    )
    say(f"  {'page':<18}{'user':<12}{'status':>7}{'queries':>9}{'sql ms':>9}{'total ms':>10}   slowest query")
    if queries.connection_vendor() == "sqlite":
        say(
            "  (SQLite: 'sql ms' is time in cursor.execute; rows after the first are stepped while "
            "fetching, so it under-counts)"
        )
    out = []
    slow_report = []

    def line(label, user, status, m: Measured) -> dict:
        top = m.slowest(1)
        say(
            f"  {label:<18}{user:<12}{status:>7}{m.count:>9}{m.sql_ms:>9.1f}{m.total_ms:>10.1f}   "
            + (f"{top[0][0]:.1f} ms" if top else "-")
        )
        if show_slow:
            slow_report.append((label, user, m.slowest(3)))
        return {
            "label": label,
            "user": user,
            "status": status,
            "queries": m.count,
            "sql_ms": m.sql_ms,
            "total_ms": m.total_ms,
        }

    from tidlig.demo.mfa import mark_verified

    staff = {s.username: s for s in Staff.objects.filter(username__in=USERS)}
    for label, user, path, _kind in PAGES:
        c = Client(HTTP_HOST=HOST)
        c.force_login(staff[user])
        mark_verified(c, staff[user])
        c.get(path)  # warm caches (templates, translations, connection)
        m = Measured()
        r = m.run(lambda c=c, path=path: c.get(path))
        out.append(line(label, user, r.status_code, m))
    # One POST /api/v1/notifications with a bearer token (the throughput request, counted once).
    token = api_token_create(staff=staff["modtagelse"], label="bench-queries")
    cpr = (
        Child.objects.filter(municipality__code=MUNICIPALITY_CODE, cpr__isnull=False, is_unborn=False)
        .order_by("-pk")
        .values_list("cpr", flat=True)
        .first()
    )
    c = Client(HTTP_HOST=HOST, HTTP_AUTHORIZATION=f"Bearer {token}")
    c.get("/api/v1/worklist")  # first use of the token updates last_used_at; not counted
    body = json.dumps(notification_body(cpr, "query count"))
    m = Measured()
    r = m.run(
        lambda: c.post(
            "/api/v1/notifications",
            data=body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=f"bench-queries-{uuid.uuid4()}",
        )
    )
    post = line("POST notification", "modtagelse", r.status_code, m)
    if show_slow:
        queries.show_slowest("Slowest queries per request at this size", slow_report)
    return out, post


def notification_body(cpr: str, note: str) -> dict:
    return {
        "child_cpr": cpr,
        "received_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "notifier": {
            "kind": "professional",
            "name": "Bente Benchmark",
            "role": "Lærer",
            "workplace": "Benchskolen",
            "email": "bente@example.invalid",
            "category": "2",
        },
        "text": f"Benchmark ({note}): barnet kommer ofte sultent i skole.",
        "reasons": ["child_wellbeing"],
    }


def throughput(port: int, token: str, cprs: list[str], requests: int, clients: int, run_id: str) -> dict:
    lock = threading.Lock()
    jobs = iter(range(requests))
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors: list[str] = []
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def worker():
        h = Http(port)
        try:
            while True:
                with lock:
                    i = next(jobs, None)
                if i is None:
                    return
                body = json.dumps(notification_body(cprs[i % len(cprs)], f"run {run_id} #{i}")).encode()
                t0 = time.perf_counter()
                try:
                    status, _h, data = h.request(
                        "POST",
                        "/api/v1/notifications",
                        body=body,
                        headers={**headers, "Idempotency-Key": f"bench-{run_id}-{i}"},
                    )
                except OSError as e:
                    status, data = 0, repr(e).encode()
                    h.close()
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(ms)
                    statuses[status] = statuses.get(status, 0) + 1
                    if status != 201 and len(errors) < 3:
                        errors.append(f"{status}: {data[:300].decode(errors='replace')}")
        finally:
            h.close()

    threads = [threading.Thread(target=worker, name=f"client-{n}", daemon=True) for n in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=900)
    wall = time.perf_counter() - t0
    created = statuses.get(201, 0)
    return {
        "requests": requests,
        "clients": clients,
        "wall_s": wall,
        "created": created,
        "per_second": created / wall if wall else 0.0,
        "p50_ms": pct(latencies, 50),
        "p95_ms": pct(latencies, 95),
        "max_ms": max(latencies, default=float("nan")),
        "non_201": requests - created,
        "statuses": statuses,
        "errors": errors,
    }


def page_latency(port: int, jars: dict, tokens: dict, n: int) -> list[dict]:
    out = []
    for label, user, path, kind in PAGES:
        h = Http(port)
        headers = (
            {"Cookie": cookie_header(jars[user])}
            if kind == "html"
            else {"Authorization": f"Bearer {tokens[user]}"}
        )
        h.request("GET", path, headers=headers)  # warm-up, not counted
        times, statuses, size, rows = [], {}, 0, 0
        for _ in range(n):
            t0 = time.perf_counter()
            status, _h, body = h.request("GET", path, headers=headers)
            times.append((time.perf_counter() - t0) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
            size, rows = len(body), rows_in(kind, body)
        h.close()
        out.append(
            {
                "label": label,
                "user": user,
                "path": path,
                "n": n,
                **report.latency_stats(times),
                "statuses": statuses,
                "bytes": size,
                "rows": rows,
            }
        )
    return out


def show_pages(when: str, pages: list[dict]) -> list[dict]:
    say(f"\nworklist latency over HTTP, {pages[0]['n']} sequential requests each (one client), {when}:")
    say(
        f"  {'page':<18}{'user':<12}{'path':<30}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'bytes':>9}"
        f"{'rows':>6}  statuses"
    )
    for p in pages:
        flag = "  p95 > 150 ms" if p["p95_ms"] > 150 else ""
        say(
            f"  {p['label']:<18}{p['user']:<12}{p['path']:<30}{p['p50_ms']:>8.0f}{p['p95_ms']:>8.0f}"
            f"{p['max_ms']:>8.0f}{p['bytes']:>9}{p['rows']:>6}  {p['statuses']}{flag}"
        )
    return pages


def rows_in(kind: str, body: bytes) -> int:
    """Table rows in an HTML page (<tr> incl. headers), or items in a worklist JSON answer."""
    if kind == "html":
        return body.count(b"<tr")
    try:
        data = json.loads(body)
    except ValueError:
        return -1
    return (
        sum(len(v) for v in data.get("groups", {}).values())
        + len(data.get("unassigned", []))
        + len(data.get("caseload", []))
    )


def inner(args) -> int:
    workdir, env = common.bench_env(args)
    result = common.new_result(args)
    common.migrate_and_setup(env, workdir)

    small = common.small_demo(env, args, workdir)
    result["queries_small"], result["post_queries_small"] = count_queries("small", small, show_slow=False)
    close_db()

    result["demo_seconds"], result["sizes"] = common.build_large_demo(env, args, workdir, args.inner, sizes)
    result["queries_large"], result["post_queries_large"] = count_queries(
        "large", args.children, show_slow=True
    )

    from tidlig.people.models import Child

    all_cprs = list(
        Child.objects.filter(municipality__code=MUNICIPALITY_CODE, cpr__isnull=False, is_unborn=False)
        .order_by("pk")
        .values_list("cpr", flat=True)
    )
    rng = random.Random(args.seed)
    cprs = rng.sample(all_cprs, min(args.requests, len(all_cprs)))
    close_db()

    tokens = {u: manage(env, "token", u, "--label", "bench")[1].strip() for u in USERS}
    say(f"\ntokens created with `tidlig token` for {', '.join(USERS)}; {len(cprs)} distinct children sampled")

    with server.serving(env, workdir, args.server, USERS) as (port, jars):
        # warm-up: the first request of each kind imports and compiles; not counted
        warm = Http(port)
        warm.request(
            "POST",
            "/api/v1/notifications",
            headers={
                "Authorization": f"Bearer {tokens['modtagelse']}",
                "Content-Type": "application/json",
                "Idempotency-Key": f"bench-warmup-{uuid.uuid4()}",
            },
            body=json.dumps(notification_body(cprs[-1], "warm-up")).encode(),
        )
        warm.close()

        result["pages_before"] = show_pages(
            "before the throughput run (the demo data as built)",
            page_latency(port, jars, tokens, args.page_requests),
        )

        run_id = uuid.uuid4().hex[:8]
        say(f"\nthroughput: {args.clients} clients, {args.requests} POST /api/v1/notifications …")
        tp = throughput(port, tokens["modtagelse"], cprs, args.requests, args.clients, run_id)
        result["throughput"] = tp
        say(
            f"  {tp['created']} registered in {tp['wall_s']:.1f} s = {tp['per_second']:.1f} notifications/s; "
            f"latency p50 {tp['p50_ms']:.0f} ms, p95 {tp['p95_ms']:.0f} ms, max {tp['max_ms']:.0f} ms; "
            f"non-201: {tp['non_201']} {tp['statuses']}"
        )
        for e in tp["errors"]:
            say(f"  e.g. {e}")

        result["pages"] = show_pages(
            f"after the throughput run ({tp['created']} more unhandled notifications)",
            page_latency(port, jars, tokens, args.page_requests),
        )

    from tidlig.intake.models import Notification

    stored = Notification.objects.filter(idempotency_key__startswith=f"bench-{run_id}-").count()
    say(f"stored notifications of this run: {stored} (201 answers: {result['throughput']['created']})")
    result["stored"] = stored
    close_db()
    return common.write_result(args, result)


def main(argv: list[str]) -> int:
    p = common.common_arguments(__doc__, small_children=1000, page_requests=50)
    p.add_argument("--requests", type=int, default=400)
    p.add_argument("--clients", type=int, default=8)
    return common.dispatch(p, argv, __file__, inner, summary, forward=("requests", "clients"))


if __name__ == "__main__":
    common.run(main)
