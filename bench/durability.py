"""Durability under faults on PostgreSQL with fsync on: kill -9 the application server and the database.

    .venv/bin/python bench/durability.py [--requests 600] [--clients 8] [--app-kills 2] [--db-kills 2]
                                         [--workers 3] [--deadline 300]

BL § 136: a notification of concern Tidlig has acknowledged (201) must never be lost, and a client that
did not hear the answer must be able to send it again with its Idempotency-Key without it being registered
twice. tests/test_durability.py proves that for a crash of the application on the test cluster, which runs
with fsync off (atomicity, not durability). This program proves it as deployed:

1. starts its own PostgreSQL cluster with fsync, synchronous_commit and full_page_writes on
   (scripts/pgcluster.py, durable mode), on 127.0.0.1 only, and migrates a fresh database;
2. runs Tidlig under gunicorn (DEBUG off, several workers) on a free port of 127.0.0.1;
3. lets --clients threads POST --requests notifications, each with its own Idempotency-Key; a client
   retries every request with the same key until it gets its 201 (connection refused, reset, 5xx …);
4. meanwhile SIGKILLs the whole gunicorn process group --app-kills times and the PostgreSQL postmaster
   --db-kills times, at evenly spread points of the load, and starts each again after a second (PostgreSQL
   then runs crash recovery from its WAL);
5. counts from the database: sent / acknowledged / present / duplicated / lost, and checks that every
   acknowledged notification is the one stored under its key.

Exits non-zero on any loss, duplicate, mismatch or request still unacknowledged at the deadline. Everything
is bounded (--deadline seconds for the load) and every process it started is killed in `finally`.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import pgcluster  # noqa: E402

PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))
HOST = "127.0.0.1"
CPR = "1504184235"

SETUP = """
import datetime as dt, json
import django
django.setup()
from tidlig.organisation.models import District, Institution, Municipality, Role, Staff, Team
from tidlig.organisation.services import api_token_create
from tidlig.people.models import Child

m = Municipality.objects.create(code="0999", name="Testrup")
nord = District.objects.create(municipality=m, name="Nord")
reception = Team.objects.create(municipality=m, kind=Team.Kind.RECEPTION, name="Modtagelsen")
Team.objects.create(municipality=m, kind=Team.Kind.DISTRICT, name="Team Nord", district=nord)
daycare = Institution.objects.create(municipality=m, district=nord, name="Solsikken", kind=Institution.Kind.DAYCARE)
user = Staff.objects.create_user(username="modtagelse", password="durability-password-1", role=Role.RECEPTION,
                                 municipality=m, team=reception, first_name="Maja", last_name="Modtagelse")
Child.objects.create(municipality=m, cpr=%(cpr)r, first_name="Lukas", last_name="Jensen",
                     birth_date=dt.date(2018, 4, 15), sex="M", institution=daycare, district=nord)
