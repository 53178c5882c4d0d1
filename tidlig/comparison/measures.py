"""The four measures the comparison page shows, and where each comes from in Danmarks Statistik's tables.

A measure's `selection` is Tidlig's canonical name of the StatBank selection behind it, the same whether
the figure came from the shipped snapshot or from a live `tidlig dst fetch`, so a fetch replaces the
snapshot's row for the same table, measure, area and period.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Measure:
    slug: str
    table: str
    selection: str
    title: object  # lazy text
    unit: object
    short_unit: str
    decimals: int
    source: object  # DST's table and selection, said in Danish
    caveat: object = ""


NOTIFIED = Measure(
    slug="underretninger",
    table="UND2",
    selection="ADMKOM; UNDERRET=i alt; ALDER1=i alt; KON=i alt / FOLK1A 0-17 år 1. januar",
    title=_("Børn med underretninger pr. 1.000 0–17-årige"),
    unit=_("børn pr. 1.000 0–17-årige"),
    short_unit="‰",
    decimals=1,
    source=_(
        "Danmarks Statistik, UND2 (børn der er modtaget underretninger om) delt med FOLK1A (0–17-årige 1. januar)"
    ),
    caveat=_(
        "Afledt: antal børn med mindst én underretning i året pr. 1.000 0–17-årige. Det medleverede "
        "øjebliksbillede er beregnet af en tredjepart og er vejledende; Læsø mangler i 2022."
    ),
)
SUPPORT = Measure(
    slug="stoette",
    table="BU43",
    selection="FORANSTALT=udsatte børn og unge i alt; ALDER=i alt 0-22 år",
    title=_("Andel af 0–22-årige der modtager støtte"),
    unit=_("procent af 0–22-årige"),
    short_unit="%",
    decimals=1,
    source=_("Danmarks Statistik, BU43 (udsatte børn og unge i alt, 0–22 år, pr. 31. december)"),
    caveat=_("Fanø mangler i 2023."),
)
PREVENTION = Measure(
    slug="forebyggelse",
    table="REGK31",
    selection="FUNKTION=5.28.21; PRISENHED=kr. pr. indbygger, løbende priser; DRANST=i alt; ART=netto",
    title=_("Udgifter til forebyggende indsatser pr. indbygger (5.28.21)"),
    unit=_("kr. pr. indbygger (netto, løbende priser)"),
    short_unit="kr.",
    decimals=0,
    source=_("Danmarks Statistik, REGK31 (kommunernes regnskaber), funktion 5.28.21"),
    caveat=_("Pr. indbygger i alle aldre, ikke pr. barn. Nettoudgifter kan være negative."),
)
FOSTER_CARE = Measure(
    slug="plejefamilier",
    table="REGK31",
    selection="FUNKTION=5.28.22; PRISENHED=kr. pr. indbygger, løbende priser; DRANST=i alt; ART=netto",
    title=_("Udgifter til plejefamilier pr. indbygger (5.28.22)"),
    unit=_("kr. pr. indbygger (netto, løbende priser)"),
    short_unit="kr.",
    decimals=0,
    source=_("Danmarks Statistik, REGK31 (kommunernes regnskaber), funktion 5.28.22"),
    caveat=_(
        "Pr. indbygger i alle aldre, ikke pr. barn. Fanø 2023 er −1 som offentliggjort (nettoregnskab)."
    ),
)

MEASURES: dict[str, Measure] = {m.slug: m for m in (NOTIFIED, SUPPORT, PREVENTION, FOSTER_CARE)}
# REGK31's functions by their dotted number; other 5.28.xx functions are stored under their own slug.
REGK31_FUNCTIONS = {"5.28.21": PREVENTION, "5.28.22": FOSTER_CARE}
