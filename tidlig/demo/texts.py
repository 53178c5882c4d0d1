"""Danish texts for the demo: who notified, what they wrote, and what the municipality noted and sent."""

from __future__ import annotations

import random
from dataclasses import dataclass

from tidlig.rules.obligations import NotifierKind

from . import names

# UND1 notifier code -> the kind of notifier under Barnets lov §§ 132–135.
KIND_BY_CATEGORY = {
    "1": NotifierKind.MUNICIPALITY,
    "2": NotifierKind.PROFESSIONAL,
    "3": NotifierKind.PROFESSIONAL,
    "4": NotifierKind.PROFESSIONAL,
    "5": NotifierKind.PROFESSIONAL,
    "6": NotifierKind.PROFESSIONAL,
    "9": NotifierKind.PROFESSIONAL,
    "10": NotifierKind.PROFESSIONAL,
    "8": NotifierKind.ANONYMOUS,
    "11": NotifierKind.CITIZEN,
    "12": NotifierKind.CITIZEN,
    "13": NotifierKind.CITIZEN,
}

REASONS_BY_CATEGORY = {
    "1": ["neglect", "parent_addiction", "domestic_conflict", "child_wellbeing"],
    "2": ["school_absence", "school_absence", "child_wellbeing", "child_behaviour", "neglect", "violence"],
    "3": ["neglect", "child_wellbeing", "child_behaviour", "domestic_conflict", "violence"],
    "4": ["parent_mental", "parent_addiction", "child_wellbeing", "violence", "neglect", "child_addiction"],
    "5": ["neglect", "parent_mental", "child_wellbeing"],
    "6": ["crime", "crime", "domestic_conflict", "violence", "parent_addiction", "child_addiction"],
    "8": ["neglect", "domestic_conflict", "parent_addiction", "violence"],
    "9": ["child_behaviour", "child_wellbeing", "crime"],
    "10": ["domestic_conflict", "violence", "parent_addiction", "honour"],
    "11": ["child_wellbeing", "neglect", "other"],
    "12": ["domestic_conflict", "child_wellbeing", "violence", "sexual_abuse"],
    "13": ["neglect", "parent_addiction", "domestic_conflict", "parent_mental"],
}

TEXTS = {
    "violence": (
        "{name} har fortalt, at {pron2} bliver slået derhjemme, når de voksne bliver vrede. "
        "{Pron} havde i dag et blåt mærke på overarmen og ville ikke tale om det."
    ),
    "sexual_abuse": (
        "{name} har betroet sig om en voksen i familiens omgangskreds, der har rørt {pron3} på en "
        "måde, {pron2} ikke brød sig om. Vi har ikke talt med forældrene."
    ),
    "neglect": (
        "{name} kommer ofte sulten og uden madpakke og i tøj, der ikke passer til vejret. "
        "Hentningen er uregelmæssig, og forældrene er svære at få i tale."
    ),
    "parent_addiction": (
        "Vi er bekymrede for, om forældrene har et misbrug. Der har flere gange været lugt af "
        "alkohol ved aflevering, og {name} virker utryg ved at tage hjem."
    ),
    "parent_mental": (
        "Mor er psykisk sårbar og har i en periode ikke kunnet tage vare på {name}. "
        "Der er ikke andre voksne i netværket, der træder til."
    ),
    "domestic_conflict": (
        "Der er voldsomme skænderier i hjemmet, som naboerne kan høre. {name} har fortalt, "
        "at {pron2} gemmer sig på sit værelse, når de voksne råber."
    ),
    "child_wellbeing": (
        "{name} virker trist og indesluttet og har trukket sig fra kammeraterne det seneste "
        "halve år. {Pron} har sagt, at {pron2} ikke har lyst til at være her mere."
    ),
    "child_behaviour": (
        "{name} har en udadreagerende adfærd med slag og spark mod de andre børn, og det er "
        "blevet værre trods flere samtaler med forældrene."
    ),
    "school_absence": (
        "{name} har haft {pct} % fravær i dette skoleår, mest ulovligt. Forældrene svarer ikke "
        "på beskeder, og fraværet er steget trods aftaler."
    ),
    "crime": (
        "{name} er sigtet for butikstyveri og hærværk sammen med ældre unge. {Pron} var alene ude "
        "sent om aftenen, og forældrene vidste ikke, hvor {pron2} var."
    ),
    "child_addiction": (
        "{name} blev bragt ind påvirket af hash og alkohol. {Pron} fortæller, at {pron2} ryger hash dagligt."
    ),
    "honour": (
        "{name} fortæller om negativ social kontrol: {pron2} må ikke deltage i fritidsaktiviteter og "
        "frygter at blive sendt ud af landet."
    ),
    "unborn": (
        "Den vordende mor har et aktivt misbrug og har ikke været til de aftalte "
        "graviditetskonsultationer. Der er bekymring for barnet, når det bliver født."
    ),
    "other": (
        "Vi har en generel bekymring for {name}s trivsel og udvikling og ønsker, at kommunen ser på "
        "familiens situation."
    ),
}
ACUTE_NOTES = [
    "Ikke akut. Barnet er i trygge rammer i dag; sendt til screening.",
    "Ikke akut. Underretningen beskriver en længerevarende bekymring; ingen umiddelbar fare.",
    "Ikke akut efter telefonisk kontakt med underretter.",
]
ACUTE_NOTES_DANGER = [
    "Akut: barnet kan ikke tage hjem i dag. Døgnberedskabet er kontaktet.",
    "Akut: politiet er orienteret, og barnet er midlertidigt hos en anden forælder.",
]
SCREENING_NOTES = {
    "none": [
        "Forholdene er afklaret med forældrene; ingen yderligere afdækning.",
        "Underretningen giver ikke grundlag for at gå videre; forældrene er orienteret.",
    ],
    "afdaekning": [
        "Behov for en afdækning af barnets situation; samtale med familien aftalt.",
        "Afdækning efter § 19 med inddragelse af skole/dagtilbud.",
    ],
    "undersoegelse": [
        "Gentagne og alvorlige bekymringer; børnefaglig undersøgelse iværksættes.",
        "Børnefaglig undersøgelse efter § 20; børnesamtale planlagt.",
    ],
}
REASSESS_CONCLUSIONS = [
    "Den igangværende indsats fortsætter; underretningen indgår i næste opfølgning.",
    "Indsatsen justeres: flere timer med familiebehandling og tættere opfølgning.",
    "Sagen er genvurderet; der iværksættes en ny børnefaglig undersøgelse.",
]
WAIVE_REASONS = ["Underretteren er selv part i sagen.", "Hensyn til barnets sikkerhed."]

