"""Printing for the benchmark scripts: say(), percentiles, latency of timed requests, the summary tables.

Standard library only; the other bench modules build on this one.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable


def say(msg: str = "") -> None:
    print(msg, flush=True)


def limitations(server: str) -> str:
    """The caveats printed with every result and summary: how the server ran, on which machine."""
    how = (
        "bench/serve.py = `tidlig runserver` with TCP_NODELAY"
        if server == "nodelay"
        else "plain `tidlig runserver` (adds ~40 ms per kept-alive response: Nagle + delayed ACK)"
    )
    return (
        f"server: {how}; Django's development server, threaded (one thread per connection), --noreload, "
        "DEBUG=0, one process (so one GIL), logging each request to a file; not gunicorn/uwsgi. Clients, "
        "server and database share the machine's cores. Indicative numbers, not a capacity figure."
    )


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def latency_stats(times: list[float]) -> dict:
    return {"p50_ms": pct(times, 50), "p95_ms": pct(times, 95), "max_ms": max(times)}


def time_requests(send: Callable[[int], tuple], n: int) -> dict:
    """Time `send(i)` (-> status, headers, body) for i in 0..n-1, one after the other; answers n,
    p50/p95/max ms, the count of each status and the largest body's size in bytes."""
    times, statuses, size = [], {}, 0
    for i in range(n):
        t0 = time.perf_counter()
        status, _h, body = send(i)
        times.append((time.perf_counter() - t0) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
        size = max(size, len(body))
    return {"n": n, **latency_stats(times), "statuses": statuses, "bytes": size}


def say_page(page: dict, label_width: int, user_width: int, goal_ms: float) -> None:
    """One row of the latency table: label, user, p50, p95, max, bytes, statuses; flagged over the goal."""
    flag = f"  p95 > {goal_ms} ms" if page["p95_ms"] > goal_ms else ""
    say(
        f"  {page['label']:<{label_width}}{page['user']:<{user_width}}{page['p50_ms']:>8.0f}{page['p95_ms']:>8.0f}"
        f"{page['max_ms']:>8.0f}{page['bytes']:>9}  {page['statuses']}{flag}"
    )


def summary_table(results: list[dict], width: int, column: int) -> Callable[[str, list[str]], None]:
    """Print the summary's heading and its first rows (databases, children, demo time); answers row()."""
    say(f"\n{'=' * 100}\nSUMMARY ({os.cpu_count()} cores)\n{limitations(results[0]['server'])}\n{'=' * 100}")

    def row(label: str, values: list[str]) -> None:
        say(f"{label:<{width}}" + "".join(f"{v:>{column}}" for v in values))

    row("", [r["database"] for r in results])
    row("children in Demokommune", [f"{r['sizes'].get('children', '?'):,}" for r in results])
    row(f"demo --children {results[0]['children']:,} (s)", [f"{r['demo_seconds']:.1f}" for r in results])
    return row


def summary_pages(results: list[dict], row) -> None:
    """The rows of result["pages"]: p50 / p95 / max per request."""
    say("p50 / p95 / max ms over HTTP (sequential, one client):")
    for i, page in enumerate(results[0]["pages"]):
        row(
            f"  {page['label']} ({page['user']})",
            [
                f"{r['pages'][i]['p50_ms']:.0f} / {r['pages'][i]['p95_ms']:.0f} / {r['pages'][i]['max_ms']:.0f}"
                for r in results
            ],
        )


def summary_queries(results: list[dict], row) -> None:
    """The rows of result["queries_small"] and ["queries_large"]: the query count, small → large."""
    say("SQL queries per request (in-process), small → large municipality:")
    for i, q in enumerate(results[0]["queries_small"]):
        row(
            f"  {q['label']} ({q['user']})",
            [f"{r['queries_small'][i]['queries']} → {r['queries_large'][i]['queries']}" for r in results],
        )
