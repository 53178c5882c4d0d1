"""The delivery as a file, in an interim format until DST's kravspecifikation (§ 6, stk. 3) is at hand:

- CSV: one header row (the column names of fields.COLUMNS), one row per record, semicolon, UTF-8, dates as
  ISO 8601 (YYYY-MM-DD), empty for none, booleans 0/1 — a "systemgenereret datasæt som txt-fil" (§ 6, stk. 2).
- JSON: {"metadata": {...}, "rows": [...]} with the same fields; metadata as § 6, stk. 4 asks; described by
  SCHEMA (JSON Schema 2020-12), served at /noegletal/indberetning/skema.json and in docs/delivery.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils import timezone

from . import codes
from .fields import COLUMNS, FIELDS, KINDS
from .selectors import Delivery

FORMAT_VERSION = "tidlig-bek662-interim-1"


def _value(v: object) -> object:
    if isinstance(v, bool):
        return 1 if v else 0
    if isinstance(v, dt.date):
        return v.isoformat()
    return "" if v is None else v


def records(d: Delivery) -> list[dict]:
    return [{c: _value(r.get(c)) for c in COLUMNS} for r in d.rows]


def csv_text(d: Delivery) -> str:
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in records(d):
        w.writerow([r[c] for c in COLUMNS])
    return out.getvalue()


def metadata(d: Delivery, actor) -> dict:
    return {
        "format": FORMAT_VERSION,
        "legal_basis": "bek. nr. 662 af 10.06.2025 om dataindberetninger på socialområdet, §§ 8, 13, 16",
        "year": d.year,
        "municipality": d.municipality_code,
        "created_at": timezone.now().isoformat(),
        "created_by": actor.get_username(),
        "counts": d.counts,
        "errors": sum(1 for c in d.children.values() for _, p in c.problems if p.severity == "error"),
    }


def json_doc(d: Delivery, actor) -> dict:
    return {"metadata": metadata(d, actor), "rows": records(d)}


_DATE = {"type": "string", "format": "date"}
_TYPES = {
    "aar": {"type": "integer", "minimum": 2000},
    "kommunekode": {"type": "string", "pattern": "^[0-9]{3}$"},
    "posttype": {"enum": list(KINDS)},
    "kilde_id": {"type": "string"},
    "cpr": {"type": "string", "pattern": "^([0-9]{10})?$"},
    "koen": {"enum": sorted(codes.SEX_CODES)},
    "foedselsdato": {"anyOf": [_DATE, {"const": ""}]},
    "ufoedt": {"enum": [0, 1]},
    "modtaget": {"anyOf": [_DATE, {"const": ""}]},
    "underretter": {"enum": sorted(codes.NOTIFIERS) + [""]},
    "lovgrundlag": {"type": "string"},
    "indsatskode": {"type": "string"},
    "afgoerelsesdato": {"anyOf": [_DATE, {"const": ""}]},
    "startdato": {"anyOf": [_DATE, {"const": ""}]},
    "slutdato": {"anyOf": [_DATE, {"const": ""}]},
    "anbringelsessted": {"enum": sorted(codes.PLACES) + [""]},
    "anbringelsesgrundlag": {"enum": sorted(codes.BASES) + [""]},
    "hjemgivelse": {"anyOf": [_DATE, {"const": ""}]},
}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:tidlig:delivery:" + FORMAT_VERSION,
    "title": "Tidlig: årlig dataindberetning (bek. nr. 662 af 2025), midlertidigt format",
    "type": "object",
    "required": ["metadata", "rows"],
    "properties": {
        "metadata": {
            "type": "object",
            "required": ["format", "year", "municipality", "created_at", "counts"],
        },
        "rows": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": COLUMNS,
                "properties": {
                    f.name: _TYPES[f.name] | {"description": f"{f.law}; Tidlig: {f.source}"} for f in FIELDS
                },
            },
        },
    },
}
