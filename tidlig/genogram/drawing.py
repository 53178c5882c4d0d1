"""The genogram and the network map as SVG, drawn on the server with drawsvg (pure Python; no Graphviz).

The symbols are the usual ones (McGoldrick, Gerson & Petry, *Genograms*): a square for a male, a circle
for a female, a diamond for other or unknown; a cross through a person who has died; the child in focus
drawn with a double line; a couple line under two partners, cut by a slash when they have separated; the
children on a line under their parents' couple line, oldest to the left; a dashed line around each household.
Only presentation attributes (fill, stroke), never a style attribute: the CSP allows no inline style.
"""

from __future__ import annotations

import math

import drawsvg as draw
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tidlig.rules import genogram as layout

from .models import Bond, NetworkPerson, Relation, Sector, Sex
from .selectors import Network

COL = 130  # px between two people side by side
ROW = 175  # px between two generations
S = 44  # the symbol's size
MARGIN_X = 80
MARGIN_Y = 40
INK = "#1a1a1a"
MARK_COLOURS = {"resource": "#2e7d32", "support": "#1565c0", "foster": "#6a1b9a", "custody": "#5d4037"}
HOUSEHOLD_COLOURS = ("#0059b3", "#b35900", "#00802b", "#8a2be2", "#b30059", "#4d4d4d")
BOND_STROKE = {
    Bond.CLOSE: ("#1a1a1a", 3.5, None),
    Bond.DISTANT: ("#6b6b6b", 1.5, "6 5"),
    Bond.CONFLICT: ("#c62828", 2, None),
    Bond.RESOURCE: ("#2e7d32", 3, None),
    Bond.NONE: ("#9e9e9e", 1, "2 4"),
}


def marks(p: NetworkPerson) -> list[tuple[str, str, str]]:
    """(key, short label for the drawing, long label for the list) of a person's marks."""
    out = []
    if p.has_custody:
        out.append(("custody", _("FM"), _("forældremyndighed")))
    if p.is_resource:
        out.append(("resource", _("R"), _("ressource (§ 22)")))
    if p.support_person:
        out.append(("support", _("§ 53"), _("mulig støtteperson (§ 53)")))
    if p.network_foster:
        out.append(
            ("foster", _("§§ 54/58"), _("mulig netværksplejefamilie (§ 58) eller venskabsfamilie (§ 54)"))
        )
    return out


def _years(p: NetworkPerson) -> str:
    if p.born_year and p.died_year:
        return f"{p.born_year}–{p.died_year}"
    if p.born_year:
        return _("f. %(year)s") % {"year": p.born_year}
    if p.died_year:
        return _("d. %(year)s") % {"year": p.died_year}
    return ""


def _symbol(g: draw.Group, p: NetworkPerson, cx: float, cy: float, size: float, *, focus: bool) -> None:
    half = size / 2
    fill = "#fff6d5" if focus else "#ffffff"

    def shape(h: float, **kw):
        if p.sex == Sex.MALE:
            return draw.Rectangle(cx - h, cy - h, 2 * h, 2 * h, **kw)
        if p.sex == Sex.FEMALE:
            return draw.Circle(cx, cy, h, **kw)
        return draw.Lines(
            cx, cy - h * 1.2, cx + h * 1.2, cy, cx, cy + h * 1.2, cx - h * 1.2, cy, close=True, **kw
        )

    g.append(shape(half, fill=fill, stroke=INK, stroke_width=2))
    if focus:  # the child in focus: a double line
        g.append(shape(half - 5, fill="none", stroke=INK, stroke_width=1.5))
    if p.is_dead:  # a cross through the symbol
        d = half * 0.95
        g.append(draw.Line(cx - d, cy - d, cx + d, cy + d, stroke=INK, stroke_width=2))
        g.append(draw.Line(cx - d, cy + d, cx + d, cy - d, stroke=INK, stroke_width=2))


def _label(g: draw.Group, lines: list[str], x: float, y: float, size: int = 13) -> None:
    for i, line in enumerate(lines):
        if line:
            g.append(
                draw.Text(
                    line,
                    size if i == 0 else size - 2,
                    x,
                    y + i * (size + 2),
                    text_anchor="middle",
                    font_family="sans-serif",
                    font_weight="bold" if i == 0 else "normal",
                    fill=INK,
                    stroke="#ffffff",  # a halo, so a line passing behind the name does not cut it
                    stroke_width=3,
                    paint_order="stroke",
                    stroke_linejoin="round",
                )
            )


def _marks(g: draw.Group, p: NetworkPerson, x: float, y: float) -> None:
    badges = marks(p)
    widths = [9 + 7 * len(short) for _k, short, _l in badges]
    left = x - (sum(widths) + 4 * (len(badges) - 1)) / 2
    for (key, short, _long), w in zip(badges, widths, strict=True):
        g.append(draw.Rectangle(left, y, w, 17, rx=8, fill=MARK_COLOURS[key]))
        g.append(
            draw.Text(
                short,
                11,
                left + w / 2,
                y + 12.5,
                text_anchor="middle",
                font_family="sans-serif",
                fill="#ffffff",
            )
        )
        left += w + 4


