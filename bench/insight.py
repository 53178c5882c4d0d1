#!/usr/bin/env python3
"""Benchmark the key-figure pages at 100,000 children and the worklists and child page at national size.

    .venv/bin/python bench/insight.py [--children 100000] [--databases sqlite,postgres]
                                      [--page-requests 30] [--national-scale 1.0] [--national-on postgres]

For each database (SQLite in a temp file; PostgreSQL in a throwaway cluster from scripts/pgcluster.py,
which re-invokes this script with --inner), in-process through Django's test client (DEBUG=0):

1. `build_small`: migrate, `tidlig demo --children 2000` (facts included); the query count of every page;
2. `build_large`: `tidlig demo --children N --reset` (timed with the facts it computes; ANALYZE);
3. `dashboards`: GET /noegletal/ (months, quarters, years), the staircase, spending and comparison pages
   and the API twin as the demo's analyst, p50/p95 and query counts small → large (charts drawn once
   before timing; their SVG cache is what a second visitor gets);
4. `worklists`: raadgiver's /frister/, teamleder's /team/, modtagelse's reception page and the API
   worklist, and the child page of raadgiver's child with the most obligations: p50/p95 at 100,000;
5. `national` (only on --national-on, PostgreSQL by default): `tidlig demo --municipalities 98 --scale S
   --no-facts` adds the country beside Demokommune (timed), ANALYZE, then the same worklists, child page
   and dashboards for Demokommune again, now in an installation of 1.2 million children (at S=1), next to
   its 100,000-children figures: every per-municipality query leads with the municipality, so the
   figures should stay within 20 %. The country's facts are left out (`--no-facts`): the pages of
   Demokommune read its own facts only, and the full refresh of 98 municipalities takes hours;
6. `committee_pdf`: the committee report as PDF (/noegletal/rapport.pdf, the last whole quarter) at 100,000
   children as the analyst: the first request (charts drawn, cold caches), then p50/p95 with the PDF kept
   (the same HTML gives the same PDF) and rendered anew each time (goal < 3 s).

It prints numbers only and asserts nothing. Goals (issue 11 §5): dashboard p95 < 200 ms; worklists and
child page at national size within 20 % of their 100,000-children figures. Functions are one per phase;
another phase (e.g. the committee PDF) is a function of its own called from `inner`.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (bench/common.py: options, one run per database, the inner run, the demo)
from common import manage  # noqa: E402
from queries import Measured  # noqa: E402
from report import say  # noqa: E402
from server import HOST  # noqa: E402  (bench_env allows this host only)

GOAL_MS = 200
PDF_GOAL_S = 3
DASHBOARDS = [
    ("/noegletal/ (months)", "/noegletal/"),
    ("/noegletal/?grain=Q", "/noegletal/?grain=Q"),
    ("/noegletal/?grain=Y", "/noegletal/?grain=Y"),
    ("/noegletal/trappen/", "/noegletal/trappen/"),
    ("/noegletal/oekonomi/", "/noegletal/oekonomi/"),
    ("/noegletal/sammenligning/", "/noegletal/sammenligning/"),
    ("/api/v1/metrics/keyfigures", "/api/v1/metrics/keyfigures"),
]
# (label, username, url); "{child}" is raadgiver's child with the most obligations.
WORKLISTS = [
    ("raadgiver /frister/", "raadgiver", "/frister/"),
    ("teamleder /team/", "teamleder", "/team/"),
    ("modtagelse /underretninger/modtagelse/", "modtagelse", "/underretninger/modtagelse/"),
    ("raadgiver /api/v1/worklist", "raadgiver", "/api/v1/worklist"),
    ("raadgiver child page /boern/{child}/", "raadgiver", "/boern/{child}/"),
]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def client_for(username: str):
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tidlig.organisation.models import Staff

    user = Staff.objects.get(username=username)
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def timed(client, url: str, n: int) -> dict:
    """GET url once (warm-up: charts drawn, caches filled), count its queries, then time n more."""
    assert client.get(url).status_code == 200, url
    m = Measured()
    m.run(lambda: client.get(url))
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {"p50": statistics.median(times), "p95": pct(times, 95), "max": max(times), "queries": m.count}


def show(label: str, r: dict, *, before: dict | None = None, goal: float | None = None) -> None:
    extra = ""
    if before is not None:
        change = r["p50"] / before["p50"] - 1
        extra = (
            f"  (was p50 {before['p50']:6.1f}, {change:+.0%}; queries {before['queries']} → {r['queries']})"
        )
    mark = "" if goal is None else ("  ok" if r["p95"] < goal else "  OVER GOAL")
    say(
        f"  {label:<42} p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms  max {r['max']:7.1f} ms  "
        f"{r['queries']:3} queries{extra}{mark}"
    )


def raadgiver_child() -> int:
    from django.db.models import Count

    from tidlig.people.models import Child

    row = (
        Child.objects.filter(caseworker__username="raadgiver")
        .annotate(n=Count("obligations"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return row


def dashboards(n: int) -> dict:
    client = client_for("analytiker")
    out = {}
    for label, url in DASHBOARDS:
        out[label] = timed(client, url, n)
    return out


def worklists(n: int) -> dict:
    child = raadgiver_child()
    out = {}
    for label, username, url in WORKLISTS:
        out[label] = timed(client_for(username), url.format(child=child), n)
    return out


def analyze(db: str) -> None:
    if db == "postgres":
        from django.db import connection

        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        say(f"ANALYZE: {time.perf_counter() - t0:.1f} s")


def close() -> None:
    from django.db import connection

    connection.close()  # the builds run in other processes; start a fresh connection after them


def build_small(env, args, workdir) -> dict:
    common.migrate_and_setup(env, workdir)
    manage(env, "dst", "load-snapshot", log=workdir / "dst.log")
    small = common.small_demo(env, args, workdir)
    close()
    return {"children": small, "dashboards": dashboards(3), "worklists": worklists(3)}


def build_large(env, args, workdir) -> float:
    say(f"\ndemo --children {args.children:,} --reset (with its facts) …")
    seconds, _ = manage(
        env,
        "demo",
        "--children",
        str(args.children),
        "--reset",
        "--seed",
        str(args.seed),
        timeout=args.demo_timeout_minutes * 60,
        log=workdir / "demo-large.log",
    )
    say(f"  built in {seconds:.1f} s ({args.children / seconds:,.0f} children/s, facts included)")
    close()
    analyze(args.inner)
    return seconds


def national(env, args, workdir, large: dict) -> dict:
    say(f"\ndemo --municipalities 98 --scale {args.national_scale:g} --no-facts (beside Demokommune) …")
    seconds, _ = manage(
        env,
        "demo",
        "--municipalities",
        "98",
        "--scale",
        str(args.national_scale),
        "--no-facts",
        "--seed",
        str(args.seed),
        timeout=args.national_timeout_minutes * 60,
        log=workdir / "demo-national.log",
    )
    close()
    analyze(args.inner)
    from tidlig.organisation.models import Municipality
    from tidlig.people.models import Child

    children = Child.objects.count()
    say(
        f"  built in {seconds:.1f} s; the installation now holds {Municipality.objects.count()} municipalities "
        f"and {children:,} children"
    )
    result = {"seconds": seconds, "children": children, "worklists": worklists(args.page_requests)}
    say("worklists and child page at national size (Demokommune, 100,000 children, in the whole country):")
    for label, r in result["worklists"].items():
        show(label, r, before=large["worklists"][label])
    result["dashboards"] = dashboards(args.page_requests)
    say("dashboards at national size:")
    for label, r in result["dashboards"].items():
        show(label, r, before=large["dashboards"][label], goal=GOAL_MS)
    return result


def committee_pdf(n: int) -> dict:
    """GET /noegletal/rapport.pdf as the analyst: cold once, then n kept and n rendered anew."""
    from tidlig.metrics.report import clear_cache

    client = client_for("analytiker")
    url = "/noegletal/rapport.pdf"
    t0 = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-"), response.status_code
    cold = (time.perf_counter() - t0) * 1000
    say(
        f"committee PDF: first request (charts drawn, cold caches) {cold:.0f} ms, {len(response.content):,} bytes"
    )
    kept = timed(client, url, n)
    show("/noegletal/rapport.pdf (the same PDF kept)", kept, goal=PDF_GOAL_S * 1000)
    times = []
    for _ in range(n):
        clear_cache()
        t0 = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - t0) * 1000)
    anew = {
        "p50": statistics.median(times),
        "p95": pct(times, 95),
        "max": max(times),
        "queries": kept["queries"],
    }
    show("/noegletal/rapport.pdf (rendered anew)", anew, goal=PDF_GOAL_S * 1000)
    return {"cold_ms": cold, "kept": kept, "anew": anew}


def inner(args) -> int:
    workdir, env = common.bench_env(args)
    result = common.new_result(args)
    small = build_small(env, args, workdir)
    result["small"] = small
    result["build_seconds"] = build_large(env, args, workdir)
    large = {"dashboards": dashboards(args.page_requests), "worklists": worklists(args.page_requests)}
    result["large"] = large
    say(
        f"dashboards at {args.children:,} children (analytiker; queries small {small['children']:,} → large):"
    )
    for label, r in large["dashboards"].items():
        r["queries_small"] = small["dashboards"][label]["queries"]
        show(label, r, goal=GOAL_MS)
        say(f"  {'':<42} queries {r['queries_small']} → {r['queries']}")
    say(f"worklists and child page at {args.children:,} children:")
    for label, r in large["worklists"].items():
        r["queries_small"] = small["worklists"][label]["queries"]
        show(label, r)
        say(f"  {'':<42} queries {r['queries_small']} → {r['queries']}")
    if args.pdf_requests:
        result["pdf"] = committee_pdf(args.pdf_requests)
    if args.inner in args.national_on and args.national_scale > 0:
        try:
            result["national"] = national(env, args, workdir, large)
        except Exception as e:  # a timeout on a busy machine: keep what was measured
            say(f"national build not finished: {e}")
    return common.write_result(args, result)


def summary(results: list[dict]) -> None:
    say("\nsummary (p95 ms):")
    for r in results:
        say(f"  {r['database']}: demo --children {r['children']:,} in {r['build_seconds']:.0f} s")
        for label, x in r["large"]["dashboards"].items():
            say(f"    {label:<42} {x['p95']:7.1f}")
        if "national" in r:
            n = r["national"]
            say(f"    national: {n['children']:,} children, built in {n['seconds']:.0f} s")
            for label, x in n["worklists"].items():
                say(f"    {label:<42} {r['large']['worklists'][label]['p95']:7.1f} → {x['p95']:7.1f}")
        if "pdf" in r:
            say(
                f"    committee PDF, kept / rendered anew {r['pdf']['kept']['p95']:7.1f} / {r['pdf']['anew']['p95']:7.1f}"
            )


def main(argv: list[str]) -> int:
    parser = common.common_arguments(__doc__, page_requests=30)
    parser.add_argument("--national-scale", type=float, default=1.0, help="0: no national build")
    parser.add_argument("--national-on", default="postgres", help="databases that get the national build")
    parser.add_argument("--national-timeout-minutes", type=float, default=240)
    parser.add_argument("--pdf-requests", type=int, default=5, help="committee PDF requests (0: none)")
    return common.dispatch(
        parser,
        argv,
        __file__,
        inner,
        summary,
        forward=(
            "national_scale",
            "national_on",
            "national_timeout_minutes",
            "demo_timeout_minutes",
            "pdf_requests",
        ),
    )


if __name__ == "__main__":
    common.run(main)
