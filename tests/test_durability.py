"""A notification once received is never lost nor registered twice, even if the server dies mid-request.

BL § 136 requires that every underretning (notification of concern) is assessed, so one acknowledged with
201 must survive a crash, and a client that never saw its answer must be able to send again with the same
Idempotency-Key and get the first notification back, not a second one.

The test runs a real server process on 127.0.0.1, sends N notifications from a few client threads, SIGKILLs
the server about halfway, starts it again on the same database and retries every request that did not get a
201. The database is a temporary SQLite file, or a fresh PostgreSQL database when DATABASE_URL points to
PostgreSQL (as in `make test-postgres`). Everything is bounded by deadlines and every process is killed in
`finally`.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import http.client
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
N = 60
THREADS = 4
KILL_AFTER = N // 2
CHILD_CPR = "1504184235"
REQUEST_TIMEOUT = 10
SERVER_START_TIMEOUT = 30
RETRY_DEADLINE = 30
# Talk to the server directly, whatever http_proxy says.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

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
daycare = Institution.objects.create(municipality=m, district=nord, name="Solsikken",
                                     kind=Institution.Kind.DAYCARE)
user = Staff.objects.create_user(username="modtagelse", password="test-password-1", role=Role.RECEPTION,
                                 municipality=m, team=reception, first_name="Maja", last_name="Modtagelse")
Child.objects.create(municipality=m, cpr=%(cpr)r, first_name="Lukas", last_name="Jensen",
                     birth_date=dt.date(2018, 4, 15), sex="M", institution=daycare, district=nord)
print(json.dumps({"token": api_token_create(staff=user, label="durability test")}))
"""

INVENTORY = """
import json
import django
django.setup()
from tidlig.timeline.models import Event, Obligation
from tidlig.intake.models import Notification

print(json.dumps({
    "notifications": [[n.pk, n.idempotency_key, n.text] for n in Notification.objects.order_by("pk")],
    "received_events": list(Event.objects.filter(kind="intake.notification.received", source="notification")
                            .values_list("source_id", flat=True)),
    "obligations": list(Obligation.objects.filter(source="notification").values_list("source_id", "code")),
}))
"""


# The server and the helper scripts run in processes of their own: they start at the test's (pinned) clock, so
# the suite's clock and theirs agree whatever the real time is (issue 8 §6). sitecustomize runs at start-up.
CLOCK = """
import datetime as dt, os
if os.environ.get("TIDLIG_SUBPROCESS_NOW"):
    import time_machine
    time_machine.travel(dt.datetime.fromisoformat(os.environ["TIDLIG_SUBPROCESS_NOW"]), tick=True).start()
"""


def at_test_clock(env: dict) -> dict:
    return {**env, "TIDLIG_SUBPROCESS_NOW": dt.datetime.now(dt.UTC).isoformat()}


