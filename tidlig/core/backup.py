"""Backup and restore of the database and the attachments, in one archive (docs/deploy.md, "Backups").

BL § 136 and the archive rules mean a received notification and its attachments must never be lost
(ASVS 4.0 V14 configuration; GDPR art. 32(1)(c): "the ability to restore the availability and access to
personal data in a timely manner"). One archive holds both, so a restore never pairs a database with the
attachments of another day:

    tidlig-backup-20261202T031500Z.tar.gz
      manifest.json      format, engine, time, every attachment's size and SHA-256
      database.dump      PostgreSQL: pg_dump --format=custom
      database.sqlite3   SQLite: a consistent copy made with SQLite's online backup API
      media/...          MEDIA_ROOT as it was

The archive holds every child's personal data: store it encrypted and as access-controlled as the database.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT = 1


class BackupError(Exception):
    pass


def _engine(alias: str = "default") -> str:
    engine = settings.DATABASES[alias]["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Backup of {engine} is not supported (PostgreSQL and SQLite are).")


def _pg_tool(name: str) -> str:
    """pg_dump/pg_restore: the newest in Debian's /usr/lib/postgresql/*/bin, else from PATH.

    pg_dump must be at least as new as the server, so the newest installed one is the safe choice."""

    def version(path: str) -> tuple[int, ...]:
        part = Path(path).parts[-3]
        return tuple(int(p) for p in part.split(".") if p.isdigit())

    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version, reverse=True)
    tool = found[0] if found else shutil.which(name)
    if not tool:
        raise BackupError(f"{name} was not found; install PostgreSQL's client programs.")
    return tool


def _pg_args_env(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES[alias]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]  # in the environment, never on the command line (ps shows it)
    return args, env


def _run(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files(media: Path) -> dict[str, dict]:
    if not media.is_dir():
        return {}
    return {
        str(p.relative_to(media)): {"size": p.stat().st_size, "sha256": _sha256(p)}
        for p in sorted(media.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def backup(archive: Path, *, alias: str = "default", now: dt.datetime | None = None) -> dict:
    """Write the database and MEDIA_ROOT into `archive` (.tar.gz); return the manifest."""
    engine = _engine(alias)
    media = Path(settings.MEDIA_ROOT)
    now = now or dt.datetime.now(dt.UTC)
    with tempfile.TemporaryDirectory(prefix="tidlig-backup-") as tmp:
        work = Path(tmp)
        if engine == "postgresql":
            dump = work / "database.dump"
            args, env = _pg_args_env(alias)
            # --no-owner/--no-acl: the dump restores into a database owned by whichever role restores it.
            _run(
                [
                    _pg_tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-acl",
                    "--file",
                    str(dump),
                    *args,
                ],
                env,
            )
        else:
            dump = work / "database.sqlite3"
            # The online backup API copies a consistent snapshot while the application keeps writing (WAL).
            source = sqlite3.connect(settings.DATABASES[alias]["NAME"])
            target = sqlite3.connect(dump)
            try:
                with target:
                    source.backup(target)
            finally:
                target.close()
                source.close()
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created_at": now.isoformat(timespec="seconds"),
            "database": dump.name,
            "database_sha256": _sha256(dump),
            "media": _media_files(media),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1))
        archive.parent.mkdir(parents=True, exist_ok=True)
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / "manifest.json", "manifest.json")
            tar.add(dump, dump.name)
            for name in manifest["media"]:
                tar.add(media / name, f"media/{name}")
        os.chmod(partial, 0o600)
        os.replace(partial, archive)  # an archive that exists is whole
    return manifest


def restore(archive: Path, *, alias: str = "default") -> dict:
    """Replace the database and MEDIA_ROOT with the archive's; check every file against the manifest."""
    engine = _engine(alias)
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="tidlig-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")  # no absolute paths, no "..", no links out of `work`
        manifest = json.loads((work / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        if manifest["engine"] != engine:
            raise BackupError(f"The backup is of a {manifest['engine']} database; this is {engine}.")
        dump = work / manifest["database"]
        if _sha256(dump) != manifest["database_sha256"]:
            raise BackupError("The database in the archive is damaged (SHA-256 differs from the manifest).")
        for name, meta in manifest["media"].items():
            if _sha256(work / "media" / name) != meta["sha256"]:
                raise BackupError(f"The attachment {name} in the archive is damaged.")

        connections[alias].close()
        if engine == "postgresql":
            args, env = _pg_args_env(alias)
            # --clean --if-exists drops what is there first; one transaction, so a failure changes nothing.
            _run(
                [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-acl",
                 "--single-transaction", "--exit-on-error", *args, str(dump)],
                env,
            )  # fmt: skip
        else:
            name = Path(settings.DATABASES[alias]["NAME"])
            for suffix in ("-wal", "-shm"):
                Path(f"{name}{suffix}").unlink(missing_ok=True)
            target = sqlite3.connect(name)
            source = sqlite3.connect(dump)
            try:
                with target:
                    source.backup(target)
            finally:
                source.close()
                target.close()

        incoming = media.with_name(media.name + ".restoring")
        shutil.rmtree(incoming, ignore_errors=True)
        if (work / "media").is_dir():
            shutil.copytree(work / "media", incoming)
        else:
            incoming.mkdir(parents=True)
        old = media.with_name(media.name + ".before-restore")
        shutil.rmtree(old, ignore_errors=True)
        if media.exists():
            media.rename(old)
        incoming.rename(media)
        shutil.rmtree(old, ignore_errors=True)
    return manifest
