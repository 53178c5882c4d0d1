"""The real server of a benchmark: start and stop it, keep-alive HTTP to it, log in through the login form.

Standard library only.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

from report import say

ROOT = Path(__file__).resolve().parent.parent


PY = sys.executable


HOST = "127.0.0.1"


PASSWORD = "demo"


SERVERS = {
    # bench/serve.py is `tidlig runserver` with TCP_NODELAY (see there): without it every response on a
    # kept-alive connection waits ~40 ms for the client's delayed ACK (Nagle), which is not Tidlig's time.
    "nodelay": [PY, str(ROOT / "bench" / "serve.py")],
    "runserver": [PY, "-m", "tidlig", "runserver"],
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


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
    if status != 302 or "sessionid" not in jar:
        h.close()
        raise RuntimeError(f"login as {username} failed: status {status}")
    # The second factor: the demo logins' TOTP key is published (tidlig/demo/mfa.py). A code is accepted
    # once per device; if this step's was used by an earlier run, the next step's is accepted too.
    for ahead in (0, 1):
        status, headers, body = h.request("GET", "/konto/to-faktor/", headers={"Cookie": cookie_header(jar)})
        cookies_from(headers, jar)
        m = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not m:
            break
        form = urlencode({"csrfmiddlewaretoken": m.group(1).decode(), "code": demo_code(ahead)}).encode()
        status, headers, body = h.request(
            "POST",
            "/konto/to-faktor/",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header(jar)},
        )
        cookies_from(headers, jar)
        if status == 302:
            break
        time.sleep(1.1)  # django-otp's throttle after a refused code
    h.close()
    if status != 302:
        raise RuntimeError(f"second factor for {username} failed: status {status}")
    return jar


def demo_code(ahead: int = 0) -> str:
    from binascii import unhexlify

    from django_otp.oath import TOTP

    from tidlig.demo.mfa import DEMO_TOTP_KEY

    totp = TOTP(unhexlify(DEMO_TOTP_KEY))
    totp.time = totp.time + 30 * ahead
    return f"{totp.token():06d}"


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
