#!/usr/bin/env python3
"""Run the test suite under a sweep of clocks: CI runs at any hour of any day (issue 8 §6).

Usage:
    python scripts/test_clocks.py [--mode pin|faketime|both] [--clock NAME ...] [-- PYTEST ARGS]

Two ways of moving "now", because they catch different mistakes:

- pin: the suite's own clock (conftest.py travels to TIDLIG_TEST_NOW with time-machine) is moved to each
  hard moment. Catches tests whose dates only hold on some days (a period "opened 10 days ago" in another
  half-year, a hard-coded date now in the future) and product code that takes the UTC date for the local one.
- faketime: the pin stays where it is and the *real* process clock is shifted to each hard moment with
  libfaketime (Debian: apt-get install faketime), in pytest and in every process it starts. Catches whatever
  reads the real clock behind the pin's back: a subprocess (the durability test's server), a module-level
  `date.today()`, a library keeping its own clock. With `--unpinned` the pin is switched off as well, which is
  how the suite behaved before it was pinned.

PYTEST ARGS default to `-m "not browser and not slow" -q`; pass e.g. `-- tests/test_durability.py -q` for
the slow ones on a couple of clocks. Prints one line per clock and the failed tests; exits 1 if any failed.
Standard library only; does not import Django.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTEST = [str(ROOT / ".venv" / "bin" / "pytest")]
DEFAULT_PYTEST_ARGS = ["-m", "not browser and not slow", "-q"]

# The hard moments, local time in Copenhagen with its offset. Kept clear of the exact second a day or hour
# turns, so a suite that takes minutes under faketime (whose clock runs) stays on the same side.
CLOCKS = {
    "month-end-late": "2026-11-30T23:30:00+01:00",  # local date 30.11, UTC 22:30
    "month-start-night": "2026-12-01T00:30:00+01:00",  # local 01.12, still 30.11 in UTC
    "june-30-late": "2026-06-30T23:30:00+02:00",  # the last half hour of a half-year
    "july-1-night": "2026-07-01T00:30:00+02:00",  # a new half-year in Copenhagen, not yet in UTC
    "dst-spring-before": "2027-03-28T01:30:00+01:00",  # last Sunday of March, before 02:00 → 03:00
    "dst-spring-after": "2027-03-28T02:30:00+01:00",  # 02:30 does not exist locally: this is 03:30 CEST
    "dst-autumn-first": "2026-10-25T02:30:00+02:00",  # last Sunday of October, the first 02:30
    "dst-autumn-second": "2026-10-25T02:30:00+01:00",  # the same wall-clock time an hour later
    "new-years-night": "2027-01-01T00:30:00+01:00",  # a holiday, a new year, 31.12 in UTC
    "leap-day": "2028-02-29T12:00:00+01:00",
    "saturday": "2026-12-05T11:00:00+01:00",
    "mid-january": "2027-01-12T10:00:00+01:00",  # a period opened days ago is in last half-year
    "mid-july": "2027-07-13T10:00:00+02:00",
}
# faketime re-runs the suite once per clock as well; the pin sweep already covers every date, so by default it
# takes the nights on which the UTC date and the local one differ.
FAKETIME_CLOCKS = ("month-start-night", "new-years-night", "dst-spring-after")
# libfaketime 0.9.10 (Debian 12) with FAKETIME_DONT_FAKE_MONOTONIC breaks clock_nanosleep, so time.sleep
# raises EINVAL; faking the monotonic clock as well hangs every lock wait with a timeout instead. So Python's
# sleep waits on select() in the processes faketime runs (sitecustomize, found on PYTHONPATH at start-up).
SLEEP_BY_SELECT = """
import select, time
time.sleep = lambda seconds, _select=select.select: _select([], [], [], seconds) and None
"""
FAILED = re.compile(r"^(FAILED|ERROR) (\S+)", re.M)
SUMMARY = re.compile(r"^=*\s*(.*\b(passed|failed|error|errors|no tests ran)\b.*?)\s*=*$", re.M)


def run(name: str, moment: str, mode: str, pytest_args: list[str], unpinned: bool) -> tuple[bool, str, list]:
    env = dict(os.environ, SECRET_KEY=os.environ.get("SECRET_KEY", "test"))
    cmd = [*PYTEST, "-p", "no:cacheprovider", *pytest_args]
    if mode == "pin":
        env["TIDLIG_TEST_NOW"] = moment
    else:
        if unpinned:
            env["TIDLIG_TEST_NOW"] = "real"
        # A relative offset: libfaketime then needs no time zone to read it, and the clock keeps running.
        offset = round(dt.datetime.fromisoformat(moment).timestamp() - time.time())
        # Python's threads and selectors wait on the monotonic clock; shifting it too only makes them hang.
        env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
        site = Path(tempfile.mkdtemp(prefix="tidlig-faketime-"))
        (site / "sitecustomize.py").write_text(SLEEP_BY_SELECT)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
        cmd = ["faketime", "-f", f"{offset:+d}s", *cmd]
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    out = proc.stdout + proc.stderr
    summary = SUMMARY.findall(out)
    line = summary[-1][0] if summary else f"exit code {proc.returncode}"
    failures = FAILED.findall(out)
    ok = proc.returncode == 0
    print(
        f"{'ok  ' if ok else 'FAIL'} {mode:8} {name:20} {moment}  {line}  ({time.monotonic() - started:.0f} s)",
        flush=True,
    )
    for kind, test in failures:
        print(f"       {kind} {test}", flush=True)
    if not ok and not failures:
        print(out[-3000:], flush=True)
    return ok, name, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["pin", "faketime", "both"], default="both")
    parser.add_argument("--clock", action="append", choices=sorted(CLOCKS), help="only these (repeatable)")
    parser.add_argument("--at", action="append", default=[], help="another moment, ISO 8601 with offset")
    parser.add_argument("--unpinned", action="store_true", help="faketime mode: switch the pin off too")
    argv = sys.argv[1:]
    pytest_args = DEFAULT_PYTEST_ARGS
    if "--" in argv:
        at = argv.index("--")
        argv, pytest_args = argv[:at], argv[at + 1 :] or DEFAULT_PYTEST_ARGS
    args = parser.parse_args(argv)
    modes = ["pin", "faketime"] if args.mode == "both" else [args.mode]
    if "faketime" in modes and not shutil.which("faketime"):
        sys.exit("faketime is not installed (Debian: apt-get install faketime); or run with --mode pin")

    def clocks(mode: str) -> dict[str, str]:
        default = () if args.at else CLOCKS if mode == "pin" else FAKETIME_CLOCKS
        chosen = {name: CLOCKS[name] for name in args.clock or default}
        return chosen | {f"at-{i + 1}": moment for i, moment in enumerate(args.at)}

    results = [
        run(name, moment, mode, pytest_args, args.unpinned)
        for mode in modes
        for name, moment in clocks(mode).items()
    ]
    bad = [r for r in results if not r[0]]
    print(f"{len(results) - len(bad)} of {len(results)} clock runs passed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
