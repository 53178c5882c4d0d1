"""A restore that has been tried: back up a demo with attachments, wipe it, restore it, find everything again.

docs/deploy.md promises that `tidlig backup` and `tidlig restore` bring back every notification and every
attachment byte for byte (GDPR art. 32(1)(c)). The test runs the real commands in child processes against a
SQLite file, or against a fresh PostgreSQL database when DATABASE_URL points to PostgreSQL (as in
`make test-postgres`), which it drops and creates again as the "wipe".
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.test_durability import database_url

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]

ADD = """
import django, weasyprint
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from tidlig.intake.services.registration import NotificationData, NotifierData, notification_register
from tidlig.organisation.models import Staff
from tidlig.people.models import Child

reception = Staff.objects.get(username="modtagelse")
children = list(Child.objects.filter(municipality=reception.municipality, cpr__isnull=False).order_by("pk")[:3])
for i, child in enumerate(children):
    pdf = weasyprint.HTML(string=f"<h1>Notat {i}</h1><p>Barnet kommer ofte sultent i skole.</p>").write_pdf()
    note = f"Referat {i}: samtale med mor den 1. december.\\n".encode()
    notification_register(
        actor=reception,
        data=NotificationData(
            child=child,
            received_at=timezone.now(),
            notifier=NotifierData(kind="professional", name=f"Lærer {i}", workplace="Skolen",
                                  email=f"laerer{i}@skole.invalid"),
            text=f"Backup-prøve {i}: bekymring for barnets trivsel.",
        ),
        channel="web",
        attachments=[SimpleUploadedFile(f"notat-{i}.pdf", pdf), SimpleUploadedFile(f"referat-{i}.txt", note)],
        idempotency_key=f"backup-{i}",
    )
"""

INVENTORY = """
import django, hashlib, json
django.setup()
from tidlig.intake.models import Attachment, Notification
from tidlig.people.models import Child
from tidlig.audit.models import AuditEntry

print(json.dumps({
    "children": Child.objects.count(),
    "audit": AuditEntry.objects.count(),
    "notifications": [[n.pk, n.child_id, n.idempotency_key, n.text] for n in Notification.objects.order_by("pk")],
    "attachments": [
        [a.pk, a.notification_id, a.original_name, a.sha256, hashlib.sha256(a.file.read()).hexdigest()]
        for a in Attachment.objects.order_by("pk")
    ],
}))
"""


def run(env: dict, *args: str, timeout: int = 300) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{' '.join(args)[:80]} failed:\n{result.stdout}\n{result.stderr[-3000:]}"
    return result.stdout


def tamper(archive: Path, damaged: Path) -> Path:
    """A copy of the archive with one byte of one attachment changed (the manifest left as it was)."""
    # Attachments are stored under random names without an ending (intake.storage), so find one by content.
    changed = False
    with tarfile.open(archive, "r:gz") as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else None
            if data is not None and not changed and member.name.startswith("media/") and b"mor" in data:
                data, changed = data.replace(b"mor", b"far", 1), True
            dst.addfile(member, io.BytesIO(data) if data is not None else None)
    assert changed, "the test found no attachment to damage"
    return damaged


def wipe(url: str) -> None:
    """Lose the database: delete the SQLite file, or drop the PostgreSQL database and create it empty."""
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
        return
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def test_a_backup_restores_every_notification_and_attachment(tmp_path):
    media = tmp_path / "media"
    archive = tmp_path / "backups" / "tidlig.tar.gz"
    with database_url(tmp_path) as url:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tidlig.settings",
            "SECRET_KEY": "test",
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(media),
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        run(env, "-m", "django", "migrate", "--no-input", "-v", "0")
        run(env, "-m", "django", "demo", "--children", "40")
        run(env, "-c", ADD)
        before = json.loads(run(env, "-c", INVENTORY).strip().splitlines()[-1])

        made = run(env, "-m", "django", "backup", str(archive))
        wipe(url)
        shutil.rmtree(media)
        refused = subprocess.run(
            [sys.executable, "-m", "django", "restore", str(archive)], cwd=ROOT, env=env, capture_output=True
        )
        restored = run(env, "-m", "django", "restore", str(archive), "--yes")
        after = json.loads(run(env, "-c", INVENTORY).strip().splitlines()[-1])

        damaged = tamper(archive, tmp_path / "damaged.tar.gz")
        refused_damaged = subprocess.run(
            [sys.executable, "-m", "django", "restore", str(damaged), "--yes"],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )  # fmt: skip
        after_refusal = json.loads(run(env, "-c", INVENTORY).strip().splitlines()[-1])

    assert "6 attachment file(s)" in made and "6 attachment file(s)" in restored
    assert refused.returncode != 0 and b"--yes" in refused.stderr
    assert oct(archive.stat().st_mode & 0o777) == "0o600"  # it holds every child's personal data
    assert before["children"] > 0 and len(before["notifications"]) >= 3
    assert len(before["attachments"]) == 6
    for _pk, _notification, name, recorded, actual in after["attachments"]:
        assert recorded == actual, f"{name} differs from the file that was uploaded"
    assert after == before
    assert refused_damaged.returncode != 0 and "damaged" in refused_damaged.stderr
    assert after_refusal == before  # a damaged archive changes nothing
