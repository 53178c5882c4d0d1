"""The family pages' fixed words that need explaining (issue 14 § 6): one short line each, in plain Danish,
addressing the parents as "I". tests/test_letters_readability.py holds them to LIX ≤ 35."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Plan kind → (plain name, one line, the paragraph for the footnote).
PLANS = {
    "child": (
        _("Barnets plan"),
        _("En plan for, hvad jeres barn skal have hjælp til, og hvem der gør hvad."),
        _("Barnets lov § 91"),
    ),
    "youth": (
        _("Ungeplan"),
        _("En plan for den unges hjælp. Den unge er med til at lave den."),
        _("Barnets lov § 108"),
    ),
    "holistic": (
        _("Samlet plan"),
        _("Én plan for al den hjælp, jeres barn og familie får."),
        _("Barnets lov § 110"),
    ),
    "parent": (
        _("Forældrenes plan"),
        _("En plan for det, I som forældre vil arbejde med."),
        _("Barnets lov § 77"),
    ),
}

# Words on the child page, each with one line (shown under "Ord på siden").
GLOSSARY = [
    (_("Rådgiver"), _("Den medarbejder i kommunen, der har jeres sag.")),
    (_("Netværksmøde"), _("Et møde, hvor I, jeres netværk og fagfolk aftaler, hvem der gør hvad.")),
    (_("Afgørelse"), _("Kommunens beslutning om hjælp til jeres barn. I kan klage over den.")),
    (_("Forløb"), _("En kort periode, hvor en medarbejder arbejder sammen med jer om jeres mål.")),
    (
        _("Børnefaglig undersøgelse"),
        _("Vi undersøger sammen med jer, hvad jeres barn har brug for."),
    ),
    (_("Forældremyndighed"), _("Retten og pligten til at tage sig af barnet og bestemme for det.")),
    (_("Aktindsigt"), _("At få lov at se papirerne i jeres sag.")),
]

# Fixed sentences of the family pages (the readability test reads them all).
SECTION_LINES = {
    "caseworker": _("Rådgiveren er den medarbejder i kommunen, der har jeres sag."),
    "plans": _("Her står målene for jeres barn. I kan se, hvordan det går med hvert mål."),
    "meetings": _("Her er jeres næste møder. Hent mødet til jeres egen kalender."),
    "agreements": _("Det aftalte I på mødet. Der står, hvem der gør hvad, og hvornår."),
    "decisions": _("En afgørelse er kommunens beslutning om hjælp. I kan læse brevet og gemme det som PDF."),
    "letters": _("Her er de breve, vi har sendt til jer om barnet."),
    "course": _("Et forløb varer nogle uger. Her kan I se, hvilken uge I er i."),
    "records": _("Her kan I se, hvad dagtilbud og skole har skrevet om barnet."),
    "orientation": _(
        "I har ikke forældremyndigheden over barnet. Derfor kan I ikke se barnets sag her. "
        "Efter forældreansvarsloven § 23 må I få at vide, hvordan barnet har det. "
        "Det kan I få fra dagtilbud, skole, sundhedspleje og kommune."
    ),
    "never": _(
        "Nogle ting kan I ikke se her. Det gælder fx, hvem der har skrevet til kommunen om jeres barn. "
        "Vil I se mere, kan I bede jeres rådgiver om aktindsigt."
    ),
}
