"""Real files of each kind reception receives, built in memory, and the fakes an attacker would send."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image(fmt: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "orange").save(out, format=fmt)
    return out.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.{main}"/>'
    "</Types>"
)


def office(part: str = "word/document.xml", main: str = "wordprocessingml.document.main+xml") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(part=part, main=main))
        z.writestr(part, "<w:document><w:body><w:p>Notat</w:p></w:body></w:document>")
    return out.getvalue()


def docx() -> bytes:
    return office()


def xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Fravær"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/v1/children')</script></body></html>"
# Starts like a PDF, so a check of the first bytes passes it; a browser sniffing it sees a page.
POLYGLOT = b"%PDF-1.4\n" + HTML + b"\n%%EOF\n"
