"""What the benchmark scripts share: their options, one run per database, the inner run's environment,
`tidlig` commands (migrate, the small and the large demo) and its result.json.

The rest is in bench/server.py (the server, HTTP, logins), bench/queries.py (in-process query counts
and plans) and bench/report.py (printing, latency, the summary tables). Standard library only (plus
Tidlig itself, in-process, where a script counts queries).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from report import limitations, say
from server import HOST, PY, ROOT, SERVERS

MUNICIPALITY_CODE = "0000"


DATABASES = ["sqlite", "postgres"]


class Stop(Exception):
    """Raised by the SIGTERM handler so that finally blocks (stopping the server) run."""


def _on_sigterm(signum, _frame):
    raise Stop(f"signal {signum}")


# --------------------------------------------------------------------------------------------------
# Outer: the options, one inner run per database, the summary
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


def run(main: Callable[[list[str]], int]) -> NoReturn:
    """The `if __name__ == "__main__"` of a script: exit with main's code, 143 when stopped by SIGTERM."""
    try:
        sys.exit(main(sys.argv[1:]))
    except Stop as e:
        say(f"stopped by {e}")
        sys.exit(143)


# --------------------------------------------------------------------------------------------------
# Inner: one database (the script re-invoked with --inner DB)
# --------------------------------------------------------------------------------------------------


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


def write_result(args, result: dict) -> int:
    """End of an inner run: print the limitations and write result.json for the outer run."""
    say(limitations(args.server))
    Path(args.result).write_text(json.dumps(result, indent=1, default=str))
    return 0