print(json.dumps({"token": api_token_create(staff=user, label="durability")}))
"""


@dataclass
class Request:
    index: int
    key: str
    body: bytes
    attempts: int = 0
    acknowledged_id: int | None = None
    last_error: str = ""


def log(msg: str) -> None:
    print(f"durability {time.strftime('%H:%M:%S')}: {msg}", flush=True)


class Cluster:
    """A durable throwaway PostgreSQL cluster that can be killed -9 and started again on the same port."""

    def __init__(self) -> None:
        self.bindir = pgcluster.find_bindir()
        self.runner = pgcluster.Runner()
        self.tmp = pgcluster.make_tempdir(self.runner.as_root)
        self.data = os.path.join(self.tmp, "data")
        self.port: int | None = None

    def start(self) -> None:
        sockdir = os.path.join(self.tmp, "sock")
        os.mkdir(sockdir, 0o700)
        self.runner.chown(self.tmp)
        self.runner.chown(sockdir)
        pgcluster.initdb(self.runner, self.bindir, self.tmp, self.data, durable=True)
        pgcluster.write_config(self.data, sockdir, durable=True)
        self.port = pgcluster.start_server(self.runner, self.bindir, self.tmp, self.data)
        pgcluster.create_database(self.bindir, self.port)
        settings = self.sql("SELECT string_agg(name || '=' || setting, ' ') FROM pg_settings "
                            "WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")  # fmt: skip
        log(f"PostgreSQL {pgcluster.server_version(self.bindir)} on {HOST}:{self.port}: {settings}")

    @property
    def url(self) -> str:
        return f"postgres://{pgcluster.DB_USER}@{HOST}:{self.port}/{pgcluster.DB_NAME}"

    def sql(self, query: str):
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            return conn.execute(query).fetchone()[0]

    def postmaster_pid(self) -> int:
        with open(os.path.join(self.data, "postmaster.pid"), encoding="utf-8") as f:
            return int(f.readline().strip())

    def kill(self) -> None:
        pid = self.postmaster_pid()
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and alive(pid):
            reap()
            time.sleep(0.05)
        log(f"kill -9 PostgreSQL postmaster (pid {pid})")

    def restart(self) -> None:
        reap()
        started = time.monotonic()
        pgcluster.start_server(self.runner, self.bindir, self.tmp, self.data, port=self.port)
        log(f"PostgreSQL started again after crash recovery in {time.monotonic() - started:.1f} s")

    def stop(self) -> None:
        pgcluster.stop_server(self.runner, self.bindir, self.tmp, self.data)
        shutil.rmtree(self.tmp, ignore_errors=True)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie counts as dead
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            return f.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return False


def reap() -> None:
    """Collect exited orphans (killed postmasters and backends are re-parented to us, the subreaper)."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class App:
    """gunicorn in its own process group, so that kill -9 takes the master and every worker at once."""

    def __init__(self, env: dict, port: int, workers: int, logfile: Path) -> None:
        self.env, self.port, self.workers, self.logfile = env, port, workers, logfile
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        with self.logfile.open("ab") as out:
            self.proc = subprocess.Popen(
                [GUNICORN, "tidlig.wsgi:application", "--bind", f"{HOST}:{self.port}",
                 "--workers", str(self.workers), "--timeout", "30", "--graceful-timeout", "1"],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.logfile.read_text(errors='replace')[-3000:]}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/login/")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def kill(self, quiet: bool = False) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
            if not quiet:
                log(f"kill -9 gunicorn (process group {self.proc.pid})")
        reap()


