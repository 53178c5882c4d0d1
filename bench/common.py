"""What the benchmark scripts share: one run per database, the demo build, a real server, logins, timing.

Standard library only (plus Tidlig itself, in-process, where a script counts queries).
"""

from __future__ import annotations

import http.client
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


PY = sys.executable


HOST = "127.0.0.1"


MUNICIPALITY_CODE = "0000"


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
