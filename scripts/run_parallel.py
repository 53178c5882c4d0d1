#!/usr/bin/env python3
"""Run commands side by side, each line of their output prefixed with the command's name.

Usage:
    python scripts/run_parallel.py NAME=COMMAND [NAME=COMMAND ...]

`make test` uses it to run the SQLite pass (with the browser tests) and the PostgreSQL pass at the same
time: each is one process that mostly waits on its own database or browser, so on two cores the pair
takes about as long as the longer one instead of the sum. Each command runs with its own MEDIA_ROOT
(a fresh temporary directory), so the two passes never write into the same attachment folder.

Lines are printed as they arrive, `[name] line`. At the end it prints each command's exit code and time,
and exits 0 only if every command did. Ctrl-C or SIGTERM stops all of them.

Standard library only; does not import Django.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time


def _pump(name: str, stream, lock: threading.Lock) -> None:
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", "replace").rstrip("\n")
        with lock:
            sys.stdout.write(f"[{name}] {line}\n")
            sys.stdout.flush()
    stream.close()


def main(argv: list[str]) -> int:
    jobs = []
    for arg in argv:
        name, sep, command = arg.partition("=")
        if not sep or not name or not command:
            sys.exit(f"run_parallel: expected NAME=COMMAND, got {arg!r}")
        jobs.append((name, command))
    if not jobs:
        sys.exit("run_parallel: nothing to run")

    lock = threading.Lock()
    started = time.monotonic()
    running = []
    with tempfile.TemporaryDirectory(prefix="tidlig-test-") as tmp:
        for name, command in jobs:
            env = dict(os.environ, MEDIA_ROOT=os.path.join(tmp, name, "media"), PYTHONUNBUFFERED="1")
            proc = subprocess.Popen(
                shlex.split(command),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
            pump = threading.Thread(target=_pump, args=(name, proc.stdout, lock), daemon=True)
            pump.start()
            running.append((name, proc, pump))

        def stop(signum, _frame):
            for _name, proc, _thread in running:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGTERM)
            raise SystemExit(128 + signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)

        finished: dict[str, tuple[int, float]] = {}
        while len(finished) < len(running):
            for name, proc, _thread in running:
                if name not in finished and proc.poll() is not None:
                    finished[name] = (proc.returncode, time.monotonic() - started)
            time.sleep(0.5)
        for _name, _proc, thread in running:
            thread.join()
        results = [(name, *finished[name]) for name, _proc, _thread in running]

    print()
    for name, code, seconds in results:
        minutes, rest = divmod(int(seconds), 60)
        verdict = "passed" if code == 0 else f"FAILED (exit {code})"
        print(f"{name}: {verdict}, finished after {minutes} min {rest:02d} s")
    return 0 if all(code == 0 for _name, code, _s in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
