"""The only writers of the comparison app: DST's figures (snapshot and live fetch) and a municipality's
comparison setting. Each runs in one transaction; a fetch that fails stores nothing and keeps what was there."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tidlig.audit import services as audit
from tidlig.organisation.models import Role

from . import snapshot
from .measures import NOTIFIED
from .models import COUNTRY, ComparisonSetting, DstArea, DstFigure
from .statbank import Row, StatBank

EDITORS = {Role.MANAGER}
MAX_PEERS = 10
KEY = ["table", "measure", "selection", "area", "period"]


def _figures(rows: Iterable[Row], origin: str, now) -> list[DstFigure]:
    return [
        DstFigure(
            table=r.table,
            area=r.area,
            period=r.period,
            measure=r.measure,
            selection=r.selection,
            value=r.value,
            unit=r.unit,
            fetched_at=now,
            source=r.source[:500],
            origin=origin,
        )
        for r in rows
    ]


@transaction.atomic
def snapshot_load() -> dict[str, int]:
    """The shipped snapshot into the tables, idempotent: areas are upserted, and a figure already stored
    (from an earlier load or a live fetch, which is newer) is left as it is."""
    now = timezone.now()
    areas = [DstArea(**a) for a in snapshot.areas()]
    DstArea.objects.bulk_create(
        areas, update_conflicts=True, unique_fields=["code"], update_fields=["name", "dawa_code", "region"]
    )
    rows = snapshot.rows()
    before = DstFigure.objects.count()
    DstFigure.objects.bulk_create(
        _figures(rows, DstFigure.Origin.SNAPSHOT, now), ignore_conflicts=True, batch_size=500
    )
    added = DstFigure.objects.count() - before
    audit.record(actor=None, action="comparison.snapshot.loaded", data={"rows": len(rows), "added": added})
    return {"areas": len(areas), "rows": len(rows), "added": added}


def fetch(tables: Sequence[str], *, client: StatBank | None = None) -> dict[str, int]:
    """Fetch every table first (any StatBank error raises before anything is written), then store all of
    them in one transaction, replacing the rows with the same key; then derive notifications per 1,000."""
    client = client or StatBank()
    fetched = {t.upper(): client.fetch(t) for t in tables}
    with transaction.atomic():
        now = timezone.now()
        for rows in fetched.values():
            DstFigure.objects.bulk_create(
                _figures(rows, DstFigure.Origin.API, now),
                update_conflicts=True,
                unique_fields=KEY,
                update_fields=["value", "unit", "fetched_at", "source", "origin"],
                batch_size=500,
            )
        derived = _derive_notified_per_1000(now) if fetched.keys() & {"UND2", "FOLK1A"} else 0
        audit.record(
            actor=None,
            action="comparison.dst.fetched",
            data={"tables": {t: len(r) for t, r in fetched.items()}, "derived": derived},
        )
    return {t: len(r) for t, r in fetched.items()} | ({"derived": derived} if derived else {})


def _derive_notified_per_1000(now) -> int:
    """Children notified (UND2) per 1,000 aged 0–17 on 1 January (FOLK1A), where both came from StatBank."""
    notified = {
        (f.area, f.period): f.value
        for f in DstFigure.objects.filter(
            table="UND2", measure="boern-underrettet", origin=DstFigure.Origin.API
        )
    }
    children = {
        (f.area, f.period[:4]): f.value
        for f in DstFigure.objects.filter(
            table="FOLK1A", measure="befolkning-0-17", period__endswith="K1", origin=DstFigure.Origin.API
        )
    }
    rows = [
        Row(
            "UND2",
            area,
            year,
            NOTIFIED.slug,
            NOTIFIED.selection,
            (count * 1000 / children[(area, year)]).quantize(Decimal("0.0001"), ROUND_HALF_UP),
            "pr. 1.000",
            "Beregnet af Tidlig: Danmarks Statistik UND2 / FOLK1A (0-17 år, 1. januar) × 1.000",
        )
        for (area, year), count in notified.items()
        if count is not None and children.get((area, year))
    ]
    DstFigure.objects.bulk_create(
        _figures(rows, DstFigure.Origin.API, now),
        update_conflicts=True,
        unique_fields=KEY,
        update_fields=["value", "unit", "fetched_at", "source", "origin"],
    )
    return len(rows)


def setting_update(*, actor, peers: Sequence[str], basis: str | None) -> ComparisonSetting:
    """The actor's municipality compares itself with `peers` (DST codes) and, if DST does not know it, with
    `basis` as its sammenligningsgrundlag. Managers only; unknown codes are refused, all in one round."""
    if actor.role not in EDITORS:
        raise PermissionDenied(
            _("Kun en leder kan vælge kommunens sammenligning. Bed en leder om at vælge den.")
        )
    known = set(DstArea.objects.exclude(code=COUNTRY).values_list("code", flat=True))
    errors: dict[str, list[str]] = {}
    peers = list(dict.fromkeys(peers))
    unknown = [p for p in peers if p not in known]
    if unknown:
        errors["peers"] = [
            _("Ukendte kommunekoder: %(codes)s. Vælg kommunerne på listen.") % {"codes": ", ".join(unknown)}
        ]
    elif len(peers) > MAX_PEERS:
        errors["peers"] = [
            ngettext(
                "Vælg højst %(n)d kommune at sammenligne med.",
                "Vælg højst %(n)d kommuner at sammenligne med.",
                MAX_PEERS,
            )
            % {"n": MAX_PEERS}
        ]
    if basis and basis not in known:
        errors["basis"] = [_("Ukendt kommunekode: %(code)s. Vælg kommunen på listen.") % {"code": basis}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        setting, _created = ComparisonSetting.objects.select_for_update().get_or_create(
            municipality_id=actor.municipality_id
        )
        setting.basis_id = basis or None
        setting.save()
        setting.peers.set(peers)
        audit.record(
            actor=actor,
            action="comparison.setting.updated",
            obj=setting,
            data={"peers": sorted(peers), "basis": basis or ""},
        )
    return setting
