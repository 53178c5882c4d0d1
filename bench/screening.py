#!/usr/bin/env python3
"""Benchmark the well-being pages (early detection) on SQLite and PostgreSQL with a large demo.

    .venv/bin/python bench/screening.py [--children 100000] [--databases sqlite,postgres]
                                        [--small-children 2000] [--page-requests 60]

For each database this script, in a fresh database (SQLite: a temp file; PostgreSQL: a throwaway
cluster from scripts/pgcluster.py, which re-invokes this script with --inner):

1. migrates and builds Demokommune with `tidlig demo` at a small size (with two years of ratings:
   tidlig/demo/wellbeing.py) and counts the SQL queries in-process (Django test client +
   CaptureQueriesContext) of (a) paedagog's group page GET /trivsel/gruppe/<id>/ in the open period,
   (b) saving one child's rating there (POST …/periode/<id>/barn/<id>/ with `colour`, as htmx sends
   it) and (c) chef's municipality overview GET /trivsel/oversigt/ (the latest half-year, and the
   latest closed one; both count every half-year of the two years for the trend);
2. rebuilds it with `tidlig demo --children N --reset` (timed), runs ANALYZE on PostgreSQL, and counts
   again, printing the slowest queries of each request with their plan;
3. starts a real server (bench/serve.py = `tidlig runserver` with TCP_NODELAY, DEBUG=0), logs in
   through the login form as paedagog and chef and times --page-requests sequential requests of
   each: the group page, the save (children of the group in turn, the colours in turn; CSRF header
   and HX-Request: true), and the overview; p50/p95/max.

It prints numbers only; nothing is asserted (the goal is p95 < 200 ms). All traffic goes to
127.0.0.1; the server is always stopped. See bench/README.md for the numbers measured.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (bench/common.py: options, one run per database, the inner run, the demo)
import queries  # noqa: E402  (bench/queries.py: in-process query counts, the slowest queries' plans)
import report  # noqa: E402  (bench/report.py: printing, latencies, the summary tables)
import server  # noqa: E402  (bench/server.py: the server, keep-alive HTTP, logins)
from queries import Measured  # noqa: E402
from report import say  # noqa: E402
from server import HOST, Http  # noqa: E402

USERS = ["paedagog", "chef"]
COLOURS = ["green", "yellow", "green", "red"]
GOAL_MS = 200


def summary(results: list[dict]) -> None:
    row = report.summary_table(results, width=52, column=24)
    for key in ("ratings", "groups", "periods"):
        row(f"  {key}", [f"{r['sizes'].get(key, 0):,}" for r in results])
    report.summary_pages(results, row)
    report.summary_queries(results, row)
    say(f"goal: p95 < {GOAL_MS} ms (not asserted here)")


# --------------------------------------------------------------------------------------------------
# Inner: one database
# --------------------------------------------------------------------------------------------------


def sizes() -> dict:
    from django.db import connection

    from tidlig.organisation.models import Municipality
    from tidlig.people.models import Child
    from tidlig.wellbeing.models import Group, Rating, RatingPeriod

    m = Municipality.objects.get(code=common.MUNICIPALITY_CODE)
    return {
        "children": Child.objects.filter(municipality=m).count(),
        "ratings": Rating.objects.filter(municipality=m).count(),
        "groups": Group.objects.filter(institution__municipality=m).count(),
        "periods": RatingPeriod.objects.filter(institution__municipality=m).count(),
        "database": connection.vendor,
    }


def targets() -> dict:
    """paedagog's group, its open period and current children; the half-years of the overview."""
    from django.utils import timezone

    from tidlig.organisation.models import Staff
    from tidlig.wellbeing.models import Group, RatingPeriod

    today = timezone.localdate()
    paedagog = Staff.objects.get(username="paedagog")
    group = Group.objects.filter(educators=paedagog).order_by("pk").first()
    # The demo builds its periods relative to its moment (tidlig/demo/wellbeing.py: period_dates), so
    # the newest one is open today whatever the month; say so plainly if a stale database lacks it.
    period = (
        RatingPeriod.objects.filter(institution=group.institution, opens_on__lte=today, closes_on__gte=today)
        .order_by("-opens_on")
        .first()
    )
    if period is None:
        raise SystemExit(f"no rating period open on {today:%d.%m.%Y} for paedagog's group: rebuild the demo")
    children = list(
        group.members.filter(left_on__isnull=True).order_by("child_id").values_list("child_id", flat=True)
    )
    closed = RatingPeriod.objects.filter(institution=group.institution, closes_on__lt=today).order_by(
        "-opens_on"
    )
    return {
        "group": group.pk,
        "period": period.pk,
        "children": children,
        "closed_half_year": closed[0].half_year if closed else "",
    }


