"""A newcomer's `make run`: the Makefile finds the newest Python 3.12+ wherever it is, or says what to do."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "find_python.sh"


def fake_python(path: Path, minor: str) -> Path:
    """An executable answering the script's version question ("" for a Python older than 3.12)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\necho '{minor}'\n")
    path.chmod(0o755)
    return path


def find(tmp_path: Path, **env) -> subprocess.CompletedProcess:
    base = {"PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path / "home")}
    base["PYENV_ROOT"] = str(tmp_path / "pyenv")
    return subprocess.run(["sh", str(SCRIPT)], env=base | env, capture_output=True, text=True, check=False)


def test_the_newest_python_wins_wherever_it_is(tmp_path):
    # Minor versions above any real one, so a Python installed on the machine does not interfere.
    fake_python(tmp_path / "bin" / "python3", "")  # Debian 12's own python3: 3.11
    fake_python(tmp_path / "bin" / "python3.12", "40")
    newest = fake_python(tmp_path / "home" / ".local" / "bin" / "python3.13", "42")
    fake_python(tmp_path / "pyenv" / "shims" / "python3.13", "41")

    assert find(tmp_path).stdout.strip() == str(newest)


def test_pyenv_versions_are_found_when_the_shims_point_elsewhere(tmp_path):
    installed = fake_python(tmp_path / "pyenv" / "versions" / "3.13.0" / "bin" / "python3.13", "43")
    assert find(tmp_path).stdout.strip() == str(installed)


def test_the_makefile_says_what_to_do_when_no_python_is_new_enough(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").write_text("")
    result = subprocess.run(
        ["make", "--no-print-directory", "setup", "PYTHON="],
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Tidlig needs Python 3.12 or newer" in result.stderr
    assert "Debian 12" in result.stderr and not (tmp_path / ".venv").exists()