def _svg(d: draw.Drawing) -> SafeString:
    return mark_safe(d.as_svg(header=""))  # noqa: S308 - drawsvg escapes every text it is given


def _family_parts(net: Network):
    node = net.node
    parents = [(r.a_id, r.b_id) for r in net.relations if r.kind == Relation.Kind.PARENT]
    couples = [
        layout.Couple(r.a_id, r.b_id, separated=r.kind == Relation.Kind.SEPARATED)
        for r in net.relations
        if r.kind in (Relation.Kind.PARTNER, Relation.Kind.SEPARATED)
    ]
    siblings = [(r.a_id, r.b_id) for r in net.relations if r.kind == Relation.Kind.SIBLING]
    nodes = [layout.Node(p.pk, p.born_year) for p in net.people]
    return node, nodes, parents, couples, siblings


def family_layout(net: Network) -> layout.Family | None:
    node, nodes, parents, couples, siblings = _family_parts(net)
    if node is None:
        return None
    return layout.genogram_layout(node.pk, nodes, parents, couples, siblings)


def genogram_svg(net: Network) -> SafeString:
    fam = family_layout(net)
    title = _("Genogram for %(child)s") % {"child": net.child.display_name}
    if fam is None:
        fam = layout.Family(x={0: 0.0}, row={0: 0})
    width = MARGIN_X * 2 + (fam.width - 1) * COL
    height = MARGIN_Y * 2 + (fam.rows - 1) * ROW + S + 70
    d = draw.Drawing(
        max(width, 320),
        height,
        role="img",
        aria_labelledby="genogram-title",
        class_="genogram-svg",
        id_prefix="gg",
    )
    d.append(draw.Raw(f'<title id="genogram-title">{escape(title)}</title>'))

    def pos(pid: int) -> tuple[float, float]:
        return MARGIN_X + fam.x[pid] * COL, MARGIN_Y + S / 2 + fam.row[pid] * ROW

    people = {pid: net.by_id[pid] for pid in fam.x if pid in net.by_id}

    # households first, behind everything: a dashed line around the people who live together
    homes: dict[str, list[int]] = {}
    for pid, p in people.items():
        if p.household and not p.is_dead:
            homes.setdefault(p.household, []).append(pid)
    for i, (home, members) in enumerate(sorted(homes.items())):
        if len(members) < 2 and not any(people[m].is_child for m in members):
            continue
        xs = [pos(m)[0] for m in members]
        ys = [pos(m)[1] for m in members]
        pad = S / 2 + 10
        colour = HOUSEHOLD_COLOURS[i % len(HOUSEHOLD_COLOURS)]
        grp = draw.Group(class_="household")
        grp.append_title(_("Husstand: %(home)s") % {"home": home})
        grp.append(
            draw.Rectangle(
                min(xs) - pad,
                min(ys) - pad,
                max(xs) - min(xs) + 2 * pad,
                max(ys) - min(ys) + 2 * pad + 64,
                rx=26,
                fill="none",
                stroke=colour,
                stroke_width=2,
                stroke_dasharray="8 5",
            )
        )
        d.append(grp)

    lines = draw.Group(class_="ties", fill="none", stroke=INK, stroke_width=2)
    drop = S / 2 + 14  # the couple line runs this far under the partners' centres
    for c in fam.couples:
        (ax, ay), (bx, by) = pos(c.a), pos(c.b)
        y = max(ay, by) + drop
        lines.append(draw.Lines(ax, ay + S / 2, ax, y, bx, y, bx, by + S / 2, close=False))
        if c.separated:
            mx = (ax + bx) / 2
            sep = draw.Group(class_="separation")
            sep.append_title(_("Gået fra hinanden"))
            sep.append(draw.Line(mx - 7, y + 11, mx + 7, y - 11, stroke=INK, stroke_width=2.5))
            lines.append(sep)
    for couple, parent, children in fam.sibships:
        if couple is not None:
            (ax, ay), (bx, by) = pos(couple.a), pos(couple.b)
            top_x, top_y = (ax + bx) / 2, max(ay, by) + drop
        else:  # a single parent: the line leaves the symbol's side, so it does not cross the name below it
            px, py = pos(parent)
            top_x, top_y = px + S / 2 + 14, py
            lines.append(draw.Line(px + S / 2, py, top_x, py))
        child_pos = [pos(c) for c in children]
        bar_y = min(y for _x, y in child_pos) - S / 2 - 26
        xs = [x for x, _y in child_pos]
        lines.append(draw.Line(top_x, top_y, top_x, bar_y))
        lines.append(draw.Line(min(xs + [top_x]), bar_y, max(xs + [top_x]), bar_y))
        for x, y in child_pos:
            lines.append(draw.Line(x, bar_y, x, y - S / 2))
    d.append(lines)

    for pid, p in people.items():
        cx, cy = pos(pid)
        grp = draw.Group(class_="person child" if p.is_child else "person", data_person=pid)
        grp.append_title(describe(p))
        _symbol(grp, p, cx, cy, S, focus=p.is_child)
        text = [p.first_name, p.role or (_("barnet") if p.is_child else ""), _years(p)]
        _label(grp, [t for t in text if t], cx, cy + S / 2 + 32)
        _marks(grp, p, cx, cy - S / 2 - 22)
        d.append(grp)
    return _svg(d)


