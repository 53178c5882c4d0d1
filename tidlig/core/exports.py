"""Every table Tidlig shows can be taken away: CSV (semicolon, UTF-8 with BOM, as Danish Excel opens it)
and Excel (openpyxl), from the same columns and rows the page shows — hidden counts keep their marks."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Sheet:
    title: str
    columns: Sequence[str]
    rows: Iterable[Sequence[object]]
    notes: Sequence[str] = field(default_factory=list)


def _safe(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula is quoted (CSV/formula injection, OWASP)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """One CSV: each sheet's title, header and rows, then its notes; a blank line between sheets."""
    out = io.StringIO()
    out.write("\ufeff")
    w = csv.writer(out, delimiter=";")
    for i, sheet in enumerate(sheets):
        if i:
            w.writerow([])
        w.writerow([sheet.title])
        w.writerow(list(sheet.columns))
        for row in sheet.rows:
            w.writerow([_safe(v) for v in row])
        for note in sheet.notes:
            w.writerow([note])
    return _attachment(HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8"), filename)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for sheet in sheets:
        name = _sheet_name(sheet.title, used)
        ws = book.create_sheet(name)
        ws.append([sheet.title])
        ws["A1"].font = Font(bold=True)
        ws.append(list(sheet.columns))
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            ws.append([_safe(v) for v in row])
        if sheet.notes:
            ws.append([])
            for note in sheet.notes:
                ws.append([note])
        for column in ws.columns:
            width = max((len(str(c.value)) for c in column[1:] if c.value is not None), default=8)
            ws.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name, unique per workbook."""
    base = "".join("-" if ch in "[]:*?/\\" else ch for ch in title)[:28] or "Ark"
    name, n = base, 2
    while name.lower() in used:
        name, n = f"{base[:26]} {n}", n + 1
    used.add(name.lower())
    return name


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    return _attachment(HttpResponse(xlsx_bytes(sheets), content_type=XLSX), filename)
