#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL cluster.

Usage:
    python scripts/pgcluster.py [--durable] -- COMMAND [ARG ...]

Creates a temporary data directory, runs ``initdb``, starts a server that
listens only on 127.0.0.1 on a free port (unix socket inside the temporary
directory, durability switched off for speed), creates the database
``tidlig`` owned by the superuser ``tidlig``, and runs COMMAND with
``DATABASE_URL=postgres://tidlig@127.0.0.1:PORT/tidlig`` in its environment.
With ``--durable`` the server keeps PostgreSQL's crash-safe defaults (fsync,
synchronous_commit and full_page_writes on): slower, but what production runs
and what bench/durability.py (which uses this module's functions) needs.
The server is always stopped and the directory removed afterwards, also on
Ctrl-C or SIGTERM. The exit code of COMMAND is passed on.

PostgreSQL's server binaries are looked up in /usr/lib/postgresql/*/bin
(Debian layout, highest version wins), then on PATH. initdb refuses to run as
root, so when run as root the cluster is owned by, and the server runs as,
the ``postgres`` user (via runuser, or su as a fallback).

Standard library only; does not import Django.
"""

from __future__ import annotations

import glob
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from typing import NoReturn

DB_USER = "tidlig"
DB_NAME = "tidlig"
HOST = "127.0.0.1"
SERVER_USER = "postgres"  # used only when running as root
PROG = "pgcluster"

SERVER_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "50",
    "log_min_messages": "warning",
}
# PostgreSQL's own defaults: a commit is on disk before it is acknowledged, and a torn page is repaired.
DURABLE_SETTINGS = dict(SERVER_SETTINGS, fsync="on", synchronous_commit="on", full_page_writes="on")


class Terminated(Exception):
    """Raised from the SIGTERM/SIGHUP handler so that cleanup runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def log(msg: str) -> None:
    print(f"{PROG}: {msg}", file=sys.stderr, flush=True)


def die(msg: str, code: int = 2) -> NoReturn:
    log(f"error: {msg}")
    sys.exit(code)


def _version_key(path: str) -> tuple:
    # /usr/lib/postgresql/<version>/bin/initdb
    ver = path.split(os.sep)[-3]
    return tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[.\-]", ver))


def find_bindir() -> str:
    """Return a directory holding initdb, pg_ctl and postgres."""

    def complete(d: str) -> bool:
        return all(os.access(os.path.join(d, exe), os.X_OK) for exe in ("initdb", "pg_ctl", "postgres"))

    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key, reverse=True)
    for initdb in candidates:
        d = os.path.dirname(initdb)
        if complete(d):
            return d
    # PATH: follow symlinks (e.g. /usr/local/bin/pg_ctl -> /usr/lib/...),
    # and require the server binary next to them, not just the wrappers.
    for name in ("initdb", "pg_ctl"):
        found = shutil.which(name)
        if found:
            d = os.path.dirname(os.path.realpath(found))
            if complete(d):
                return d
    die(
        "no PostgreSQL server found (need initdb, pg_ctl and postgres in "
        "/usr/lib/postgresql/*/bin or on PATH); install Debian's 'postgresql'"
    )


