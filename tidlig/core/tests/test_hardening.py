"""Hardening as deployed (OWASP ASVS 4.0 V14.4, V8.2, V14.2): the headers every answer carries, no inline
script in any template, and the API docs for signed-in staff only, from Tidlig's own static files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(p for p in ROOT.rglob("templates/**/*.html") if "vendor" not in p.parts)


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def test_every_page_carries_a_strict_content_security_policy(client_for, alice):
    response = client_for(alice).get("/", follow=True)

    assert response.status_code == 200
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no CDN
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert not [v for values in csp.values() for v in values if v.startswith(("http", "*", "'unsafe"))]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_the_login_page_carries_it_too():
    response = Client().get("/login/")

    assert response.status_code == 200
    assert directives(response)["script-src"] == ["'self'"]


def test_a_printable_letter_styles_itself_with_the_nonce_of_its_own_answer(client_for, lea, child, group):
    response = client_for(lea).get(f"/trivsel/barn/{child.pk}/foraeldre/")

    assert response.status_code == 200
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in directives(response)["style-src"]
    assert "'unsafe-inline'" not in directives(response)["style-src"]
    assert client_for(lea).get(f"/trivsel/barn/{child.pk}/foraeldre/").content.decode().count(nonce) == 0


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_an_inline_script_handler_or_style(path):
    html = path.read_text()

    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    handlers = re.findall(r"<[^>]*\son[a-z]+\s*=", html)
    style_attributes = re.findall(r"<[^>]*\sstyle\s*=", html)
    unnonced_styles = re.findall(r"<style(?![^>]*\bnonce=)[^>]*>", html)
    # htmx evaluates hx-on:*, "js:" values and trigger filters ([…]) with Function(): 'unsafe-eval' refuses it.
    htmx_eval = re.findall(r"hx-on[:-]|=\s*[\"']js:|hx-trigger=\"[^\"]*\[", html)
    assert (inline_scripts, handlers, style_attributes, unnonced_styles, htmx_eval) == ([], [], [], [], [])


def test_pages_pdfs_and_api_answers_are_never_stored(client_for, token_for, lea, alice, child, group):
    page = client_for(alice).get("/", follow=True)
    pdf = client_for(lea).get(f"/trivsel/barn/{child.pk}/foraeldre/pdf/")
    api = token_for(alice).get("/api/v1/worklist")
    login = Client().get("/login/")

    for response in (page, pdf, api, login):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], response["Content-Type"]
    assert pdf["Content-Type"] == "application/pdf"


def test_static_files_stay_cacheable(client):
    response = client.get("/static/tidlig/tidlig.css")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_api_docs_are_for_signed_in_staff_only(client_for, token_for, alice):
    anonymous = Client()

    docs = anonymous.get("/api/v1/docs")
    schema = anonymous.get("/api/v1/openapi.json")
    bad_token = Client(headers={"Authorization": "Bearer not-a-token"}).get("/api/v1/openapi.json")

    assert docs.status_code == 302 and docs["Location"].startswith("/login/?next=/api/v1/docs")
    assert schema.status_code == 401 and "paths" not in schema.json()
    assert bad_token.status_code == 401
    assert client_for(alice).get("/api/v1/docs").status_code == 200
    assert client_for(alice).get("/api/v1/openapi.json").json()["info"]["title"] == "Tidlig API"
    assert token_for(alice).get("/api/v1/openapi.json").status_code == 200


def test_the_api_docs_load_nothing_from_another_host(client_for, alice):
    response = client_for(alice).get("/api/v1/docs")

    html = response.content.decode()
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in references
    assert "/static/tidlig/swagger-init.js" in references
    assert [r for r in references if not r.startswith("/")] == []
    assert "cdn" not in html.lower()
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html) == []
    assert Client().get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
