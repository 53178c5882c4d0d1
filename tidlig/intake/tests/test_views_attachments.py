"""Attachments to a notification: upload with the form, download as reception; unsafe files refused."""

from __future__ import annotations

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tidlig.intake.models import Attachment, Notification

from . import files

PDF = files.pdf()


def text(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def url(n: Notification, action: str = "") -> str:
    return f"/underretninger/{n.pk}/{action}"


def form_with(upload) -> dict:
    return {
        "idempotency_key": "with-attachment",
        "child_cpr": "150418-4235",
        "received_at": "2025-04-14T09:30",
        "notifier_kind": "professional",
        "notifier_name": "Lærke Lærer",
        "notifier_workplace": "Testrup Skole",
        "notifier_email": "laerke@skole.invalid",
        "text": "Se vedhæftede notat.",
        "attachments": upload,
    }


def test_an_attachment_is_uploaded_and_downloaded(client_for, rita, bob, child, media):
    client = client_for(rita)

    response = client.post(
        "/underretninger/ny/", form_with(SimpleUploadedFile("notat.pdf", PDF, content_type="application/pdf"))
    )

    assert response.status_code == 302
    a = Attachment.objects.get()
    assert (a.original_name, a.content_type, a.size) == ("notat.pdf", "application/pdf", len(PDF))
    page = client.get(response["Location"])
    assert "notat.pdf" in text(page)
    download = client.get(url(a.notification, f"bilag/{a.pk}/"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # reading it to the end closes the file
    assert 'filename="notat.pdf"' in download["Content-Disposition"]
    assert download["Content-Disposition"].startswith("attachment")
    assert client_for(bob).get(url(a.notification, f"bilag/{a.pk}/")).status_code == 404


def test_a_disallowed_file_type_is_refused_in_danish(client_for, rita, child, media):
    upload = SimpleUploadedFile("program.exe", b"MZ\x90\x00binary", content_type="application/x-msdownload")

    response = client_for(rita).post("/underretninger/ny/", form_with(upload))

    assert response.status_code == 200
    assert (
        "Filen program.exe har en type, der ikke kan modtages. Brug PDF, Word, Excel, PowerPoint, JPEG, PNG eller tekst."
        in text(response)
    )
    assert "Se vedhæftede notat." in text(response)  # the rest of the form is kept
    assert Notification.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_a_program_declared_as_pdf_is_refused(client_for, rita, child, media):
    """The browser's Content-Type is the sender's claim; a Windows program renamed .pdf must not be stored."""
    upload = SimpleUploadedFile("faktura.pdf.exe", b"MZ\x90\x00binary", content_type="application/pdf")

    response = client_for(rita).post("/underretninger/ny/", form_with(upload))

    assert response.status_code == 200
    assert "har en type, der ikke kan modtages" in text(response)
    assert Attachment.objects.count() == 0


@pytest.fixture
def urls_as_with_debug(settings):
    """The URL map as `make run` builds it (DEBUG=1), rebuilt from tidlig.urls; restored afterwards."""
    import importlib

    from django.urls import clear_url_caches

    import tidlig.urls

    settings.DEBUG = True
    importlib.reload(tidlig.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(tidlig.urls)
    clear_url_caches()


def test_with_debug_on_no_url_serves_an_attachment_file(
    client, client_for, rita, child, media, urls_as_with_debug
):
    """Issue 8: with DEBUG=1, MEDIA_URL "/" served /notifications/<id>/<file> to anyone without login."""
    from django.urls import Resolver404, resolve

    client_for(rita).post(
        "/underretninger/ny/", form_with(SimpleUploadedFile("notat.pdf", PDF, content_type="application/pdf"))
    )
    a = Attachment.objects.get()
    assert (media / a.file.name).exists()  # the file is on disk, under MEDIA_ROOT
    assert "notat" not in a.file.name and not a.file.name.endswith(".pdf")  # a random name, no ending

    for path in (f"/{a.file.name}", f"/media/{a.file.name}", f"/notifications/{a.notification_id}/notat.pdf"):
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code in (302, 404), path
        assert PDF not in body, path
        with pytest.raises(Resolver404):
            resolve(path)
    with pytest.raises(ValueError):
        a.file.url  # noqa: B018 - stored without any URL
    # Only the permission-checked view hands it out, to the rightful user.
    assert client.get(url(a.notification, f"bilag/{a.pk}/")).status_code == 302  # to the login page
    download = client_for(rita).get(url(a.notification, f"bilag/{a.pk}/"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
