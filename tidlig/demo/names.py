"""Danish-looking names and places for the demo. All invented; any likeness to a real person is chance."""

from __future__ import annotations

import random

BOYS = (
    "William Noah Oscar Lucas Carl Victor Alfred Malthe Oliver Emil Elias Aksel Valdemar Magnus Frederik "
    "Arthur August Anton Theo Johan Mikkel Villads Alexander Storm Felix Liam Otto Marius Sebastian Mads "
    "Kasper Jonas Rasmus Mathias Christian Tobias Benjamin Adam Ali Mohammed Yusuf Omar Hamza Milas Bertram "
    "Lauge Konrad Aron Ahmad Ibrahim Kristian Niklas Gustav Laurits Silas Hugo Asger"
).split()
GIRLS = (
    "Alma Ella Olivia Freja Ida Clara Karla Agnes Emma Sofia Ellen Asta Luna Laura Josefine Lea Nora Anna "
    "Esther Frida Mathilde Sofie Isabella Emilia Aya Maja Liva Cecilie Caroline Signe Marie Amalie Vigga "
    "Saga Lærke Ronja Selma Vilma Astrid Molly Filippa Hannah Naja Julie Sara Fatima Maryam Zainab Leyla "
    "Ingrid Tilde Merle Gry Johanne Elvira Alberte Lily"
).split()
MEN = (
    "Jens Peter Michael Lars Thomas Henrik Søren Christian Martin Jan Morten Jesper Anders Niels Rasmus "
    "Mads Kim Brian Jacob Nikolaj Klaus Ole Torben Steffen Kasper Ahmed Jonas Simon Bo Per Allan Mikkel"
).split()
WOMEN = (
    "Anne Mette Kirsten Hanne Susanne Lene Maria Louise Camilla Pia Charlotte Tina Marianne Trine Line "
    "Helle Julie Sara Rikke Maja Stine Karina Dorte Katrine Nadia Ditte Signe Malene Amira Sanne Mia"
).split()
SURNAMES = (
    "Nielsen Jensen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen Petersen "
    "Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen Møller Mortensen Knudsen Jakobsen "
    "Mikkelsen Olesen Frederiksen Laursen Henriksen Lund Schmidt Eriksen Holm Kristiansen Clausen Simonsen "
    "Svendsen Andreasen Iversen Jeppesen Mogensen Jacobsen Vestergaard Nissen Lauridsen Kjær Skov Bach "
    "Dahl Berg Lind Krogh Winther Dam Brandt Juhl Bruun Ahmadi Hussein Yilmaz Kaya Nguyen Novak Kowalski"
).split()
STREETS = (
    "Skolevej Kirkevej Birkevej Bøgevej Egevej Lindevej Ahornvej Rønnebærvej Engvej Markvej Møllevej "
    "Bakkevej Skovvej Vestergade Østergade Nørregade Søndergade Stationsvej Havevej Rosenvej Kløvervej "
    "Vibevej Lærkevej Mågevej Fasanvej Ringvej Åvej Tværvej Grønnegade Solbakken Humlebakken Strandvejen"
).split()

# The four school districts, with a postcode that is not a real Danish one (real ones start at 0800).
DISTRICTS = [("Nord", "0010"), ("Syd", "0020"), ("Øst", "0030"), ("Vest", "0040")]
DISTRICT_WEIGHTS = [0.30, 0.28, 0.27, 0.15]
DAYCARES = {
    "Nord": [
        "Børnehuset Solsikken",
        "Vuggestuen Mariehønen",
        "Troldehøjen",
        "Skovbørnehaven Egern",
        "Børnehuset Kastanjen",
        "Naturbørnehaven Mosen",
        "Dagplejen Nord",
    ],
    "Syd": [
        "Børnehaven Regnbuen",
        "Vuggestuen Sommerfuglen",
        "Børnehuset Spiren",
        "Engbørnehaven",
        "Børnehuset Myretuen",
        "Havebørnehaven Hylden",
        "Dagplejen Syd",
    ],
    "Øst": [
        "Børnehuset Østerled",
        "Vuggestuen Bikuben",
        "Børnehaven Kernehuset",
        "Strandbørnehaven",
        "Børnehuset Tusindfryd",
        "Dagplejen Øst",
    ],
    "Vest": [
        "Børnehuset Vestervang",
        "Vuggestuen Lærkereden",
        "Børnehaven Ællingen",
        "Skovtrolden",
        "Dagplejen Vest",
    ],
}
SCHOOLS = {
    "Nord": ["Nordskolen", "Bakkeskolen", "Kirkebakkeskolen"],
    "Syd": ["Sydskolen", "Engskolen", "Søndervangskolen"],
    "Øst": ["Østre Skole", "Strandskolen"],
    "Vest": ["Vestervangskolen", "Skovlyskolen"],
}

FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


def ascii_fold(text: str) -> str:
    return text.lower().translate(FOLD).replace(" ", "")


def child_name(rng: random.Random, sex: str) -> str:
    return rng.choice(BOYS if sex == "M" else GIRLS)


def adult_name(rng: random.Random, sex: str) -> tuple[str, str]:
    return rng.choice(MEN if sex == "M" else WOMEN), rng.choice(SURNAMES)


def address(rng: random.Random, postcode: str) -> str:
    return f"{rng.choice(STREETS)} {rng.randint(1, 140)}, {postcode} Demokommune"


class Usernames:
    """fornavn.efternavn, with a number when the name is taken."""

    def __init__(self, taken: set[str] | None = None):
        self.taken = set(taken or ())

    def make(self, first: str, last: str) -> str:
        base = f"{ascii_fold(first)}.{ascii_fold(last)}"
        name, n = base, 1
        while name in self.taken:
            n += 1
            name = f"{base}{n}"
        self.taken.add(name)
        return name
