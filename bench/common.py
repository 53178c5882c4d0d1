"""What the benchmark scripts share: one run per database, the demo build, a real server, logins, timing.

Standard library only (plus Tidlig itself, in-process, where a script counts queries).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


PY = sys.executable


HOST = "127.0.0.1"


MUNICIPALITY_CODE = "0000"


DATABASES = ["sqlite", "postgres"]


PASSWORD = "demo"


SERVERS = {
    # bench/serve.py is `tidlig runserver` with TCP_NODELAY (see there): without it every response on a
    # kept-alive connection waits ~40 ms for the client's delayed ACK (Nagle), which is not Tidlig's time.
    "nodelay": [PY, str(ROOT / "bench" / "serve.py")],
    "runserver": [PY, "-m", "tidlig", "runserver"],
}


def limitations(server: str) -> str:
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


class Stop(Exception):
    """Raised by the SIGTERM handler so that finally blocks (stopping the server) run."""


def _on_sigterm(signum, _frame):
    raise Stop(f"signal {signum}")


def say(msg: str = "") -> None:
    print(msg, flush=True)


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------------------------------
# Inner: one database
# --------------------------------------------------------------------------------------------------


def manage(env: dict, *argv: str, timeout: float = 3600, log: Path | None = None) -> tuple[float, str]:
    """Run `python -m tidlig ARGV`; return (seconds, stdout). Output goes to `log` when given."""
    t0 = time.perf_counter()
    if log is not None:
        with open(log, "ab") as f:
            proc = subprocess.run(
                [PY, "-m", "tidlig", *argv],
                cwd=ROOT,
                env=env,
                stdout=f,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
            )
        out = ""
    else:
        proc = subprocess.run(
            [PY, "-m", "tidlig", *argv],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
        out = proc.stdout
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = (
            log.read_text(errors="replace")[-3000:]
            if log is not None
            else (proc.stdout + proc.stderr)[-3000:]
        )
        raise RuntimeError(f"tidlig {' '.join(argv)} failed with exit code {proc.returncode}:\n{tail}")
    return seconds, out


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


class Http:
    """One keep-alive connection to the server; reconnects when the server closed it."""

    def __init__(self, port: int, timeout: float = 60):
        self.port, self.timeout, self.conn = port, timeout, None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        for attempt in (1, 2):
            fresh = self.conn is None
            if fresh:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                resp = self.conn.getresponse()
                data = resp.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if fresh or attempt == 2:
                    raise
                continue  # a kept-alive connection the server had closed: retry once on a new one
            if resp.will_close:
                self.close()
            return resp.status, resp.headers, data
        raise AssertionError("unreachable")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def start_server(env: dict, workdir: Path, server: str) -> tuple[subprocess.Popen, int, Path]:
    port = free_port()
    log = workdir / "server.log"
    f = open(log, "ab")  # the child keeps its own copy of the descriptor
    proc = subprocess.Popen(
        [*SERVERS[server], f"{HOST}:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=f,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    f.close()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"the server exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}"
            )
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return proc, port, log
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start listening within 120 s")


def stop_server(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def cookies_from(headers, jar: dict) -> None:
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def cookie_header(jar: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def login(port: int, username: str) -> dict:
    """Log in through the login form (CSRF token + cookie) and return the cookie jar."""
    h = Http(port)
    jar: dict = {}
    status, headers, body = h.request("GET", "/login/")
    cookies_from(headers, jar)
    m = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not m or "csrftoken" not in jar:
        raise RuntimeError(f"login page for {username}: status {status}, no CSRF token")
    form = urlencode(
        {"csrfmiddlewaretoken": m.group(1).decode(), "username": username, "password": PASSWORD, "next": ""}
    ).encode()
    status, headers, body = h.request(
        "POST",
        "/login/",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header(jar)},
    )
    cookies_from(headers, jar)
    h.close()
    if status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"login as {username} failed: status {status}")
    return jar


def run_per_database(script: Path, args, script_args: list[str], summary) -> int:
    """Run `script --inner DB` once per database in a fresh temp dir (PostgreSQL under pgcluster.py),
    collect each run's result.json and print the summary. Bounded by --timeout-minutes per database."""
    results = []
    for db in args.databases:
        tmp = tempfile.mkdtemp(prefix=f"tidlig-bench-{script.stem}-", dir="/tmp")
        result_file = Path(tmp) / "result.json"
        inner = [PY, str(script), "--inner", db, "--workdir", tmp, "--result", str(result_file), *script_args]
        env = dict(os.environ)
        env.pop("DATABASE_URL", None)
        if db == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"  # tmp is absolute: sqlite:////tmp/...
            cmd = inner
        else:
            cmd = [PY, str(ROOT / "scripts" / "pgcluster.py"), "--", *inner]
        say(f"\n{'=' * 100}\n{db}: {' '.join(cmd[:3])} ...\n{'=' * 100}")
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
        try:
            rc = proc.wait(timeout=args.timeout_minutes * 60)
        except subprocess.TimeoutExpired:
            say(f"{db}: no result after {args.timeout_minutes} minutes; stopping it")
            rc = None
        finally:
            if proc.poll() is None:
                proc.terminate()  # pgcluster passes SIGTERM on and stops its cluster
                try:
                    proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        if result_file.exists():
            results.append(json.loads(result_file.read_text()))
        else:
            say(f"{db}: failed (exit code {rc}), no result")
        shutil.rmtree(tmp, ignore_errors=True)
    if results:
        summary(results)
    return 0 if len(results) == len(args.databases) else 1


