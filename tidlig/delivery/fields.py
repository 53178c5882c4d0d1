"""What the yearly delivery holds, field by field: the paragraph of bek. nr. 662 af 10.06.2025 that asks for
it, and where Tidlig keeps it. The bekendtgørelse names the deliveries and the tables of its bilag 1-3 but
the reference copy does not reproduce the tables' columns (nor DST's kravspecifikation, § 6, stk. 3), so the
fields here are those DST's published statistics are counted by (UND1, ANBAAR*, ISBU*) plus the person and
the dates every row needs; docs/delivery.md says so and lists the gaps."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

NOTIFICATION = "UND"  # § 16, bilag 3, tabel 1
MEASURE = "IND"  # § 13, bilag 2, tabel 1-3
PLACEMENT = "ANB"  # § 8, bilag 1, tabel 1-9

KINDS = {
    NOTIFICATION: _("Underretning (§ 16, bilag 3)"),
    MEASURE: _("Indsats og støtte (§ 13, bilag 2)"),
    PLACEMENT: _("Anbringelse (§ 8, bilag 1)"),
}


@dataclass(frozen=True)
class Field:
    name: str
    label: object
    law: str
    source: str
    kinds: str = "UND IND ANB"
    required: bool = True


FIELDS = (
    Field("aar", _("Indberetningsår"), "§§ 14, 17 (året efter)", "the year chosen"),
    Field("kommunekode", _("Handlekommune"), "§ 1, stk. 2", "organisation.Municipality.code (last 3 digits)"),
    Field("posttype", _("Posttype"), "§§ 8, 13, 16", "UND / IND / ANB"),
    Field("kilde_id", _("Tidligs id for posten"), "§ 3, stk. 2 (rettelser)", "notification / measure pk"),
    Field("cpr", _("CPR-nummer"), "§ 1, stk. 1 (oplysninger om barnet)", "people.Child.cpr"),
    Field("koen", _("Køn (KON)"), "bilag 1-3 (DST: KON)", "people.Child.sex"),
    Field("foedselsdato", _("Fødselsdato"), "§§ 8, 16 (0-17 år)", "people.Child.birth_date"),
    Field("ufoedt", _("Ufødt barn"), "BL § 133, stk. 2 (DST: U0)", "people.Child.is_unborn", required=False),
    Field("modtaget", _("Modtaget"), "§ 16, § 17", "intake.Notification.received_at", "UND"),
    Field(
        "underretter",
        _("Underretter (UNDERRETERE)"),
        "§ 16 (DST: UND1)",
        "Notification.notifier_category",
        "UND",
    ),
    Field(
        "lovgrundlag",
        _("Lovgrundlag"),
        "§ 16 (BL §§ 132, 133, 135); §§ 8, 13",
        "notifier_kind / MeasureType.paragraph",
    ),
    Field("indsatskode", _("Indsats"), "§§ 8, 13", "interventions.MeasureType.code", "IND ANB"),
    Field(
        "afgoerelsesdato",
        _("Afgørelsesdato"),
        "§ 10 (den afgørelse, der er trådt i kraft)",
        "Measure.decided_on",
        "IND ANB",
    ),
    Field("startdato", _("Iværksat"), "§ 14 (året efter iværksættelsen)", "Measure.started_on", "IND ANB"),
    Field("slutdato", _("Ophørt"), "§§ 8, 13", "Measure.ended_on", "IND ANB", required=False),
    Field(
        "anbringelsessted",
        _("Anbringelsessted (ANBRINGELSE)"),
        "§ 8 (DST: ANBAAR12)",
        "Measure.place_type",
        "ANB",
    ),
    Field(
        "anbringelsesgrundlag",
        _("Anbringelsesgrundlag (FORAN)"),
        "§ 8 (DST: ANBAAR2)",
        "Decision.consent / Measure.without_consent",
        "ANB",
    ),
    Field(
        "hjemgivelse",
        _("Afgørelse om hjemgivelse"),
        "§ 8 (BL § 100)",
        "Measure.homecoming_decided_on",
        "ANB",
        required=False,
    ),
)
COLUMNS = [f.name for f in FIELDS]

# What the bekendtgørelse asks of a municipality's children's services that Tidlig does not hold.
GAPS = (
    (
        _("Døgnophold for unge 18–22 år (§ 9, bilag 1 tabel 9–14)"),
        _("Tidlig har ikke efterværn efter BL §§ 114 og 120."),
    ),
    (
        _("Handicapkompenserende indsatser (§ 19, bilag 4)"),
        _("BL §§ 82, 89 og 90 er ikke i Tidligs indsatskatalog."),
    ),
    (
        _("Udgifter og egenbetalinger (§§ 38–39, bilag 10)"),
        _("Tidlig kender pris pr. måned, ikke bogførte udgifter og egenbetaling."),
    ),
    (
        _("Børne- og ungehjemmets art"),
        _(
            "Tidlig skelner ikke mellem døgninstitution, delvis lukket, sikret afdeling og opholdssted (ANBRINGELSE 9, 7, 8, 27)."
        ),
    ),
    (
        _("Foreløbige afgørelser, domme og Ankestyrelsens afgørelser (FORAN 103–115)"),
        _("Tidlig registrerer kun samtykke (§ 46) eller ikke (§ 47)."),
    ),
    (
        _("DST's filformat og metadata (§ 6, stk. 3–4)"),
        _("Kravspecifikationen er ikke i referencen; filen her er et midlertidigt format med skema."),
    ),
    (
        _("Kvartalsvis indberetning af anbringelser (§ 11)"),
        _("Leverancen her er årlig; kvartalsfristen dækkes ikke."),
    ),
)

# Deadlines (the yearly delivery for year Y): the end of January of Y+1 for §§ 13 and 16 (§§ 14, 17).
DEADLINE_NOTE = _(
    "Underretninger og indsatser for et år indberettes senest med udgangen af januar året efter (§§ 14 og 17). "
    "Anbringelser indberettes kvartalsvis senest den sidste dag i måneden efter kvartalet (§ 11)."
)