def requests_of(t: dict) -> list[tuple[str, str, str, str, list]]:
    """(label, user, method, path, bodies): bodies rotate over the requests (POST) or is [None] (GET)."""
    g, p = t["group"], t["period"]
    saves = [
        (f"/trivsel/gruppe/{g}/periode/{p}/barn/{child}/", urlencode({"colour": COLOURS[i % len(COLOURS)]}))
        for i, child in enumerate(t["children"])
    ]
    closed = f"/trivsel/oversigt/?{urlencode({'period': t['closed_half_year']})}"
    return [
        ("(a) group page, open period", "paedagog", "GET", f"/trivsel/gruppe/{g}/", [None]),
        ("(b) save one child's rating (htmx)", "paedagog", "POST", "", saves),
        ("(c) overview, latest half-year", "chef", "GET", "/trivsel/oversigt/", [None]),
        ("(c) overview, latest closed half-year", "chef", "GET", closed, [None]),
    ]


def count_queries(label: str, t: dict, show_slow: bool) -> list[dict]:
    from django.test import Client

    from tidlig.organisation.models import Staff

    say(f"\nSQL queries per request, in-process (test client; CaptureQueriesContext), {label} municipality:")
    say(f"  {'request':<44}{'user':<10}{'status':>7}{'queries':>9}{'sql ms':>9}{'total ms':>10}   slowest")
    from tidlig.demo.mfa import mark_verified

    staff = {s.username: s for s in Staff.objects.filter(username__in=USERS)}
    out, slow = [], []
    for req_label, user, method, path, bodies in requests_of(t):
        c = Client(HTTP_HOST=HOST)
        c.force_login(staff[user])
        mark_verified(c, staff[user])

        def go(c=c, method=method, path=path, bodies=bodies):
            if method == "GET":
                return c.get(path)
            url, body = bodies[0]
            return c.post(
                url, body, content_type="application/x-www-form-urlencoded", headers={"HX-Request": "true"}
            )

        go()  # warm caches (templates, translations, connection)
        m = Measured()
        r = m.run(go)
        top = m.slowest(1)
        say(
            f"  {req_label:<44}{user:<10}{r.status_code:>7}{m.count:>9}{m.sql_ms:>9.1f}{m.total_ms:>10.1f}   "
            + (f"{top[0][0]:.1f} ms" if top else "-")
        )
        out.append({"label": req_label, "user": user, "status": r.status_code, "queries": m.count})
        if show_slow:
            slow.append((req_label, user, m.slowest(4)))
    if show_slow:
        queries.show_slowest("Slowest queries per request", slow)
    return out


def latency(port: int, jars: dict, t: dict, n: int) -> list[dict]:
    out = []
    say(f"\nlatency over HTTP, {n} sequential requests each (one client, keep-alive):")
    say(f"  {'request':<44}{'user':<10}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'bytes':>9}  statuses")
    for label, user, method, path, bodies in requests_of(t):
        h = Http(port)
        jar = jars[user]
        headers = {"Cookie": server.cookie_header(jar)}
        if method == "POST":
            headers |= {
                "X-CSRFToken": jar["csrftoken"],
                "HX-Request": "true",
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{HOST}:{port}/trivsel/gruppe/{t['group']}/",
            }

        def send(i, h=h, method=method, path=path, bodies=bodies, headers=headers):
            if method == "GET":
                return h.request("GET", path, headers=headers)
            url, body = bodies[i % len(bodies)]
            return h.request("POST", url, body=body.encode(), headers=headers)

        for i in range(3):
            send(i)  # warm-up, not counted
        page = {"label": label, "user": user, **report.time_requests(lambda i, send=send: send(i + 3), n)}
        h.close()
        report.say_page(page, 44, 10, GOAL_MS)
        out.append(page)
    return out


def inner(args) -> int:
    workdir, env = common.bench_env(args)
    result = common.new_result(args)
    common.migrate_and_setup(env, workdir)

    small = common.small_demo(env, args, workdir)
    result["queries_small"] = count_queries(f"small ({small:,} children)", targets(), show_slow=False)
    queries.close_db()

    result["demo_seconds"], result["sizes"] = common.build_large_demo(env, args, workdir, args.inner, sizes)
    t = targets()
    say(f"paedagog's group #{t['group']} with {len(t['children'])} children, open period #{t['period']}")
    result["queries_large"] = count_queries(f"large ({args.children:,} children)", t, show_slow=True)
    queries.close_db()

    with server.serving(env, workdir, args.server, USERS) as (port, jars):
        result["pages"] = latency(port, jars, t, args.page_requests)
    return common.write_result(args, result)


def main(argv: list[str]) -> int:
    return common.dispatch(common.common_arguments(__doc__), argv, __file__, inner, summary)


if __name__ == "__main__":
    common.run(main)