def server_version(bindir: str) -> str:
    out = subprocess.run(
        [os.path.join(bindir, "postgres"), "--version"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    m = re.search(r"(\d+(?:\.\d+)*)", out)
    return m.group(1) if m else "?"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Runner:
    """Runs the server-side tools as the right user."""

    def __init__(self) -> None:
        self.as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        self.uid = self.gid = None
        self.wrapper = None
        if self.as_root:
            import pwd

            try:
                pw = pwd.getpwnam(SERVER_USER)
            except KeyError:
                die(f"running as root but there is no '{SERVER_USER}' user to run initdb")
            self.uid, self.gid = pw.pw_uid, pw.pw_gid
            runuser = shutil.which("runuser") or (
                "/sbin/runuser" if os.path.exists("/sbin/runuser") else None
            )
            if runuser:
                self.wrapper = lambda argv: [runuser, "-u", SERVER_USER, "--", *argv]
            elif shutil.which("su"):
                self.wrapper = lambda argv: [
                    "su",
                    SERVER_USER,
                    "-s",
                    "/bin/sh",
                    "-c",
                    shlex.join(argv),
                ]
            else:
                die("running as root but neither runuser nor su is available")

    def chown(self, path: str) -> None:
        if self.as_root:
            os.chown(path, self.uid, self.gid)

    def run(self, argv: list[str], cwd: str) -> subprocess.CompletedProcess:
        if self.wrapper:
            argv = self.wrapper(argv)
        return subprocess.run(
            argv,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )


def make_tempdir(as_root: bool) -> str:
    # The server user must be able to reach the directory, and the unix
    # socket path must stay short (limit ~107 bytes), so prefer /tmp.
    base = tempfile.gettempdir()
    if as_root or len(base) > 60:
        base = "/tmp"
    return tempfile.mkdtemp(prefix="tidlig-pg-", dir=base)


def initdb(runner: Runner, bindir: str, tmp: str, data: str, durable: bool = False) -> None:
    base = [
        os.path.join(bindir, "initdb"),
        "-D",
        data,
        "-A",
        "trust",
        "-U",
        DB_USER,
        "--encoding=UTF8",
    ]
    if not durable:
        base.append("--no-sync")
    first = runner.run(base + ["--locale=C.UTF-8"], cwd=tmp)
    if first.returncode == 0:
        return
    # Most likely the C.UTF-8 locale is missing: retry without a locale.
    shutil.rmtree(data, ignore_errors=True)
    second = runner.run(base + ["--no-locale"], cwd=tmp)
    if second.returncode != 0:
        sys.stderr.write(first.stdout + second.stdout)
        die("initdb failed", 1)


def write_config(data: str, sockdir: str, durable: bool = False) -> None:
    settings = dict(DURABLE_SETTINGS if durable else SERVER_SETTINGS, unix_socket_directories=f"'{sockdir}'")
    with open(os.path.join(data, "postgresql.conf"), "a", encoding="utf-8") as f:
        f.write("\n# added by scripts/pgcluster.py\n")
        for key, value in settings.items():
            f.write(f"{key} = {value}\n")


def start_server(runner: Runner, bindir: str, tmp: str, data: str, port: int | None = None) -> int:
    """Start the server on `port` (a free one if None) and return the port; with a fixed port (a restart
    after a crash) it retries for a while, since crash recovery may wait for dying backends to go."""
    logfile = os.path.join(tmp, "server.log")
    last = None
    fixed = port
    for _attempt in range(3 if fixed is None else 20):
        port = fixed or free_port()
        res = runner.run(
            [
                os.path.join(bindir, "pg_ctl"),
                "-D",
                data,
                "-l",
                logfile,
                "-o",
                f"-p {port}",
                "-w",
                "-t",
                "60",
                "start",
            ],
            cwd=tmp,
        )
        if res.returncode == 0:
            return port
        last = res.stdout
        # A port race with another process is the usual cause; try another.
        runner.run([os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "immediate", "stop"], cwd=tmp)
        if fixed is not None:
            time.sleep(0.5)
    sys.stderr.write(last or "")
    try:
        with open(logfile, encoding="utf-8", errors="replace") as f:
            sys.stderr.write(f.read()[-4000:])
    except OSError:
        pass
    die("could not start the PostgreSQL server", 1)


def create_database(bindir: str, port: int) -> None:
    createdb = os.path.join(bindir, "createdb")
    if not os.access(createdb, os.X_OK):
        createdb = shutil.which("createdb")
    if createdb:
        argv = [createdb, "-h", HOST, "-p", str(port), "-U", DB_USER, DB_NAME]
    else:
        psql = shutil.which("psql") or os.path.join(bindir, "psql")
        argv = [
            psql,
            "-h",
            HOST,
            "-p",
            str(port),
            "-U",
            DB_USER,
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            f'CREATE DATABASE "{DB_NAME}"',
        ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    res = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        sys.stderr.write(res.stdout + res.stderr)
        die(f"could not create database {DB_NAME}", 1)


def stop_server(runner: Runner, bindir: str, tmp: str, data: str) -> None:
    pidfile = os.path.join(data, "postmaster.pid")
    if not os.path.exists(pidfile):
        return
    res = runner.run(
        [os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"],
        cwd=tmp,
    )
    if res.returncode == 0:
        return
    # Last resort: kill the postmaster named in the pid file.
    try:
        with open(pidfile, encoding="utf-8") as f:
            pid = int(f.readline().strip())
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
    except (OSError, ValueError):
        pass


def become_subreaper() -> bool:
    """Adopt orphaned descendants (the postmaster, which pg_ctl detaches) so
    they can be reaped even where PID 1 does not reap (some containers)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def reap_orphans(timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # no children left
        if pid == 0:
            if time.monotonic() > deadline:
                return
            time.sleep(0.05)


def run_command(cmd: list[str], env: dict) -> int:
    try:
        proc = subprocess.Popen(cmd, env=env)
    except OSError as exc:
        log(f"cannot run {cmd[0]!r}: {exc}")
        return 127
    try:
        while True:
            try:
                rc = proc.wait()
                break
            except KeyboardInterrupt:
                # The child got the same SIGINT from the terminal; give it time.
                try:
                    rc = proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    rc = proc.wait()
                raise
    except Terminated as exc:
        proc.send_signal(exc.signum)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        raise
    return 128 - rc if rc < 0 else rc


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    durable = False
    if "--" in argv:
        durable = "--durable" in argv[: argv.index("--")]
        cmd = argv[argv.index("--") + 1 :]
    else:
        cmd = argv
    if not cmd:
        die("no command given; usage: pgcluster.py -- COMMAND [ARG ...]")

    def on_signal(signum, _frame):
        raise Terminated(signum)

    signal.signal(signal.SIGTERM, on_signal)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, on_signal)

    subreaper = become_subreaper()
    bindir = find_bindir()
    version = server_version(bindir)
    runner = Runner()
    tmp = make_tempdir(runner.as_root)
    data = os.path.join(tmp, "data")
    sockdir = os.path.join(tmp, "sock")
    started = False
    try:
        os.mkdir(sockdir, 0o700)
        runner.chown(tmp)
        runner.chown(sockdir)
        initdb(runner, bindir, tmp, data, durable)
        write_config(data, sockdir, durable)
        started = True
        port = start_server(runner, bindir, tmp, data)
        log(f"started PostgreSQL {version} on {HOST}:{port} (data in {tmp}{', durable' if durable else ''})")
        create_database(bindir, port)
        env = dict(os.environ)
        env["DATABASE_URL"] = f"postgres://{DB_USER}@{HOST}:{port}/{DB_NAME}"
        return run_command(cmd, env)
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    except Terminated as exc:
        log(f"terminated by signal {exc.signum}")
        return 128 + exc.signum
    finally:
        # Don't let a second Ctrl-C/SIGTERM skip the cleanup.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            if started:
                stop_server(runner, bindir, tmp, data)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
            if subreaper:
                reap_orphans()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
