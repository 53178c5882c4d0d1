"""The delivery's checks, one function per row: required fields, DST's code lists, the order of the dates
and the CPR number (python-stdnum, as tidlig.people.cpr: form and birth date, no modulus 11). Each problem
names its rule, so the page counts them and the municipality fixes them in the child's case (§ 1, stk. 3:
the municipality answers for a delivery that is retvisende; § 3, stk. 2: wrong rows must be corrected)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumError

from . import codes
from .fields import FIELDS, MEASURE, NOTIFICATION, PLACEMENT

ERROR = "error"
WARNING = "warning"

RULES = {
    "cpr_missing": (ERROR, _("CPR-nummer mangler")),
    "cpr_invalid": (ERROR, _("CPR-nummeret er ugyldigt")),
    "cpr_birth_date": (ERROR, _("Fødselsdatoen passer ikke med CPR-nummeret")),
    "sex_unknown": (WARNING, _("Køn er ikke registreret (indberettes som uoplyst)")),
    "required": (ERROR, _("Et krævet felt er tomt")),
    "code": (ERROR, _("Koden findes ikke i Danmarks Statistiks kodeliste")),
    "notifier_missing": (ERROR, _("Underretterens kategori (UNDERRETERE) mangler")),
    "start_missing": (ERROR, _("Indsatsen har ingen startdato")),
    "date_order": (ERROR, _("Datoerne står i forkert rækkefølge")),
    "place_missing": (ERROR, _("Anbringelsesstedet (§ 43) er ikke registreret")),
    "place_kind": (WARNING, _("Børne- og ungehjemmets art (døgninstitution eller opholdssted) kendes ikke")),
    "basis_missing": (ERROR, _("Det er ikke registreret, om anbringelsen skete med samtykke")),
    "age": (ERROR, _("Barnet er over 17 år; hører ikke til denne leverance")),
}


@dataclass(frozen=True)
class Problem:
    rule: str
    field: str
    detail: str = ""

    @property
    def severity(self) -> str:
        return RULES[self.rule][0]

    @property
    def message(self) -> str:
        return str(RULES[self.rule][1])


def _age(birth: dt.date | None, on: dt.date | None) -> int | None:
    if birth is None or on is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def check_person(row: dict) -> list[Problem]:
    """The child: CPR (not for an unborn child, who has none), its birth date, and the sex code."""
    out = []
    cpr = row.get("cpr") or ""
    if not cpr:
        if not row.get("ufoedt"):
            out.append(Problem("cpr_missing", "cpr"))
    else:
        try:
            stdnum_cpr.validate(cpr)
        except StdnumError:
            out.append(Problem("cpr_invalid", "cpr"))
        else:
            born = row.get("foedselsdato")
            if born and stdnum_cpr.get_birth_date(cpr) != born:
                detail = _("Tidlig: %(day)s") % {"day": f"{born:%d.%m.%Y}"}
                out.append(Problem("cpr_birth_date", "foedselsdato", str(detail)))
    sex = row.get("koen")
    if sex not in codes.SEX_CODES:
        out.append(Problem("code", "koen", str(sex)))
    elif sex == "9" and not row.get("ufoedt"):
        out.append(Problem("sex_unknown", "koen"))
    return out


def _required(row: dict) -> list[Problem]:
    skip = {
        "cpr",
        "koen",
        "foedselsdato",
        "underretter",
        "startdato",
        "anbringelsessted",
        "anbringelsesgrundlag",
    }
    return [
        Problem("required", f.name)
        for f in FIELDS
        if f.required
        and row["posttype"] in f.kinds.split()
        and f.name not in skip
        and row.get(f.name) in (None, "")
    ]


def check_row(row: dict) -> list[Problem]:
    """The problems of one row of the delivery; its person's are `check_person`'s, checked once a child."""
    out = _required(row)
    kind = row["posttype"]
    if kind == NOTIFICATION:
        category = row.get("underretter") or ""
        if not category:
            out.append(Problem("notifier_missing", "underretter"))
        elif category not in codes.NOTIFIERS:
            out.append(Problem("code", "underretter", category))
        age = _age(row.get("foedselsdato"), row.get("modtaget"))
        if age is not None and age > 17:
            out.append(Problem("age", "foedselsdato"))
        return out
    start, decided, end = row.get("startdato"), row.get("afgoerelsesdato"), row.get("slutdato")
    if start is None:
        out.append(Problem("start_missing", "startdato"))
    if decided and start and decided > start:
        detail = _("afgjort %(a)s, startet %(b)s") % {"a": f"{decided:%d.%m.%Y}", "b": f"{start:%d.%m.%Y}"}
        out.append(Problem("date_order", "afgoerelsesdato", str(detail)))
    if end and start and end < start:
        detail = _("startet %(a)s, ophørt %(b)s") % {"a": f"{start:%d.%m.%Y}", "b": f"{end:%d.%m.%Y}"}
        out.append(Problem("date_order", "slutdato", str(detail)))
    if kind == PLACEMENT:
        place = row.get("anbringelsessted") or ""
        if not place:
            out.append(Problem("place_missing", "anbringelsessted"))
        elif place not in codes.PLACES:
            out.append(Problem("code", "anbringelsessted", place))
        elif place == "99":
            out.append(Problem("place_kind", "anbringelsessted"))
        basis = row.get("anbringelsesgrundlag") or ""
        if basis in ("", "99"):
            out.append(Problem("basis_missing", "anbringelsesgrundlag"))
        elif basis not in codes.BASES:
            out.append(Problem("code", "anbringelsesgrundlag", basis))
        age = _age(row.get("foedselsdato"), start)
        if age is not None and age > 17:
            out.append(Problem("age", "foedselsdato"))
    elif kind != MEASURE:  # pragma: no cover - the builder makes only the three kinds
        raise ValueError(kind)
    return out