WORKPLACES = {
    "1": ("Sagsbehandler", "Nabokommunen, Børn og Familie"),
    "4": ("Læge", "Regionshospitalet Demo, Børneafdelingen"),
    "5": ("Sundhedsplejerske", "Sundhedsplejen, Demokommune"),
    "6": ("Politiassistent", "Demo Politi, Forebyggelsesafdelingen"),
    "9": ("Socialpædagog", "Opholdsstedet Lyngbakken"),
    "10": ("Rådgiver", "Krisecentret Demo"),
}
DOMAINS = {
    "1": "nabokommunen",
    "2": "skole",
    "3": "dagtilbud",
    "4": "regionshospital",
    "5": "sundhedspleje",
    "6": "politi",
    "9": "lyngbakken",
    "10": "krisecentret",
}


@dataclass
class Notifier:
    kind: str
    category: str
    name: str = ""
    role: str = ""
    workplace: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


def notifier_for(
    rng: random.Random,
    category: str,
    *,
    institution_name: str = "",
    postcode: str = "0010",
    family_name: str = "",
) -> Notifier:
    """A named professional, a citizen with an address, an anonymous caller or another municipality."""
    kind = KIND_BY_CATEGORY[category]
    if kind == NotifierKind.ANONYMOUS:
        return Notifier(kind=kind, category=category)
    sex = rng.choice("MF")
    first, last = names.adult_name(rng, sex)
    if kind == NotifierKind.CITIZEN:
        if category == "13" and family_name:
            last = family_name
        return Notifier(
            kind=kind, category=category, name=f"{first} {last}", address=names.address(rng, postcode)
        )
    if category in ("2", "3"):
        role = "Lærer" if category == "2" else "Pædagog"
        workplace = institution_name or ("Demo Friskole" if category == "2" else "Privat dagtilbud Demo")
    else:
        role, workplace = WORKPLACES[category]
    email = f"{names.ascii_fold(first)}.{names.ascii_fold(last)}@{DOMAINS[category]}.invalid"
    return Notifier(
        kind=kind, category=category, name=f"{first} {last}", role=role, workplace=workplace, email=email
    )


def reasons_for(rng: random.Random, category: str) -> list[str]:
    pool = REASONS_BY_CATEGORY[category]
    first = rng.choice(pool)
    if rng.random() < 0.3:
        second = rng.choice(pool)
        return [first] if second == first else [first, second]
    return [first]


