"""The review's results as a spreadsheet (core.exports) and as a PDF (WeasyPrint, like the decision letters:
one HTML document with its CSS inline, rendered without fetching anything). Counts only, no names."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tidlig.core.exports import Sheet


def pct(x: float | None) -> str:
    return "–" if x is None else f"{round(100 * x)} %"


def interval(res) -> str:
    return "–" if res.interval is None else f"{pct(res.interval[0])} – {pct(res.interval[1])}"


def previous_title(r) -> str:
    """A previous review's column heading: its title and when it was drawn."""
    return f"{r.title} ({timezone.localdate(r.drawn_at):%d.%m.%Y})"


def sheets(review, rows) -> list[Sheet]:
    previous = rows[0].previous if rows else []
    columns = [
        _("Kontrolpunkt"),
        _("Lovgrundlag"),
        _("n"),
        _("Overholdt"),
        _("For sent"),
        _("Andel overholdt"),
        _("95 %-konfidensinterval (Wilson)"),
        _("Landsplan (Ankestyrelsen)"),
        *[previous_title(p) for p, _res in previous],
        _("Ikke bekræftet af gennemgangen"),
    ]
    body = [
        [
            _(r.result.checkpoint.title),
            r.result.checkpoint.law,
            r.result.n,
            r.result.kept,
            r.result.late,
            pct(r.result.share),
            interval(r.result),
            " → ".join(r.result.checkpoint.national) or "–",
            *r.previous_texts,
            r.unconfirmed,
        ]
        for r in rows
    ]
    notes = [
        ngettext(
            "%(title)s: %(start)s–%(end)s, frø %(seed)s, %(size)s sag af %(population)s.",
            "%(title)s: %(start)s–%(end)s, frø %(seed)s, %(size)s sager af %(population)s.",
            review.cases.count(),
        )
        % {
            "title": review.title,
            "start": f"{review.period_start:%d.%m.%Y}",
            "end": f"{review.period_end:%d.%m.%Y}",
            "seed": review.seed,
            "size": review.cases.count(),
            "population": review.population,
        },
        _("Overholdt for sent tæller ikke som overholdt. Ikke relevant tæller ikke med i n."),
        _("Kommunens tidligere gennemgange: andel overholdt (n)."),
    ]
    return [Sheet(_("Sagsgennemgang"), columns, body, notes)]


def pdf(review, rows) -> bytes:
    import weasyprint  # heavy; only the PDF needs it

    previous = [(previous_title(p), res) for p, res in (rows[0].previous if rows else [])]
    html = render_to_string(
        "review/report.html", {"review": review, "rows": rows, "previous": previous, "csp_nonce": ""}
    )
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=("data",))
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