def describe(p: NetworkPerson) -> str:
    parts = [p.name]
    if p.role:
        parts.append(p.role)
    if p.is_dead:
        parts.append(_("død") + (f" {p.died_year}" if p.died_year else ""))
    parts += [long for _k, _s, long in marks(p)]
    return ", ".join(parts)


# --- the network map ----------------------------------------------------------------------------------

MAP = 820
CENTRE = MAP / 2
RING_EDGE = (160, 270, 375)  # the circles' radii: close, some contact, further away
RING_AT = (112, 215, 320)  # where the people of each ring sit


def network_map_svg(net: Network) -> SafeString:
    title = _("Netværkskort for %(child)s") % {"child": net.child.display_name}
    d = draw.Drawing(
        MAP, MAP, role="img", aria_labelledby="networkmap-title", class_="networkmap-svg", id_prefix="nm"
    )
    d.append(draw.Raw(f'<title id="networkmap-title">{escape(title)}</title>'))
    for r, fill in zip(reversed(RING_EDGE), ("#f5f7fa", "#e9eef5", "#dde6f0"), strict=True):
        d.append(draw.Circle(CENTRE, CENTRE, r, fill=fill, stroke="#8aa0b8", stroke_width=1.5))
    for a in (0, math.pi / 2):
        d.append(
            draw.Line(
                CENTRE - RING_EDGE[-1] * math.cos(a),
                CENTRE - RING_EDGE[-1] * math.sin(a),
                CENTRE + RING_EDGE[-1] * math.cos(a),
                CENTRE + RING_EDGE[-1] * math.sin(a),
                stroke="#8aa0b8",
                stroke_width=1.5,
            )
        )
    corners = {
        Sector.FAMILY: (24, 28, "start"),
        Sector.FRIENDS: (MAP - 24, 28, "end"),
        Sector.PROFESSIONAL: (24, MAP - 16, "start"),
        Sector.SCHOOL: (MAP - 24, MAP - 16, "end"),
    }
    for sector, (x, y, anchor) in corners.items():
        d.append(
            draw.Text(
                str(Sector(sector).label),
                16,
                x,
                y,
                text_anchor=anchor,
                font_family="sans-serif",
                font_weight="bold",
                fill="#26415e",
            )
        )
    others = [p for p in net.people if not p.is_child]
    spots = layout.network_map_layout([(p.pk, p.sector, p.closeness) for p in others])
    where = {
        s.id: (
            CENTRE + RING_AT[s.ring - 1] * math.cos(s.angle),
            CENTRE - RING_AT[s.ring - 1] * math.sin(s.angle),
        )
        for s in spots
    }
    bonds = draw.Group(class_="bonds", fill="none")
    for p in others:
        x, y = where[p.pk]
        colour, w, dash = BOND_STROKE[Bond(p.bond)]
        if p.bond == Bond.CONFLICT:  # a zigzag from the child to the person
            n = 9
            pts = []
            for i in range(n + 1):
                t = i / n
                off = (6 if i % 2 else -6) if 0 < i < n else 0
                nx, ny = -(y - CENTRE), x - CENTRE
                norm = math.hypot(nx, ny) or 1
                pts += [
                    CENTRE + (x - CENTRE) * t + off * nx / norm,
                    CENTRE + (y - CENTRE) * t + off * ny / norm,
                ]
            bonds.append(draw.Lines(*pts, close=False, stroke=colour, stroke_width=w))
        else:
            bonds.append(
                draw.Line(CENTRE, CENTRE, x, y, stroke=colour, stroke_width=w, stroke_dasharray=dash)
            )
    d.append(bonds)
    node = net.node
    if node is not None:
        grp = draw.Group(class_="person child")
        grp.append_title(describe(node))
        _symbol(grp, node, CENTRE, CENTRE, 46, focus=True)
        d.append(grp)
    for p in others:
        x, y = where[p.pk]
        grp = draw.Group(class_="person", data_person=p.pk)
        grp.append_title(describe(p) + ", " + str(Bond(p.bond).label).lower())
        _symbol(grp, p, x, y, 26, focus=False)
        _label(grp, [p.first_name, p.role], x, y + 28, size=12)
        _marks(grp, p, x, y - 34)
        d.append(grp)
    return _svg(d)
