"""Tidlig's shipped catalogue of measure types, each with its paragraph and staircase level (DESIGN.md § 3).

Municipalities add their own services in the admin; these rows belong to no municipality.
"""

from django.utils.translation import gettext_noop

from .models import Level, MeasureType

K = MeasureType.Kind
CATALOGUE = [
    (
        "bl30_1",
        gettext_noop("Konsulentbistand, herunder familierettede indsatser"),
        "BL § 30, stk. 1, nr. 1",
        K.PREVENTIVE,
        Level.PREVENTIVE,
    ),
    (
        "bl30_2",
        gettext_noop("Netværks- eller samtalegrupper"),
        "BL § 30, stk. 1, nr. 2",
        K.PREVENTIVE,
        Level.PREVENTIVE,
    ),
    (
        "bl30_3",
        gettext_noop("Rådgivning om familieplanlægning"),
        "BL § 30, stk. 1, nr. 3",
        K.PREVENTIVE,
        Level.PREVENTIVE,
    ),
    (
        "bl30_4",
        gettext_noop("Andre forebyggende indsatser (fx 12-ugers forløb med to netværksmøder)"),
        "BL § 30, stk. 1, nr. 4",
        K.PREVENTIVE,
        Level.PREVENTIVE,
    ),
    (
        "bl32_1",
        gettext_noop("Ophold i dagtilbud, fritidshjem, ungdomsklub, uddannelsessted el.lign."),
        "BL § 32, stk. 1, nr. 1",
        K.SUPPORTIVE,
        Level.SUPPORTIVE,
    ),
    (
        "bl32_2",
        gettext_noop("Praktisk, pædagogisk eller anden støtte i hjemmet"),
        "BL § 32, stk. 1, nr. 2",
        K.SUPPORTIVE,
        Level.SUPPORTIVE,
    ),
    ("bl32_3", gettext_noop("Fast kontaktperson"), "BL § 32, stk. 1, nr. 3", K.SUPPORTIVE, Level.SUPPORTIVE),
    (
        "bl32_4",
        gettext_noop("Formidling af praktiktilbud"),
        "BL § 32, stk. 1, nr. 4",
        K.SUPPORTIVE,
        Level.SUPPORTIVE,
    ),
    (
        "bl32_5",
        gettext_noop("Familiebehandling eller behandling af barnet"),
        "BL § 32, stk. 1, nr. 5",
        K.SUPPORTIVE,
        Level.SUPPORTIVE,
    ),
    (
        "bl32_6",
        gettext_noop("Døgnophold for hele familien"),
        "BL § 32, stk. 1, nr. 6",
        K.SUPPORTIVE,
        Level.SUPPORTIVE,
    ),
    (
        "bl32_7",
        gettext_noop("Støtteophold (aflastning)"),
        "BL § 32, stk. 1, nr. 7",
        K.SUPPORTIVE,
        Level.SUPPORTIVE,
    ),
    (
        "bl32_8",
        gettext_noop("Anden hjælp (rådgivning, behandling, praktisk og pædagogisk støtte)"),
        "BL § 32, stk. 1, nr. 8",
        K.SUPPORTIVE,
        Level.SUPPORTIVE,
    ),
    (
        "ungestoette",
        gettext_noop("Ungestøtte efter det 18. år"),
        "BL §§ 111, 114-116",
        K.SUPPORTIVE,
        Level.SUPPORTIVE,
    ),
    (
        "anb_netvaerk",
        gettext_noop("Anbringelse i netværksplejefamilie"),
        "BL §§ 46-47; § 43, stk. 1, nr. 4",
        K.PLACEMENT,
        Level.NETWORK_CARE,
    ),
    (
        "anb_almen",
        gettext_noop("Anbringelse i almen plejefamilie"),
        "BL §§ 46-47; § 43, stk. 1, nr. 1",
        K.PLACEMENT,
        Level.FOSTER_CARE,
    ),
    (
        "anb_forstaerket",
        gettext_noop("Anbringelse i forstærket plejefamilie"),
        "BL §§ 46-47; § 43, stk. 1, nr. 2",
        K.PLACEMENT,
        Level.FOSTER_CARE,
    ),
    (
        "anb_specialiseret",
        gettext_noop("Anbringelse i specialiseret plejefamilie"),
        "BL §§ 46-47; § 43, stk. 1, nr. 3",
        K.PLACEMENT,
        Level.FOSTER_CARE,
    ),
    (
        "anb_eget_vaerelse",
        gettext_noop("Anbringelse på eget værelse, kollegium el.lign."),
        "BL §§ 46-47; § 43, stk. 1, nr. 5",
        K.PLACEMENT,
        Level.INSTITUTION,
    ),
    (
        "anb_institution",
        gettext_noop("Anbringelse på børne- og ungehjem"),
        "BL §§ 46-47; § 43, stk. 1, nr. 6",
        K.PLACEMENT,
        Level.INSTITUTION,
    ),
    (
        "anb_efterskole",
        gettext_noop("Anbringelse på efterskole, fri fagskole eller fri grundskole med kostafdeling"),
        "BL §§ 46-47; § 43, stk. 1, nr. 7",
        K.PLACEMENT,
        Level.INSTITUTION,
    ),
]


def install(MeasureTypeModel=MeasureType) -> None:
    for code, title, paragraph, kind, level in CATALOGUE:
        MeasureTypeModel.objects.update_or_create(
            municipality=None,
            code=code,
            defaults={"title": title, "paragraph": paragraph, "kind": kind, "level": level},
        )