@dataclass
class Request:
    index: int
    key: str
    body: bytes
    status: int | None = None  # the last HTTP status, None when no answer came
    notification_id: int | None = None
    acknowledged_before_kill: bool = False
    replayed: bool = False
    error: str = ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(env: dict, *args: str, timeout: int = 60) -> str:
    result = subprocess.run(
        [PYTHON, *args], cwd=ROOT, env=at_test_clock(env), capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{' '.join(args)[:80]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@contextlib.contextmanager
def database_url(tmp_path: Path):
    """A SQLite file in tmp_path, or a fresh PostgreSQL database that is dropped afterwards."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'durability.sqlite3'}"
        return
    import psycopg

    name = f"tidlig_durability_{uuid.uuid4().hex[:12]}"
    parts = urlsplit(base)
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Server:
    """`python -m django runserver` as a child process, its output in a log file."""

    def __init__(self, env: dict, port: int, log: Path):
        self.env, self.port, self.log = env, port, log
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "django",
                    "runserver",
                    f"127.0.0.1:{self.port}",
                    "--noreload",
                    "--skip-checks",
                ],
                cwd=ROOT,
                env=at_test_clock(self.env),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"the server exited:\n{self.log.read_text()[-3000:]}"
            try:
                with OPENER.open(f"http://127.0.0.1:{self.port}/login/", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        raise AssertionError(
            f"the server did not answer within {SERVER_START_TIMEOUT} s:\n{self.log.read_text()}"
        )

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing; as if the power went."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait(timeout=10)


def post(port: int, token: str, req: Request) -> None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/notifications",
        data=req.body,
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": req.key,
        },
    )
    try:
        with OPENER.open(request, timeout=REQUEST_TIMEOUT) as r:
            answer = json.loads(r.read())  # the whole answer, or it does not count as acknowledged
            req.notification_id, req.replayed = answer["id"], r.headers.get("Idempotent-Replayed") == "true"
            req.status, req.error = r.status, ""
    except urllib.error.HTTPError as e:
        req.status, req.error = e.code, e.read().decode(errors="replace")[:500]
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as e:
        req.status, req.error = None, repr(e)  # refused, reset, or cut off in the middle of the answer


def test_a_received_notification_survives_a_server_crash_and_is_never_duplicated(tmp_path):
    started = time.monotonic()
    received_at = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)).isoformat(timespec="seconds")
    requests = [
        Request(
            i,
            f"durability-{i}-{uuid.uuid4().hex}",
            json.dumps(
                {
                    "child_cpr": CHILD_CPR,
                    "received_at": received_at,
                    "notifier": {
                        "kind": "professional",
                        "name": f"Fagperson {i}",
                        "role": "Lærer",
                        "workplace": "Sydskolen",
                        "email": f"fagperson{i}@skole.invalid",
                    },
                    "text": f"Bekymring nummer {i}: barnet kommer ofte sultent i skole.",
                    "reasons": ["neglect"],
                }
            ).encode(),
        )
        for i in range(N)
    ]
    servers: list[Server] = []
    (tmp_path / "clock").mkdir()
    (tmp_path / "clock" / "sitecustomize.py").write_text(CLOCK)
    with database_url(tmp_path) as url:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tidlig.settings",
            "DEBUG": "1",
            "SECRET_KEY": "test",
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(tmp_path / "media"),
            "PYTHONUNBUFFERED": "1",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(tmp_path / "clock"), os.environ.get("PYTHONPATH")])
            ),
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        try:
            run(env, "-m", "django", "migrate", "--no-input", "-v", "0")
            token = json.loads(run(env, "-c", SETUP % {"cpr": CHILD_CPR}).strip().splitlines()[-1])["token"]
            port = free_port()
            log = tmp_path / "server.log"

            first = Server(env, port, log)
            servers.append(first)
            first.start()

            # Phase 1: four clients send; the server is killed once half the notifications are acknowledged.
            work: queue.Queue[Request] = queue.Queue()
            for req in requests:
                work.put(req)
            acknowledged = 0
            lock = threading.Lock()
            killed = threading.Event()

            def client() -> None:
                nonlocal acknowledged
                while True:
                    try:
                        req = work.get_nowait()
                    except queue.Empty:
                        return
                    post(port, token, req)
                    if req.status == 201:
                        with lock:
                            req.acknowledged_before_kill = not killed.is_set()
                            acknowledged += 1
                            if acknowledged == KILL_AFTER and not killed.is_set():
                                first.kill()  # the other clients are mid-request now
                                killed.set()

            threads = [
                threading.Thread(target=client, name=f"client-{i}", daemon=True) for i in range(THREADS)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=60)
            assert not any(t.is_alive() for t in threads), "a client thread hung"
            assert killed.is_set(), "the server was never killed"
            first.kill()

            before_kill = [r for r in requests if r.acknowledged_before_kill]
            unanswered = [r for r in requests if r.status != 201]
            assert len(before_kill) >= KILL_AFTER
            assert unanswered, "every request got an answer: the kill came too late to test anything"
            assert [(r.index, r.status, r.error[:300]) for r in unanswered if r.status is not None] == [], (
                "the server answered with an error before it was killed"
            )
            not_refused = [r for r in unanswered if r.error and "refused" not in r.error.lower()]
            print(
                f"\nphase 1: {len(before_kill)} acknowledged before the kill, {len(unanswered)} unanswered "
                f"({len(not_refused)} cut off mid-request rather than refused)"
            )

            # Phase 2: the server comes back on the same database; every unanswered request is sent again
            # with the same key until it gets its 201.
            second = Server(env, port, log)
            servers.append(second)
            second.start()
            deadline = time.monotonic() + RETRY_DEADLINE
            pending = list(unanswered)
            while pending and time.monotonic() < deadline:
                for req in pending:
                    post(port, token, req)
                pending = [r for r in pending if r.status != 201]
                if pending:
                    time.sleep(0.2)
            assert not pending, "still not accepted after the restart: " + "; ".join(
                f"#{r.index} {r.status} {r.error[:200]}" for r in pending[:5]
            )
            replayed = [r for r in unanswered if r.replayed]
            print(
                f"phase 2: {len(unanswered)} retried, {len(replayed)} of them stored before the crash "
                "(answered with Idempotent-Replayed)"
            )

            # A replay of an acknowledged request returns the same notification, not a new one.
            probe = before_kill[0]
            first_id = probe.notification_id
            post(port, token, probe)
            assert (probe.status, probe.notification_id, probe.replayed) == (201, first_id, True)

            inventory = json.loads(run(env, "-c", INVENTORY).strip().splitlines()[-1])
        finally:
            for server in servers:
                server.kill()

    rows = inventory["notifications"]
    by_key = collections.Counter(key for _, key, _ in rows)
    keys = {r.key for r in requests}
    assert set(by_key) == keys, f"unexpected keys: {set(by_key) - keys}; missing: {keys - set(by_key)}"
    assert [k for k, count in by_key.items() if count != 1] == [], "a key was registered twice"
    assert len(rows) == N

    stored = {pk: (key, text) for pk, key, text in rows}
    for req in requests:
        assert req.notification_id in stored, f"notification {req.notification_id} (#{req.index}) is missing"
        key, text = stored[req.notification_id]
        assert key == req.key and text.startswith(f"Bekymring nummer {req.index}:"), (req, key, text)

    # Each notification was stored whole: its received event and its deadlines came with it, once.
    assert sorted(inventory["received_events"]) == sorted(stored)
    codes = collections.defaultdict(list)
    for source_id, code in inventory["obligations"]:
        codes[source_id].append(code)
    for pk in stored:
        assert {"acute_assessment", "receipt"} <= set(codes[pk]), (pk, codes[pk])
        assert len(codes[pk]) == len(set(codes[pk])), (pk, codes[pk])

    for server in servers:
        assert server.proc is not None and server.proc.poll() is not None
    print(f"durability test took {time.monotonic() - started:.1f} s")
