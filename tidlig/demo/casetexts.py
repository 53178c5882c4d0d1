"""Danish texts for the demo's case handling: what caseworkers write in afdækninger, undersøgelser,
børnesamtaler, afgørelser, opfølgninger, tilsyn, planer and journal notes. Synthetic, short, plausible."""

from __future__ import annotations

import random

# What the afdækning (§ 19) looks into, by the notification's reason.
MATTERS = {
    "violence": "Oplysninger om vold i hjemmet og barnets tryghed",
    "sexual_abuse": "Barnets udsagn om en voksen i omgangskredsen og barnets tryghed",
    "neglect": "Omsorgen i hjemmet: mad, tøj, hygiejne og faste rammer",
    "parent_addiction": "Forældrenes forbrug af alkohol og betydningen for barnet",
    "parent_mental": "Mors psykiske sårbarhed og netværkets mulighed for at træde til",
    "domestic_conflict": "Konflikterne mellem de voksne og hvordan barnet påvirkes",
    "child_wellbeing": "Barnets mistrivsel, tilbagetrækning og forholdet til kammeraterne",
    "child_behaviour": "Barnets udadreagerende adfærd i dagtilbud/skole og derhjemme",
    "school_absence": "Barnets skolefravær og forældrenes samarbejde med skolen",
    "crime": "Barnets kriminalitet, omgangskreds og forældrenes opsyn",
    "child_addiction": "Barnets forbrug af hash og alkohol",
    "honour": "Oplysninger om negativ social kontrol i familien",
    "other": "Barnets trivsel og udvikling og familiens situation",
    "unborn": "Den vordende mors situation og forberedelsen til barnets fødsel",
}
PROFESSIONALS = [
    "Klasselærer og skolens AKT-vejleder",
    "Pædagog og leder i dagtilbuddet",
    "Sundhedsplejersken",
    "Skolesocialrådgiveren og PPR",
    "Egen læge (med forældrenes samtykke)",
    "SSP-konsulenten",
]
ASSESSMENT_CONCLUSIONS = {
    "none": [
        "Forholdene er afklaret. Forældrene tager godt imod vejledning, og skolen oplever, at barnet "
        "trives bedre. Ingen yderligere støtte.",
        "Afdækningen viser ikke behov for støtte fra kommunen; familien bruger selv sit netværk.",
    ],
    "preventive": [
        "Afdækningen viser behov for en kortere forebyggende indsats (§ 30) for familien.",
        "Familien har gavn af et forløb i Familiehuset; forældrene ønsker selv hjælpen.",
    ],
    "investigation": [
        "Afdækningen viser bekymringer, der kræver en børnefaglig undersøgelse (§ 20).",
    ],
}

# The six ICS areas of the undersøgelse (§ 22, stk. 1): challenges and resources.
AREAS = {
    "development": (
        "Barnet er urolig og har svært ved at koncentrere sig; sprogligt lidt bagud for alderen.",
        "Nysgerrig og glad for at tegne og bygge; søger kontakt til kendte voksne.",
    ),
    "family": (
        "Forældrene er pressede og har svært ved at skabe faste rammer; konflikter i hjemmet.",
        "Forældrene er samarbejdsvillige og ønsker det bedste for barnet; mormor hjælper til.",
    ),
    "school": (
        "Højt fravær og faglige huller; barnet trækker sig i frikvartererne.",
        "God relation til klasselæreren, der gerne vil indgå i et samarbejde.",
    ),
    "health": (
        "Barnet sover dårligt og har ofte ondt i maven; tandlægebesøg er udeblevet.",
        "Ingen kendte sygdomme; barnet er i almindelig god fysisk form.",
    ),
    "leisure": (
        "Barnet har få venner og ingen fritidsaktiviteter.",
        "Har tidligere gået til fodbold og taler gerne om at begynde igen.",
    ),
    "other": (
        "Familien har økonomiske problemer og en ustabil boligsituation.",
        "Familien har kontakt til en frivillig forening, som den er glad for.",
    ),
}
PRELIMINARY = [
    "Undersøgelsen kan ikke afsluttes inden for 4 måneder, fordi PPR's vurdering og lægens udtalelse "
    "endnu ikke foreligger. Foreløbig vurdering: barnet er i mistrivsel; der er ikke grundlag for akutte "
    "foranstaltninger. Forventet afslutning inden for 6 uger.",
    "Familien har været svær at få kontakt med, og børnesamtalen er udskudt to gange. Foreløbigt vurderes "
    "barnet at have behov for støtte i hjemmet; undersøgelsen afsluttes snarest.",
]
INVESTIGATION_CONCLUSIONS = {
    "none": [
        "Barnet har ikke behov for særlig støtte efter §§ 32, 46 eller 47. Forældrene har selv sat gang i "
        "ændringer, og skolen følger barnet tæt.",
    ],
    "preventive": [
        "Barnet har ikke behov for særlig støtte efter § 32, men familien har gavn af en forebyggende "
        "indsats efter § 30.",
    ],
    "supportive": [
        "Barnet har behov for særlig støtte. Det vurderes, at støtte i hjemmet efter § 32 kan sikre barnets "
        "trivsel og udvikling; forældrene er motiverede.",
        "Der er behov for familiebehandling efter § 32 med fokus på forældrenes omsorgsevne og faste rammer.",
    ],
    "placement": [
        "Barnets behov kan ikke dækkes ved støtte i hjemmet. Det er nødvendigt, at barnet anbringes uden for "
        "hjemmet (§ 46), for at sikre barnets trivsel, sundhed og udvikling.",
    ],
    "continue": [
        "Den igangværende indsats fortsætter med justeringer; barnets behov er fortsat dækket.",
        "Anbringelsen fortsætter; undersøgelsen giver ikke anledning til at ændre indsatsen.",
    ],
}

