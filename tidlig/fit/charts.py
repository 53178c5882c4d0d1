"""The trajectory chart per respondent: outcome totals session by session, the clinical range (below the
cut-off) shaded, alliance totals beside; drawn with `core.charts.Figure` (Altair → SVG, table beside)."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tidlig.core.charts import PALETTE, Figure

from .selectors import Trajectory


def _num(d) -> str:
    return "" if d is None else f"{d:.1f}".replace(".", ",")


def trajectory_figure(t: Trajectory) -> Figure:
    import altair as alt

    outcome_label = t.ratings[-1].outcome_instrument
    alliance_label = t.ratings[-1].alliance_instrument
    points = []
    for n, r in enumerate(t.ratings, start=1):
        day = date_format(r.session.held_on, "d.m.Y")
        if r.outcome_total is not None:
            points.append({"n": n, "day": day, "score": float(r.outcome_total), "scale": outcome_label})
        if r.alliance_total is not None:
            points.append({"n": n, "day": day, "score": float(r.alliance_total), "scale": alliance_label})
    x = alt.X("n:O", title=_("Session"), axis=alt.Axis(labelAngle=0))
    y = alt.Y("score:Q", title=_("Samlet score (0–40)"), scale=alt.Scale(domain=[0, 40]))
    lines = (
        alt.Chart(alt.Data(values=points))
        .mark_line(point=True)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "scale:N",
                title=_("Skala"),
                scale=alt.Scale(domain=[outcome_label, alliance_label], range=[PALETTE[0], PALETTE[1]]),
            ),
            strokeDash=alt.StrokeDash("scale:N", legend=None),
            tooltip=["day:N", "scale:N", "score:Q"],
        )
    )
    layers = []
    notes = []
    if t.cutoff is not None:
        band = (
            alt.Chart(alt.Data(values=[{"y0": 0, "y1": float(t.cutoff)}]))
            .mark_rect(color="#f3d9c4", opacity=0.6)
            .encode(y=alt.Y("y0:Q", scale=alt.Scale(domain=[0, 40])), y2="y1:Q")
        )
        rule = (
            alt.Chart(alt.Data(values=[{"c": float(t.cutoff)}]))
            .mark_rule(color=PALETTE[4], strokeDash=[4, 3])
            .encode(y="c:Q")
        )
        layers += [band, rule]
        notes.append(
            _("Det skraverede felt er under den kliniske grænse (%(cut)s) for %(band)s.")
            % {"cut": _num(t.cutoff), "band": t.ratings[-1].get_band_display()}
        )
    else:
        notes.append(
            _(
                "Ingen klinisk grænse er sat for denne aldersgruppe; kommunen angiver den under FIT-indstillinger."
            )
        )
    chart = alt.layer(*layers, lines).properties(width=480, height=220)
    rows = [
        [
            date_format(r.session.held_on, "d.m.Y"),
            _num(r.outcome_total) or "–",
            _num(r.alliance_total) or "–",
        ]
        for r in t.ratings
    ]
    return Figure(
        title=_("%(name)s (%(role)s): %(outcome)s og %(alliance)s")
        % {
            "name": t.respondent.first_name,
            "role": t.respondent.get_role_display().lower(),
            "outcome": outcome_label,
            "alliance": alliance_label,
        },
        chart=chart,
        columns=[_("Dato"), outcome_label, alliance_label],
        rows=rows,
        notes=notes,
        slug=f"fit-{t.respondent.pk}",
    )
