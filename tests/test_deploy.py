"""`tidlig check --deploy` is clean with the production environment documented in docs/deploy.md.

The environment is read from the document itself (the block that starts with `# /etc/tidlig/tidlig.env`), so
the documentation and the checked configuration cannot drift apart (OWASP ASVS 4.0 V14.1 build and deploy).
"""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "docs" / "deploy.md"


def documented_environment() -> dict[str, str]:
    block = re.search(r"```ini\n# /etc/tidlig/tidlig\.env\n(.*?)```", DEPLOY.read_text(), re.S)
    assert block, "docs/deploy.md has no production environment block"
    pairs = (line.split("=", 1) for line in block.group(1).splitlines() if line and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def check_deploy(tmp_path: Path, **overrides: str) -> subprocess.CompletedProcess:
    secret = tmp_path / "secret_key"
    secret.write_text(secrets.token_urlsafe(50))
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "tidlig.settings",
        **documented_environment(),
        "SECRET_KEY_FILE": str(secret),
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        **overrides,
    }
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_documented_production_environment_passes_every_deploy_check(tmp_path):
    result = check_deploy(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_check_notices_a_production_environment_without_https(tmp_path):
    result = check_deploy(tmp_path, SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")

    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_the_documented_environment_asks_for_what_the_security_officer_expects():
    env = documented_environment()

    assert env["DEBUG"] == "0"
    assert env["DATABASE_URL"].startswith("postgres://")
    assert int(env["SECURE_HSTS_SECONDS"]) >= 31536000
    assert env["SECURE_PROXY_SSL_HEADER"] == "HTTP_X_FORWARDED_PROTO"
    assert "SECRET_KEY" not in env  # a file, never the key itself in an environment file


BEHIND_THE_PROXY = """
import django, json
django.setup()
from django.test import Client
client = Client(SERVER_NAME="tidlig.kommune.dk")
plain = client.get("/login/")
proxied = client.get("/login/", headers={"X-Forwarded-Proto": "https"})
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "proxied": [proxied.status_code, proxied.get("Strict-Transport-Security", ""),
                proxied.get("Cache-Control", ""), "Secure" in str(proxied.cookies.get("csrftoken", ""))],
}))
"""


def test_behind_the_proxy_https_is_recognised_and_plain_http_redirected(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "tidlig.settings",
        **documented_environment(),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECRET_KEY_FILE": "",
    }
    run = subprocess.run(
        [sys.executable, "-c", BEHIND_THE_PROXY],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout.strip().splitlines()[-1])

    assert answer["plain"] == [301, "https://tidlig.kommune.dk/login/"]
    status, hsts, cache, secure_cookie = answer["proxied"]
    assert status == 200
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert "no-store" in cache
    assert secure_cookie