CHILD_VIEWS = [
    "Barnet fortæller, at det er rart at være hjemme, når der er ro, men at det er bange, når de voksne "
    "skændes. Barnet vil gerne have en voksen at tale med.",
    "Barnet siger, at skolen er svær, og at det tit har ondt i maven om morgenen. Det ønsker hjælp, men "
    "vil ikke flytte.",
    "Den unge er enig i, at der er brug for hjælp, og vil gerne have en kontaktperson, som ikke er fra "
    "skolen.",
    "Barnet savner sin far og vil gerne se ham oftere. Det er glad for sin klasse.",
    "Den unge ønsker at bo et andet sted i en periode og har selv foreslået et opholdssted, hvor en ven bor.",
]
BISIDDERE = ["Barnets morbror", "Lærer fra skolen", "Frivillig bisidder fra Børns Vilkår", "Fodboldtræneren"]
CONVERSATION_EXCEPTION = (
    "Barnet er {age} år og kan på grund af sin alder ikke give udtryk for sine synspunkter i en samtale "
    "(§ 5, stk. 4). Barnets perspektiv er belyst ved observation i hjemmet og i dagtilbuddet."
)

PURPOSES = {
    "preventive": "At styrke forældrenes omsorg og forebygge, at barnets vanskeligheder vokser.",
    "supportive": "At sikre barnets trivsel og udvikling i hjemmet og styrke forældrenes omsorgsevne "
    "(§ 32, stk. 3).",
    "placement": "At sikre barnet en stabil og tryg opvækst, mens forældrenes situation ikke gør det "
    "muligt at bo hjemme (§ 46, stk. 1).",
}
DURATIONS = {
    "preventive": ["12 uger", "3 måneder", "4 måneder"],
    "supportive": ["6 måneder", "9 måneder", "1 år", "1 år med opfølgning efter 3 måneder"],
    "placement": ["Foreløbig 1 år", "Indtil videre; vurderes ved opfølgningen", "Til barnet fylder 18 år"],
}
REASONINGS = {
    "preventive": "Afdækningen viser, at familien kan hjælpes med en kortere, tidlig indsats.",
    "supportive": "Den børnefaglige undersøgelse viser, at barnet har behov for særlig støtte, og at "
    "behovet bedst dækkes i hjemmet.",
    "placement": "Den børnefaglige undersøgelse viser, at der er åbenbar risiko for alvorlig skade på "
    "barnets sundhed og udvikling, og at problemerne ikke kan løses under barnets fortsatte ophold i "
    "hjemmet.",
}
CONSENT_NOTES = [
    "Begge forældremyndighedsindehavere har givet skriftligt samtykke.",
    "Mor har som eneste forældremyndighedsindehaver givet samtykke på mødet.",
    "Samtykke givet skriftligt efter partshøring; den unge er enig.",
]
WITHOUT_CONSENT_NOTE = (
    "Børne- og ungeudvalget har truffet afgørelse om anbringelse uden samtykke (§ 47); forældrene er "
    "vejledt om klageadgangen til Ankestyrelsen."
)
ACUTE_PLACEMENT = (
    "Akut anbringelse med samtykke: barnet kunne ikke blive i hjemmet, mens undersøgelsen blev gennemført. "
    "Den børnefaglige undersøgelse afsluttes sideløbende (§ 46, stk. 3)."
)

FOLLOWUP_ASSESSMENTS = [
    "Barnet trives bedre; fraværet er faldet, og forældrene bruger de redskaber, de har fået. Indsatsen "
    "fortsætter uændret.",
    "Fremgang på to af tre mål. Forældrene har stadig svært ved morgenrutinerne; indsatsen justeres.",
    "Barnet er faldet godt til og har fået en veninde. Samværet med forældrene fungerer.",
    "Stilstand: barnet er fortsat uroligt i skolen. Aftalt tættere samarbejde med PPR.",
]
SCHEDULE_REASONS = [
    "Der følges op hver 6. måned med et netværksmøde, fordi indsatsen er i en stabil fase.",
    "Der følges op hver 3. måned, fordi målene er nye og forældrene har ønsket tæt opfølgning.",
]
VISIT_NOTES = [
    "Tilsynsbesøg i plejefamilien. Samtale med barnet alene på værelset; barnet er glad for at bo der.",
    "Tilsynsbesøg. Barnet viste sit værelse og fortalte om skolen. Plejeforældrene beskriver god udvikling.",
    "Tilsynsbesøg på anbringelsesstedet; samtale med den unge og kontaktpædagogen. Ingen bekymringer.",
    "Tilsynsbesøg. Barnet var træt og ville kun tale kort; aftalt nyt besøg inden for 3 måneder.",
]
VISIT_NOTE_NO_TALK = "Tilsynsbesøg; barnet var ikke hjemme, samtale med plejeforældrene. Ny samtale aftales."

