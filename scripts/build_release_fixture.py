"""Build the database a previous release's `tidlig demo` leaves behind, for the migration tests (issue 9).

    .venv/bin/python scripts/build_release_fixture.py COMMIT [--children N] [--seed S] [--out PATH]

Checks COMMIT out with `git worktree add --detach` into a temporary directory, runs that checkout's own
`migrate` and `demo --children N --seed S` into a fresh SQLite file with the clock pinned to a fixed
moment (so the same commit, size and seed always give the same rows), and writes it xz-compressed to
tests/fixtures/release-<short commit>.sqlite3.xz. The old code runs in this virtualenv (the release's
dependencies must still be installed here); the checkout is put first on the import path, so its
`tidlig` package is the one imported, which the run checks. The worktree is removed afterwards.
"""

from __future__ import annotations

import argparse
import lzma
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MOMENT = "2026-11-18T10:00:00+01:00"  # conftest's default pin: a Wednesday, nowhere near a DST night

RUNNER = """
import os, sys
import time_machine

with time_machine.travel({moment!r}, tick=False):
    import django
    django.setup()
    import tidlig.settings
    assert os.path.dirname(os.path.dirname(tidlig.settings.__file__)) == {checkout!r}, tidlig.settings.__file__
    from django.core.management import call_command
    call_command("migrate", verbosity=0, interactive=False)
    call_command("demo", children={children}, seed={seed}, verbosity=0)
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
"""


def build(commit: str, *, children: int, seed: int, out: Path | None) -> Path:
    full = subprocess.run(
        ["git", "rev-parse", "--verify", f"{commit}^{{commit}}"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    out = out or ROOT / "tests" / "fixtures" / f"release-{full[:7]}.sqlite3.xz"
    with tempfile.TemporaryDirectory(prefix="tidlig-release-") as tmp:
        checkout = Path(tmp) / "checkout"
        database = Path(tmp) / "demo.sqlite3"
        subprocess.run(["git", "worktree", "add", "--detach", str(checkout), full], cwd=ROOT, check=True)
        try:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "tidlig.settings",
                "DATABASE_URL": f"sqlite:///{database}",
                "SECRET_KEY": "release-fixture-only",
                "PYTHONPATH": str(checkout),
            }
            env.pop("DEBUG", None)
            runner = RUNNER.format(moment=MOMENT, checkout=str(checkout), children=children, seed=seed)
            subprocess.run([sys.executable, "-c", runner], cwd=checkout, env=env, check=True)
            for suffix in ("-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(lzma.compress(database.read_bytes(), preset=9 | lzma.PRESET_EXTREME))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=ROOT, check=False)
    print(
        f"{out.relative_to(ROOT)}: {out.stat().st_size / 1e6:.2f} MB (commit {full}, children {children}, seed {seed})"
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit")
    parser.add_argument("--children", type=int, default=300)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    build(args.commit, children=args.children, seed=args.seed, out=args.out)


if __name__ == "__main__":
    main()
