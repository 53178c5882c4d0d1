#!/usr/bin/env python3
"""Benchmark the key figures (/noegletal/) before and after kept facts, in-process, on SQLite.

    .venv/bin/python bench/insight.py [--children 100000] [--requests 30] [--workdir DIR]

1. migrates a fresh SQLite database in a temp directory and builds Demokommune with
   `tidlig demo --children N` (timed; the demo computes the facts at the end: timed again alone with
   `tidlig facts_refresh --all`);
2. before: times the aggregation /noegletal/ ran at page load until issue 11
   (metrics.selectors.intake_overview: notifications and deadlines scanned for 15 months);
3. after: times GET /noegletal/ (the whole page: kept facts, suppression, figures and their SVG) as
   the demo's analyst through Django's test client, first with a cold chart cache, then warm; and the
   API twin /api/v1/metrics/keyfigures; the staircase (/noegletal/trappen/) and spending
   (/noegletal/oekonomi/) pages, also from kept facts; with the number of SQL queries of each;
4. the committee report as PDF (/noegletal/rapport.pdf), cold and then p50/p95 (goal < 3 s).

It prints numbers only and asserts nothing (the goal is dashboard p95 < 200 ms). PostgreSQL and the
national size are not measured here (see the README's limits).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
GOAL_MS = 200
PDF_GOAL_S = 3


def say(msg: str = "") -> None:
    print(msg, flush=True)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def stats(label: str, times: list[float], queries: int | None = None) -> None:
    ms = [t * 1000 for t in times]
    extra = f", {queries} queries" if queries is not None else ""
    say(
        f"  {label:<44} p50 {statistics.median(ms):7.1f} ms  p95 {pct(ms, 95):7.1f} ms  "
        f"max {max(ms):7.1f} ms{extra}"
    )


def committee_pdf(client, timed, requests: int) -> None:
    """The committee report as PDF (issue 11 §3, GET /noegletal/rapport.pdf: the last whole quarter), as the
    demo's analyst: the first request (charts drawn, cold cache), then p50/p95 warm; goal < 3 s."""

    def get():
        response = client.get("/noegletal/rapport.pdf")
        assert response.status_code == 200 and response.content.startswith(b"%PDF-"), response.status_code
        return response

    t0 = time.perf_counter()
    size = len(get().content)
    say(
        f"  committee PDF first request (charts drawn, cold cache): {1000 * (time.perf_counter() - t0):.0f} ms, {size:,} bytes"
    )
    times, q = timed(get, requests)
    stats("/noegletal/rapport.pdf (same PDF kept)", times, q)
    from tidlig.metrics.report import clear_cache

    times, q = timed(lambda: (clear_cache(), get()), requests)
    stats("/noegletal/rapport.pdf (rendered anew)", times, q)
    say(f"goal: committee PDF < {PDF_GOAL_S} s (not asserted here)")


def manage(env: dict, *argv: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([PY, "-m", "tidlig", *argv], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--pdf-requests", type=int, default=10)
    parser.add_argument("--workdir", default="")
    args = parser.parse_args()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="tidlig-insight-"))
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tidlig.settings",
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        DEBUG="0",
        SECRET_KEY="bench-" + uuid.uuid4().hex,
        ALLOWED_HOSTS="testserver",
        SECURE_COOKIES="0",
        LOG_LEVEL="WARNING",
        MEDIA_ROOT=str(workdir / "media"),
    )
    os.environ.update(env)
    say(f"database: SQLite in {workdir}")
    say(f"migrate: {manage(env, 'migrate', '--no-input'):.1f} s")
    say(
        f"demo --children {args.children:,} (with the facts): {manage(env, 'demo', '--children', str(args.children)):.1f} s"
    )
    say(f"facts_refresh --all (again, alone): {manage(env, 'facts_refresh', '--all'):.1f} s")

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tidlig.metrics.models import Fact
    from tidlig.metrics.selectors import intake_overview
    from tidlig.organisation.models import Staff

    analyst = Staff.objects.get(username="analytiker")
    say(f"kept facts: {Fact.objects.count():,} rows")

    def timed(fn, n):
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return times, len(ctx.captured_queries)

    say("before (aggregated at page load):")
    times, q = timed(lambda: intake_overview(analyst.municipality_id), args.requests)
    stats("intake_overview (15 months, scan)", times, q)

    client = Client()
    client.force_login(analyst)
    device = TOTPDevice.objects.filter(user=analyst, confirmed=True).first() or TOTPDevice.objects.create(
        user=analyst, name="bench", confirmed=True
    )
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()

    def page(url):
        def get():
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        return get

    say("after (kept facts):")
    t0 = time.perf_counter()
    page("/noegletal/")()
    say(f"  /noegletal/ first request (charts drawn, cold cache): {1000 * (time.perf_counter() - t0):.0f} ms")
    for label, url in (
        ("/noegletal/ (months, 15)", "/noegletal/"),
        ("/noegletal/?grain=Q (quarters, 8)", "/noegletal/?grain=Q"),
        ("/noegletal/?grain=Y (years, 5)", "/noegletal/?grain=Y"),
        ("/api/v1/metrics/keyfigures", "/api/v1/metrics/keyfigures"),
        ("/noegletal/trappen/ (quarters, 8)", "/noegletal/trappen/"),
        ("/noegletal/trappen/?periode=month (12)", "/noegletal/trappen/?periode=month"),
        ("/noegletal/oekonomi/ (12 months)", "/noegletal/oekonomi/"),
    ):
        page(url)()  # draw the charts once (the SVG cache)
        times, q = timed(page(url), args.requests)
        stats(label, times, q)
    say(f"goal: dashboard p95 < {GOAL_MS} ms (not asserted here)")
    committee_pdf(client, timed, args.pdf_requests)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