def build_large_demo(env: dict, args, workdir: Path, db: str, sizes) -> tuple[float, dict]:
    """`tidlig demo --children N --reset`, timed; ANALYZE on PostgreSQL; answers the seconds and sizes()."""
    say(f"\nbuilding the large municipality: demo --children {args.children:,} --reset --seed {args.seed} …")
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
    say(
        f"demo --children {args.children:,} --reset: {seconds:.1f} s ({args.children / seconds:,.0f} children/s)"
    )
    if db == "postgres":
        from django.db import connection

        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("ANALYZE")  # autovacuum may not have caught up after the bulk load
        say(f"ANALYZE: {time.perf_counter() - t0:.1f} s")
    found = sizes()
    say("data: " + ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in found.items()))
    return seconds, found


# --------------------------------------------------------------------------------------------------
# The skeleton every script shares: its options, one inner run per database, the inner run's set-up
# --------------------------------------------------------------------------------------------------

# The options every script passes on to its inner runs; a script names its own in dispatch(forward=).
FORWARDED = ("children", "small_children", "page_requests", "seed", "server")


def common_arguments(
    doc: str, *, small_children: int = 2000, page_requests: int = 60
) -> argparse.ArgumentParser:
    """A parser with the options every script has (and the hidden ones of the inner run)."""
    p = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    p.add_argument("--children", type=int, default=100_000)
    p.add_argument(
        "--small-children",
        type=int,
        default=small_children,
        help="size of the small municipality for query counts",
    )
    p.add_argument("--databases", default=",".join(DATABASES))
    p.add_argument("--page-requests", type=int, default=page_requests)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--server",
        choices=sorted(SERVERS),
        default="nodelay",
        help="nodelay: bench/serve.py (default); runserver",
    )
    p.add_argument("--timeout-minutes", type=float, default=120, help="per database, then it is stopped")
    p.add_argument("--demo-timeout-minutes", type=float, default=90)
    p.add_argument("--inner", choices=DATABASES, help=argparse.SUPPRESS)
    p.add_argument("--workdir", help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    return p


def dispatch(
    parser: argparse.ArgumentParser,
    argv: list[str],
    script: str,
    inner,
    summary,
    forward: tuple[str, ...] = (),
) -> int:
    """With --inner: run `inner(args)` on that database. Without: check --databases and run the script once
    per database (run_per_database), passing on the common options and the script's own `forward`."""
    args = parser.parse_args(argv)
    if args.inner:
        return inner(args)
    args.databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    unknown = set(args.databases) - set(DATABASES)
    if unknown:
        parser.error(f"unknown database(s): {', '.join(sorted(unknown))}")
    script_args = []
    for name in (*FORWARDED, *forward):
        script_args += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
    return run_per_database(Path(script).resolve(), args, script_args, summary)


def run(main: Callable[[list[str]], int]) -> NoReturn:
    """The `if __name__ == "__main__"` of a script: exit with main's code, 143 when stopped by SIGTERM."""
    try:
        sys.exit(main(sys.argv[1:]))
    except Stop as e:
        say(f"stopped by {e}")
        sys.exit(143)


def bench_env(args) -> tuple[Path, dict]:
    """Start of an inner run: the SIGTERM handler, and the environment of `tidlig` (DEBUG=0, a fresh
    SECRET_KEY, …), which this process takes over as well. Answers (workdir, env)."""
    signal.signal(signal.SIGTERM, _on_sigterm)
    workdir = Path(args.workdir)
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
    say(f"database: {args.inner} ({url.split('@')[-1] if '@' in url else url})")
    return workdir, env


def new_result(args) -> dict:
    """What every result.json starts with; the summary reads these keys."""
    return {"database": args.inner, "children": args.children, "cores": os.cpu_count(), "server": args.server}


def migrate_and_setup(env: dict, workdir: Path) -> None:
    """`tidlig migrate`, then django.setup() in this process (for the in-process query counts)."""
    seconds, _ = manage(env, "migrate", "--no-input", log=workdir / "migrate.log")
    say(f"migrate: {seconds:.1f} s")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def small_demo(env: dict, args, workdir: Path) -> int:
    """`tidlig demo --children S --reset` with S = --small-children (at most --children); answers S."""
    small = min(args.small_children, args.children)
    seconds, _ = manage(
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
    return small


@contextlib.contextmanager
def serving(env: dict, workdir: Path, server: str, users: list[str]) -> Iterator[tuple[int, dict]]:
    """Start the server, log in as each of `users` through the login form and yield (port, {user: cookie
    jar}); the server is always stopped."""
    proc = None
    try:
        proc, port, _log = start_server(env, workdir, server)
        say(f"\nserver: {' '.join(SERVERS[server][1:])} {HOST}:{port} --noreload (pid {proc.pid}, DEBUG=0)")
        jars = {u: login(port, u) for u in users}
        say("logged in through the login form as " + ", ".join(users))
        yield port, jars
    finally:
        stop_server(proc)
        say("server stopped")


def write_result(args, result: dict) -> int:
    """End of an inner run: print the limitations and write result.json for the outer run."""
    say(limitations(args.server))
    Path(args.result).write_text(json.dumps(result, indent=1, default=str))
    return 0


# --------------------------------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------------------------------


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
