"""The default handleguide a municipality starts from; the administrator edits it in the admin.

The steps are data in Danish (what educators read), not UI strings: the municipality rewrites them.
The notification step quotes barnets lov § 133, stk. 1; the acute step names the municipality's
døgnberedskab and the police on 112.
"""

from __future__ import annotations

from django.db import transaction

from tidlig.organisation.models import Municipality

from .models import GuideStep

# BL § 133, stk. 1, quoted word for word: the threshold at which a professional must notify.
BL_133_THRESHOLD = (
    "Personer, der udøver offentlig tjeneste eller offentligt hverv, skal underrette "
    "kommunalbestyrelsen, hvis de under udøvelsen af tjenesten eller hvervet får kendskab til eller "
    "grund til at antage, at 1) et barn eller en ung under 18 år kan have behov for særlig støtte "
    "efter denne lov, 2) et barn umiddelbart efter fødslen kan få behov for særlig støtte efter denne "
    "lov på grund af de kommende forældres forhold, 3) et barn eller en ung under 18 år kan have behov "
    "for særlig støtte efter denne lov på grund af barnets eller den unges ulovlige skolefravær eller "
    "undladelse af at opfylde undervisningspligten eller 4) et barn eller en ung under 18 år har været "
    "udsat for overgreb."
)


def acute_contact(municipality: Municipality) -> str:
    phone = municipality.acute_phone.strip()
    beredskab = (
        f"Kommunens døgnberedskab: {phone}"
        if phone
        else "Kommunens døgnberedskab (spørg din leder om nummeret)"
    )
    return f"{beredskab}. Politiet: 112."


def default_steps(municipality: Municipality) -> list[GuideStep]:
    """The default guide as unsaved steps (also shown before the municipality has saved a guide)."""
    k = GuideStep.Kind
    rows = [
        (
            k.ACUTE,
            "Er barnet i akut fare?",
            "Hvis barnet er i akut fare – fx har været udsat for vold eller overgreb, ikke tør gå hjem, "
            "eller ingen voksen henter – så ring straks. Ring 112, hvis der er fare for liv eller "
            "helbred lige nu. Ring derefter til kommunens døgnberedskab, og skriv en underretning "
            "samme dag. Ved mistanke om vold eller overgreb fra forældrene: tal ikke med forældrene "
            "først.",
            acute_contact(municipality),
        ),
        (
            k.OBSERVE,
            "Iagttag og beskriv",
            "Skriv det, du ser og hører, så konkret som muligt: hvad, hvornår, hvor ofte og i hvilke "
            "situationer. Skeln mellem det, du har set, og din tolkning. Tal med en kollega eller din "
            "leder om, hvad I hver især ser.",
            "",
        ),
        (
            k.PARENTS,
            "Tal med forældrene",
            "Fortæl forældrene, hvad I har set, og spørg hvordan de oplever barnet hjemme. Aftal, hvad "
            "I hver især gør, og hvornår I følger op. Skriv, hvad forældrene siger. Undlad samtalen, "
            "hvis der er mistanke om vold eller overgreb fra forældrene.",
            "",
        ),
        (
            k.TEAM,
            "Spørg det tværfaglige team",
            "Tag barnet op på institutionens tværfaglige team (socialrådgiver, PPR-psykolog og "
            "sundhedsplejerske). Uden forældrenes samtykke drøftes barnet anonymt. Med forældrenes "
            "samtykke kan barnet drøftes med navn; efter retssikkerhedslovens § 11 e, stk. 2, kan "
            "oplysninger om et konkret barn udveksles én gang på et møde.",
            "",
        ),
        (
            k.NOTIFY,
            "Skriv en underretning, når § 133 gælder",
            "Underretningspligten efter barnets lov § 133, stk. 1: «" + BL_133_THRESHOLD + "» "
            "Pligten gælder dig som fagperson, og du behøver ikke være sikker: «grund til at antage» "
            "er nok. Skriv gerne underretningen sammen med forældrene "
            "(dialogbaseret underretning), medmindre det kan skade barnet.",
            "",
        ),
    ]
    return [
        GuideStep(
            municipality=municipality, order=(i + 1) * 10, kind=kind, title=title, guidance=text, contact=c
        )
        for i, (kind, title, text, c) in enumerate(rows)
    ]


@transaction.atomic
def default_guide(municipality: Municipality) -> list[GuideStep]:
    """Create the default handleguide for a municipality that has none; return the guide's steps."""
    existing = list(GuideStep.objects.filter(municipality=municipality))
    if existing:
        return existing
    return GuideStep.objects.bulk_create(default_steps(municipality))
