"""Attachments are judged by what they are, not what they are called (issue 8): a PDF parses, an Office file
is a package of its kind, an image decodes, a text is UTF-8 without markup; files per notification are capped."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tidlig.intake.models import Attachment, Notification
from tidlig.intake.services import validate_attachments

from . import files
from .test_views_attachments import form_with, text

LIMITS = {"max_bytes": 20 * 2**20, "max_files": 10, "max_total_bytes": 50 * 2**20}


def refusal(*uploads, **limits) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        validate_attachments(list(uploads), **{**LIMITS, **limits})
    return caught.value.message_dict["attachments"]


@pytest.mark.parametrize(
    "name, content",
    [
        ("notat.pdf", files.pdf()),
        ("brev.docx", files.docx()),
        ("fravaer.xlsx", files.xlsx()),
        ("foto.png", files.image("PNG")),
        ("foto.jpg", files.image("JPEG")),
        ("noter.txt", "Lukas var ked af det i dag. Æbler < pærer.".encode()),
    ],
)
def test_real_files_of_every_kind_are_received(name, content):
    validate_attachments([files.upload(name, content)], **LIMITS)


@pytest.mark.parametrize(
    "name, content, why",
    [
        ("notat.pdf", files.POLYGLOT, "ikke en gyldig PDF-fil"),
        ("notat.pdf", files.pdf() + files.HTML, "websidekode"),
        ("noter.txt", files.HTML, "websidekode"),
        ("noter.txt", b"<script>alert(1)</script>", "websidekode"),
        ("noter.txt", "Lukas græd".encode("latin-1"), "ikke en gyldig TXT-fil"),
        ("brev.docx", b"PK\x03\x04 not a zip at all", "ikke en gyldig DOCX-fil"),
        ("brev.docx", files.xlsx(), "ikke en gyldig DOCX-fil"),  # a spreadsheet renamed
        ("brev.docx", files.office(part="word/other.xml"), "ikke en gyldig DOCX-fil"),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + files.HTML, "ikke en gyldig PNG-fil"),
        ("foto.jpg", files.image("PNG"), "ikke en gyldig JPG-fil"),
        ("program.exe", b"MZ\x90\x00", "har en type, der ikke kan modtages"),
    ],
)
def test_a_file_that_is_not_what_it_is_called_is_refused_by_name(name, content, why):
    (message,) = refusal(files.upload(name, content))

    assert name in message
    assert why in message


def test_every_bad_file_is_named_in_one_round():
    messages = refusal(
        files.upload("a.pdf", files.POLYGLOT),
        files.upload("ok.pdf", files.pdf()),
        files.upload("b.txt", files.HTML),
    )

    assert len(messages) == 2
    assert "a.pdf" in messages[0] and "b.txt" in messages[1]


def test_files_per_notification_and_their_total_are_capped():
    eleven = [files.upload(f"side{i}.txt", b"tekst") for i in range(11)]
    (too_many,) = refusal(*eleven)
    assert "11 filer; højst 10" in too_many
    validate_attachments(eleven[:10], **LIMITS)  # ten is the limit, and allowed

    (too_much,) = refusal(
        files.upload("a.txt", b"x" * 700), files.upload("b.txt", b"x" * 700), max_total_bytes=1024
    )
    assert "tilsammen" in too_much


def test_thirty_files_through_the_form_are_refused_in_danish_and_the_form_is_kept(
    client_for, rita, child, media
):
    thirty = [files.upload(f"side{i}.txt", b"tekst", "text/plain") for i in range(30)]

    response = client_for(rita).post("/underretninger/ny/", form_with(thirty))

    assert response.status_code == 200
    assert "Der er vedhæftet 30 filer; højst 10 kan modtages pr. underretning." in text(response)
    assert "Se vedhæftede notat." in text(response)
    assert Notification.objects.count() == 0
    assert Attachment.objects.count() == 0
    # The same URL takes the same notification with the files that are allowed.
    response = client_for(rita).post(
        "/underretninger/ny/",
        form_with(
            [
                files.upload("notat.pdf", files.pdf(), "application/pdf"),
                files.upload("brev.docx", files.docx()),
            ]
        ),
    )
    assert response.status_code == 302
    assert sorted(Attachment.objects.values_list("original_name", "content_type")) == [
        ("brev.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("notat.pdf", "application/pdf"),
    ]


@pytest.mark.parametrize(
    "name, content",
    [("notat.pdf", files.POLYGLOT), ("noter.txt", files.HTML), ("brev.docx", b"PK\x03\x04fake")],
)
def test_the_polyglot_the_renamed_page_and_the_fake_docx_are_not_stored(
    client_for, rita, child, media, name, content
):
    response = client_for(rita).post(
        "/underretninger/ny/", form_with(files.upload(name, content, "application/pdf"))
    )

    assert response.status_code == 200
    assert f"Filen {name}" in text(response)
    assert Attachment.objects.count() == 0
    assert not any(media.rglob("*.*"))


def test_a_stored_file_is_served_only_as_a_download(client_for, rita, child, media):
    client_for(rita).post(
        "/underretninger/ny/", form_with(files.upload("foto.png", files.image("PNG"), "image/png"))
    )
    a = Attachment.objects.get()

    download = client_for(rita).get(f"/underretninger/{a.notification_id}/bilag/{a.pk}/")

    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    b"".join(download.streaming_content)