def notification_text(rng: random.Random, reasons: list[str], child_name: str, sex: str) -> str:
    he = sex == "M"
    words = {
        "name": child_name or "Barnet",
        "pron2": "han" if he else "hun",
        "Pron": "Han" if he else "Hun",
        "pron3": "ham" if he else "hende",
        "pct": rng.randint(12, 35),
    }
    return " ".join(TEXTS[r].format(**words) for r in reasons)


def receipt_body(
    *, notifier_name: str, received_local: str, professional: bool, municipality: str, acute_phone: str
) -> str:
    """A short version of intake/letters/receipt.txt (LIX ≤ 35, docs/style-da.md)."""
    lines = [
        f"Kære {notifier_name or 'underretter'}",
        "",
        f"Tak for din underretning om et barn eller en ung. Vi fik den {received_local}.",
        "",
        "Vi læser alle underretninger. Inden for et døgn ser vi på, om barnet har brug for hjælp med det samme.¹",
        "",
        "Vi har tavshedspligt. Derfor kan vi ikke sige mere om sagen."
        + (
            " Men du er fagperson. Så du får besked senere, om vi har sat noget i gang for barnet.²"
            if professional
            else ""
        ),
        "",
        "Er barnet i fare lige nu, så ring 112.",
        f"Uden for kontortid kan du også ringe til vores vagt, der har åbent hele døgnet: {acute_phone}.",
        "",
        "Med venlig hilsen",
        "Modtagelsen, Børn og Familie",
        f"{municipality} Kommune",
        "",
        "¹ Barnets lov § 136. Vi sender kvitteringen efter barnets lov § 138, stk. 1.",
    ]
    if professional:
        lines.append("² Barnets lov § 138, stk. 2.")
    return "\n".join(lines)


FEEDBACK = {
    "undersoegelse": (
        "Vi er gået i gang med en børnefaglig undersøgelse. Det vil sige, at vi sammen med familien finder ud "
        "af, hvad barnet har brug for.²"
    ),
    "afdaekning": "Vi er gået i gang med en afdækning. Det vil sige, at vi ser på, hvad barnet har brug for.²",
    "none": "Vi har læst underretningen. Vi har ikke sat en afdækning, en undersøgelse eller anden hjælp i gang.",
}
FEEDBACK_NOTE = {"undersoegelse": "² Barnets lov § 20.", "afdaekning": "² Barnets lov § 19."}


def feedback_body(*, notifier_name: str, received_local: str, decision: str, municipality: str) -> str:
    """A short version of intake/letters/feedback.txt (LIX ≤ 35, docs/style-da.md)."""
    lines = [
        f"Kære {notifier_name or 'underretter'}",
        "",
        f"Du sendte os en underretning om et barn eller en ung den {received_local}. "
        "Nu vil vi fortælle dig, hvad vi har gjort.¹",
        "",
        FEEDBACK.get(decision, FEEDBACK["none"]),
        "",
        "Vi har tavshedspligt. Derfor kan vi ikke sige mere.",
        "",
        "Får du ny viden eller nye bekymringer for barnet, skal du sende en ny underretning.",
        "",
        "Er barnet i fare lige nu, så ring 112.",
        "",
        "Med venlig hilsen",
        "Børn og Familie",
        f"{municipality} Kommune",
        "",
        "¹ Barnets lov § 138, stk. 2. Pligten til at underrette står i barnets lov § 133.",
    ]
    if decision in FEEDBACK_NOTE:
        lines.append(FEEDBACK_NOTE[decision])
    return "\n".join(lines)


# Dialog-based notifications (story.DIALOG_SOURCES): who took part, and what the parents said.
DIALOG_PARTICIPANTS = {
    "2": ["Mor, far og klasselæreren", "Mor og klasselæreren", "Far, AKT-læreren og skolelederen"],
    "3": ["Mor, far og pædagogen", "Mor og stuens pædagog", "Far og dagtilbudslederen"],
    "4": ["Mor og lægen", "Mor, far og skolesundhedsplejersken", "Far og lægen"],
    "5": ["Mor og sundhedsplejersken", "Mor, far og sundhedsplejersken"],
}
DIALOG_PARENTS_VIEWS = [
    "Forældrene genkender bekymringen og vil gerne have hjælp.",
    "Mor er enig i, at det er svært lige nu, og vil gerne tale med en rådgiver.",
    "Forældrene oplever det ikke på samme måde, men er indforståede med underretningen.",
    "Far er bekymret for, hvad der skal ske, men vil gerne samarbejde.",
]
