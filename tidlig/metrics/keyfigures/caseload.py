"""Key figures, caseload: children per caseworker and staff per team leader (a snapshot per period)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext

from .scope import period_label
from .series import SOURCE_TIDLIG, Facts, Series, _count


def _caseload(f: Facts, grain: str, starts: list[dt.date]) -> Series:
    s = Series(
        "sagsstamme",
        gettext("Sagsstamme og ledelsesspænd"),
        [
            ("children", gettext("Børn med rådgiver"), "count"),
            ("caseworkers", gettext("Rådgivere"), "count"),
            ("per_caseworker", gettext("Børn pr. rådgiver"), "ratio"),
            ("leaders", gettext("Teamledere"), "count"),
            ("span", gettext("Medarbejdere pr. teamleder"), "ratio"),
        ],
        chart=("per_caseworker", "span"),
        notes=[
            gettext(
                "Et øjebliksbillede, gemt for den periode, der løb, da nøgletallene blev opdateret "
                "(registret kender kun barnets nuværende rådgiver); distrikt efter rådgiverens team."
            )
        ],
        source=str(SOURCE_TIDLIG),
    )
    for p in starts:
        children, workers = f.get(p, "caseload.children"), f.get(p, "caseload.caseworkers")
        leaders, staff = f.get(p, "span.leaders"), f.get(p, "span.staff")
        if not (children or workers or leaders):
            continue
        values, hidden = {}, {}
        values["children"], why = _count(children)
        if why:
            hidden["children"] = why
        values["caseworkers"] = workers
        values["per_caseworker"] = round(children / workers, 1) if workers and not why else None
        if why:
            hidden["per_caseworker"] = why
        values["leaders"] = leaders
        values["span"] = round(staff / leaders, 1) if leaders else None
        s.add(period_label(grain, p), values, hidden)
    return s