PLAN_SUMMARIES = {
    "child": "Barnets plan: indsatsens formål, barnets behov og de konkrete mål for trivsel og udvikling.",
    "youth": "Ungeplan: den unges egne mål for uddannelse, fritid og overgangen til voksenlivet.",
    "holistic": "Helhedsorienteret plan på tværs af barnets og forældrenes indsatser.",
    "parent": "Forældrehandleplan: forældrenes egne mål og den støtte, de tilbydes under anbringelsen.",
}
GOALS = {
    "child": [
        ("Barnet kommer i skole hver dag og har under 5 % fravær", "Forældrene og skolen"),
        ("Barnet har en fast voksen at tale med hver uge", "Kontaktpersonen"),
        ("Barnet deltager i en fritidsaktivitet", "Forældrene"),
        ("Faste rammer for søvn og måltider derhjemme", "Familiebehandleren og forældrene"),
        ("Barnet udvikler sit sprog, så det følger jævnaldrende", "Dagtilbuddet og PPR"),
        ("Barnet har stabilt samvær med sine forældre", "Plejefamilien og rådgiver"),
    ],
    "youth": [
        ("Den unge gennemfører 9. klasse og søger en ungdomsuddannelse", "Den unge og UU-vejlederen"),
        ("Den unge kan selv klare indkøb, madlavning og økonomi", "Kontaktpædagogen"),
        ("Den unge holder sig fra hash", "Den unge og misbrugsbehandleren"),
    ],
    "holistic": [
        ("Barnets træning og skoletilbud hænger sammen i hverdagen", "Rådgiver og skolen"),
        ("Forældrene får aflastning, så de kan klare hverdagen", "Rådgiver"),
    ],
    "parent": [
        ("Mor går i behandling og holder aftalerne", "Mor"),
        ("Forældrene deltager i samvær hver anden uge", "Forældrene"),
    ],
}

NOTES = {
    "investigation": [
        (
            "home_visit",
            "Hjemmebesøg hos familien. Talt med begge forældre om bekymringerne; lejligheden var "
            "ryddelig, og barnet viste sit værelse.",
        ),
        ("meeting", "Netværksmøde med skole og PPR om barnets trivsel og fravær."),
        ("phone", "Telefonsamtale med klasselæreren om barnets trivsel den seneste måned."),
        ("conversation", "Samtale med mor om hendes egen situation og behovet for støtte."),
    ],
    "assessment": [
        ("phone", "Telefonsamtale med dagtilbuddets leder; de genkender bekymringen, men ser fremgang."),
        ("meeting", "Møde med forældrene om afdækningen og hvem der inddrages."),
    ],
    "measure": [
        ("meeting", "Opstartsmøde med familien og leverandøren om indsatsens mål."),
        ("phone", "Telefonsamtale med familiebehandleren: forløbet er godt i gang."),
        ("mail", "Brev til forældrene med referat af opfølgningsmødet."),
        ("note", "Notat: indhentet statusudtalelse fra skolen til næste opfølgning."),
    ],
    "placement": [
        ("meeting", "Møde med anbringelsesstedet om barnets skolegang og samvær."),
        ("phone", "Telefonsamtale med plejemor: barnet sover bedre og er faldet til i klassen."),
        ("conversation", "Samtale med forældrene om samvær i ferien."),
    ],
}
CASE_CLOSE_REASONS = {
    "assessment": "Afdækningen viste ikke behov for yderligere støtte",
    "investigation": "Undersøgelsen viste ikke behov for særlig støtte efter §§ 32, 46 eller 47",
    "preventive": "Forløbet efter § 30 er gennemført; familien klarer sig selv",
    "supportive": "Indsatsen er afsluttet, og målene er nået",
    "homecoming": "Barnet er hjemgivet, og støtten i hjemmet er afsluttet",
}
ACCESS_REASONS = ["Ferieafløsning", "Sparring i et komplekst forløb", "Fælles sag med søskende"]


def matters_for(reasons: list[str]) -> str:
    return "; ".join(MATTERS.get(r, MATTERS["other"]) for r in reasons[:2]) or MATTERS["other"]


def areas(rng: random.Random, filled: bool) -> dict:
    """The six ICS areas; an undersøgelse under way has written some of them."""
    out = {}
    for key, (challenges, resources) in AREAS.items():
        write = filled or rng.random() < 0.5
        out[key] = {"challenges": challenges if write else "", "resources": resources if write else ""}
    return out


def goals(rng: random.Random, kind: str) -> list[tuple[str, str]]:
    pool = GOALS[kind]
    k = rng.randint(0, 2) if kind == "parent" else rng.randint(2, min(4, len(pool)))
    return rng.sample(pool, min(k, len(pool)))
