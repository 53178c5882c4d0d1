"""What reception may receive as attachments to a notification, judged by what the file really is.

The ending and the browser's declared type are the sender's claim. A file is accepted only if its
content has the structure its ending promises: a PDF parses, an Office file is a zip package of the
right kind, an image decodes, a text is UTF-8 text. No file may carry HTML or script, so a polyglot
cannot become a page in a browser (ASVS V12.2.1, V12.1.1: number and size of files are limited).
Attachments are kept (BL § 136) and served only as downloads (Content-Disposition: attachment, nosniff).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOC = "application/msword"
TEXT = "text/plain"

# What reception may receive, by file ending: the content type it is stored and served with.
ATTACHMENT_KINDS = {
    ".pdf": PDF,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": PNG,
    ".docx": DOCX,
    ".xlsx": XLSX,
    ".pptx": PPTX,
    ".doc": DOC,
    ".txt": TEXT,
}

# An Office Open XML package names its main part in [Content_Types].xml (ECMA-376 part 2).
OFFICE_MAIN_PARTS = {
    DOCX: ("word/document.xml", "wordprocessingml.document.main+xml"),
    XLSX: ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    PPTX: ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary Word format (.doc)
# A zip that unpacks to more than this is a zip bomb, not a letter.
OFFICE_MAX_UNPACKED = 500 * 2**20
OFFICE_MAX_PARTS = 10_000

# Photos up to this size are decoded in full to find a truncated file; larger ones (rare, and costly in
# memory) are checked by their structure only. Pillow refuses decompression bombs on its own.
FULL_DECODE_MAX_PIXELS = 50_000_000

# Markup a browser would run or render as a page. Looked for in the whole file, case-insensitively.
MARKUP = re.compile(rb"<\s*(html|script|!doctype)[\s>/]", re.IGNORECASE)
SCAN_CHUNK = 1 << 20
SCAN_OVERLAP = 32


def attachment_kind(f: UploadedFile) -> str | None:
    """The content type for the file's ending, or None if the ending is not received at all."""
    name = f.name or ""
    ending = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ATTACHMENT_KINDS.get(ending)


def _read_all(f: UploadedFile) -> bytes:
    f.seek(0)
    data = f.read()
    f.seek(0)
    return data


def _has_markup(f: UploadedFile) -> bool:
    f.seek(0)
    tail = b""
    try:
        while chunk := f.read(SCAN_CHUNK):
            if MARKUP.search(tail + chunk):
                return True
            tail = chunk[-SCAN_OVERLAP:]
    finally:
        f.seek(0)
    return False


def _is_pdf(data: bytes) -> bool:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.startswith(b"%PDF-"):
        return False
    try:
        reader = PdfReader(io.BytesIO(data))
        return len(reader.pages) >= 1
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return False


def _is_office(data: bytes, content_type: str) -> bool:
    main_part, main_type = OFFICE_MAIN_PARTS[content_type]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            if len(infos) > OFFICE_MAX_PARTS or sum(i.file_size for i in infos) > OFFICE_MAX_UNPACKED:
                return False
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names or main_part not in names:
                return False
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                return False  # macros: a .docx never has them
            types = package.read("[Content_Types].xml")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError):
        return False
    return main_type.encode() in types and b"macroEnabled" not in types


def _is_image(data: bytes, content_type: str) -> bool:
    from PIL import Image, UnidentifiedImageError

    expected = {JPEG: "JPEG", PNG: "PNG"}[content_type]
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != expected:
                return False
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height <= FULL_DECODE_MAX_PIXELS:
                image.load()  # verify() does not decode the pixels; a truncated image fails here
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False
    return True


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\x00" not in text


def content_is(f: UploadedFile, content_type: str) -> bool:
    """Whether the file really has the structure of its content type."""
    if content_type == DOC:
        f.seek(0)
        head = f.read(len(OLE2))
        f.seek(0)
        return head == OLE2
    data = _read_all(f)
    if content_type == PDF:
        return _is_pdf(data)
    if content_type in OFFICE_MAIN_PARTS:
        return _is_office(data, content_type)
    if content_type in (JPEG, PNG):
        return _is_image(data, content_type)
    return _is_text(data)


def _file_error(f: UploadedFile, *, max_bytes: int) -> str | None:
    name = f.name
    if f.size == 0:
        return _("Filen %(name)s er tom. Vedhæft filen igen, eller fjern den.") % {"name": name}
    if f.size > max_bytes:
        return _(
            "Filen %(name)s er for stor (højst %(mb)d MB). Del den op, eller send den til modtagelsen."
        ) % {
            "name": name,
            "mb": max_bytes // 2**20,
        }
    content_type = attachment_kind(f)
    if content_type is None:
        return _(
            "Filen %(name)s har en type, der ikke kan modtages. Brug PDF, Word, Excel, PowerPoint, JPEG, PNG eller tekst."
        ) % {"name": name}
    if not content_is(f, content_type):
        return _(
            "Filen %(name)s er ikke en gyldig %(kind)s-fil, selv om den hedder sådan. "
            "Gem den igen fra det program, den er lavet i (fx som PDF), og vedhæft den igen."
        ) % {"name": name, "kind": name.rsplit(".", 1)[-1].upper()}
    if _has_markup(f):
        return _(
            "Filen %(name)s indeholder websidekode (HTML eller script) og kan ikke modtages. "
            "Gem indholdet som PDF, og vedhæft den igen."
        ) % {"name": name}
    return None


def validate_attachment(f: UploadedFile, *, max_bytes: int) -> None:
    error = _file_error(f, max_bytes=max_bytes)
    if error:
        raise ValidationError({"attachments": [error]})


def validate_attachments(
    files: Sequence[UploadedFile], *, max_bytes: int, max_files: int, max_total_bytes: int
) -> None:
    """Raise one ValidationError naming every file to fix, and the count or total if too many or too much."""
    errors: list[str] = []
    if len(files) > max_files:
        errors.append(
            ngettext(
                "Der er vedhæftet %(count)d fil; højst %(max)d kan modtages pr. underretning. Saml dem, fx i én PDF.",
                "Der er vedhæftet %(count)d filer; højst %(max)d kan modtages pr. underretning. Saml dem, fx i én PDF.",
                len(files),
            )
            % {"count": len(files), "max": max_files}
        )
    total = sum(f.size or 0 for f in files)
    if total > max_total_bytes:
        errors.append(
            _(
                "Filerne fylder %(total)d MB tilsammen; højst %(max)d MB kan modtages pr. underretning. "
                "Send færre eller mindre filer."
            )
            % {"total": -(-total // 2**20), "max": max_total_bytes // 2**20}
        )
    if not errors:  # a flood of files is not opened one by one
        errors.extend(e for f in files if (e := _file_error(f, max_bytes=max_bytes)))
    if errors:
        raise ValidationError({"attachments": errors})
