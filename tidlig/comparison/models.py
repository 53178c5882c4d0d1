"""Danmarks Statistik's published figures as Tidlig keeps them, and each municipality's choice of peers.

`DstArea` is DST's list of areas (3-digit codes; `000` Hele landet) with DAWA's 4-digit code beside;
`DstFigure` one published (or derived) value: table, area, period, measure and selection, value, unit,
when and from where it was fetched. Nothing here is about a person: these are public statistics.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tidlig.organisation.models import Municipality

COUNTRY = "000"


class DstArea(models.Model):
    code = models.CharField(_("DST-kode"), max_length=3, primary_key=True)
    name = models.CharField(_("navn"), max_length=100)
    dawa_code = models.CharField(_("kommunekode (DAWA)"), max_length=4, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("område hos Danmarks Statistik")
        verbose_name_plural = _("områder hos Danmarks Statistik")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class DstFigure(models.Model):
    class Origin(models.TextChoices):
        SNAPSHOT = "snapshot", _("medleveret øjebliksbillede")
        API = "api", _("hentet fra Statistikbanken")

    table = models.CharField(_("tabel"), max_length=20)
    area = models.CharField(_("område"), max_length=3)  # DST's code; 000 = Hele landet
    period = models.CharField(_("periode"), max_length=10)  # "2024", "2026K1"
    measure = models.CharField(_("mål"), max_length=60)
    selection = models.CharField(_("udvalg"), max_length=300, blank=True)
    value = models.DecimalField(_("værdi"), max_digits=16, decimal_places=4, null=True)  # None: DST hid it
    unit = models.CharField(_("enhed"), max_length=60)
    fetched_at = models.DateTimeField(_("hentet"))
    source = models.CharField(_("kilde"), max_length=500)
    origin = models.CharField(_("oprindelse"), max_length=10, choices=Origin.choices)

    class Meta:
        verbose_name = _("tal fra Danmarks Statistik")
        verbose_name_plural = _("tal fra Danmarks Statistik")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "measure", "selection", "area", "period"], name="dst_figure_unique"
            )
        ]
        indexes = [models.Index(fields=["measure", "period", "area"], name="dst_figure_measure_period")]

    def __str__(self) -> str:
        return f"{self.table} {self.measure} {self.area} {self.period}: {self.value}"


class ComparisonSetting(models.Model):
    """A municipality's own comparison: the municipalities it compares itself with, and — for a municipality
    DST does not know (Demokommune) — a real municipality whose figures stand in as "sammenligningsgrundlag"."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="+")
    peers = models.ManyToManyField(DstArea, blank=True, related_name="+", verbose_name=_("sammenlign med"))
    basis = models.ForeignKey(
        DstArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sammenligningsgrundlag"),
    )
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        verbose_name = _("sammenligning")
        verbose_name_plural = _("sammenligninger")

    def __str__(self) -> str:
        return str(self.municipality)