def post(port: int, token: str, req: Request) -> None:
    req.attempts += 1
    conn = http.client.HTTPConnection(HOST, port, timeout=15)
    try:
        conn.request(
            "POST",
            "/api/v1/notifications",
            body=req.body,
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "Idempotency-Key": req.key,
            },
        )
        response = conn.getresponse()
        body = response.read()  # the whole answer, or it does not count as acknowledged
        if response.status == 201:
            req.acknowledged_id = json.loads(body)["id"]
        else:
            req.last_error = f"HTTP {response.status}: {body[:200]!r}"
    except (OSError, http.client.HTTPException, ValueError) as e:
        req.last_error = repr(e)
    finally:
        conn.close()


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--requests", type=int, default=600)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--app-kills", type=int, default=2)
    p.add_argument("--db-kills", type=int, default=2)
    p.add_argument("--workers", type=int, default=3)
    p.add_argument("--deadline", type=float, default=300, help="seconds for the load, retries included")
    args = p.parse_args(argv)

    pgcluster.become_subreaper()
    started = time.monotonic()
    cluster = Cluster()
    app: App | None = None
    workdir = Path(cluster.tmp)
    try:
        cluster.start()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tidlig.settings",
            "DEBUG": "0",
            "SECRET_KEY": uuid.uuid4().hex * 2,
            "DATABASE_URL": cluster.url,
            "MEDIA_ROOT": str(workdir / "media"),
            "LOG_LEVEL": "ERROR",
            "PYTHONUNBUFFERED": "1",
        }
        subprocess.run(
            [PY, "-m", "django", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        out = subprocess.run([PY, "-c", SETUP % {"cpr": CPR}], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True).stdout  # fmt: skip
        token = json.loads(out.strip().splitlines()[-1])["token"]
        app = App(env, free_port(), args.workers, workdir / "gunicorn.log")
        app.start()
        log(f"gunicorn with {args.workers} workers on {HOST}:{app.port}")

        received_at = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)).isoformat(timespec="seconds")
        run_id = uuid.uuid4().hex[:8]
        requests = [
            Request(i, f"durability-{run_id}-{i}", json.dumps({
                "child_cpr": CPR, "received_at": received_at, "reasons": ["neglect"],
                "notifier": {"kind": "professional", "name": f"Fagperson {i}", "workplace": "Sydskolen",
                             "email": f"fagperson{i}@skole.invalid"},
                "text": f"Bekymring nummer {i} ({run_id}): barnet kommer ofte sultent i skole.",
            }).encode())
            for i in range(args.requests)
        ]  # fmt: skip

        # The faults, alternating application and database, at evenly spread shares of the acknowledgements.
        faults: list[str] = []
        for k in range(max(args.app_kills, args.db_kills)):
            faults += (["app"] if k < args.app_kills else []) + (["db"] if k < args.db_kills else [])
        schedule = [(int(args.requests * (k + 1) / (len(faults) + 1)), kind) for k, kind in enumerate(faults)]
        lock = threading.Lock()
        pending = collections.deque(requests)
        acknowledged = 0
        deadline = time.monotonic() + args.deadline
        faults_done: list[str] = []

        def client() -> None:
            nonlocal acknowledged
            while time.monotonic() < deadline:
                with lock:
                    if not pending:
                        return
                    req = pending.popleft()
                post(app.port, token, req)
                with lock:
                    if req.acknowledged_id is not None:
                        acknowledged += 1
                    else:
                        pending.append(req)  # again later, with the same key
                if req.acknowledged_id is None:
                    time.sleep(0.2)

        def saboteur() -> None:
            for at, kind in schedule:
                while time.monotonic() < deadline and acknowledged < at:
                    time.sleep(0.01)
                if time.monotonic() >= deadline:
                    return
                if kind == "app":
                    app.kill()
                    time.sleep(1)
                    app.start()
                    log("gunicorn started again")
                else:
                    cluster.kill()
                    time.sleep(1)
                    cluster.restart()
                faults_done.append(kind)

        threads = [threading.Thread(target=client, daemon=True) for _ in range(args.clients)]
        chaos = threading.Thread(target=saboteur, daemon=True)
        chaos.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=max(1.0, deadline - time.monotonic() + 30))
        chaos.join(timeout=60)
        load_seconds = time.monotonic() - started

        # Count from the database itself.
        import psycopg

        with psycopg.connect(cluster.url) as conn:
            rows = conn.execute(
                "SELECT idempotency_key, id FROM intake_notification WHERE idempotency_key LIKE %s",
                (f"durability-{run_id}-%",),
            ).fetchall()
    finally:
        if app is not None:
            app.kill(quiet=True)  # the end of the run, not a fault
        cluster.stop()
        reap()

    stored = collections.defaultdict(list)
    for key, pk in rows:
        stored[key].append(pk)
    sent = len(requests)
    acked = [r for r in requests if r.acknowledged_id is not None]
    present = sum(1 for r in requests if stored.get(r.key))
    duplicated = sum(1 for pks in stored.values() if len(pks) > 1)
    lost = [r for r in acked if not stored.get(r.key)]
    mismatched = [r for r in acked if stored.get(r.key) and r.acknowledged_id not in stored[r.key]]
    unacknowledged = [r for r in requests if r.acknowledged_id is None]
    retried = sum(1 for r in requests if r.attempts > 1)

    print()
    print(
        f"faults injected: {', '.join(faults_done) or 'none'} (planned: {', '.join(k for _, k in schedule)})"
    )
    print(f"sent:            {sent}")
    print(f"acknowledged:    {len(acked)}")
    print(f"present:         {present}")
    print(f"duplicated:      {duplicated}")
    print(f"lost:            {len(lost)}")
    print(f"mismatched ids:  {len(mismatched)}")
    print(f"unacknowledged:  {len(unacknowledged)}")
    print(f"retried:         {retried} requests, {sum(r.attempts for r in requests) - sent} extra attempts")
    print(f"time:            {load_seconds:.1f} s")
    for r in unacknowledged[:5]:
        print(f"  still unacknowledged #{r.index}: {r.last_error}")
    ok = not lost and not duplicated and not mismatched and not unacknowledged
    ok = ok and len(faults_done) == len(schedule)
    print("OK: nothing acknowledged was lost, nothing was doubled" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
