"""docs/style-da.md: every button is a verb in the imperative (issue 14 § 5). This reads every template with
html.parser, the way a browser finds the buttons: each <button>, submit <input> and link styled as a button
(DKFDS's `class="button …"`), with `{% translate "…" %}` and `{% blocktranslate %}` resolved to their Danish
text, plus the labels a template hands to a shared form (`{% translate "…" as submit %}`) and the next steps
of core.next_step. The first word of each label must be a Danish imperative from the list below."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from django.utils import translation

from tidlig.core.next_step import NEXT_STEPS

ROOT = Path(__file__).resolve().parent.parent / "tidlig"

# Danish imperatives (bydeform) used on Tidlig's buttons. Add a verb here when a new button needs one; never a
# noun or an adverb (»Ny«, »Tilbage«, »Næste«, »OK«). Both spellings with and without accent are Danish.
IMPERATIVES = {
    "Afbryd", "Afmeld", "Afslut", "Afvis", "Aflys", "Annullér", "Annuller", "Arkivér", "Bekræft", "Book", "Del",
    "Eksportér", "Find", "Fjern", "Flyt", "Foreslå", "Foretag", "Fordel", "Fortsæt", "Fortryd", "Genopret", "Genvurdér",
    "Genåbn", "Gem", "Giv", "Gå", "Godkend", "Hent", "Hold", "Importér", "Indkald", "Inviter", "Invitér", "Lav",
    "Luk", "Log", "Læg", "Læs", "Markér", "Nulstil", "Opdatér", "Opret", "Planlæg", "Prøv", "Registrér", "Ret",
    "Revidér", "Screen", "Se", "Send", "Skift", "Skjul", "Skriv", "Slet", "Slå", "Start", "Svar", "Søg", "Sæt", "Tag",
    "Tilbagekald", "Tilbyd", "Tilføj", "Tilmeld", "Træf", "Træk", "Udarbejd", "Udfyld", "Udskriv", "Upload", "Vælg", "Vis",
    "Åbn",
}  # fmt: skip

TRANSLATE = re.compile(r"""\{% ?trans(?:late)? (["'])(.*?)\1( as \w+)?(?: noop)? ?%\}""")
SUBMIT = re.compile(r"""\{% ?trans(?:late)? (["'])(.*?)\1 as submit ?%\}""")
BLOCK = re.compile(
    r"\{% ?blocktrans(?:late)?\b[^%]*%\}(.*?)(?:\{% ?plural ?%\}.*?)?\{% ?endblocktrans(?:late)? ?%\}", re.S
)
TAG = re.compile(r"\{%.*?%\}", re.S)
VAR = re.compile(r"\{\{.*?\}\}", re.S)
COMMENT = re.compile(r"\{#.*?#\}", re.S)
FROM_CODE = "\x00"  # where a label is a template variable: its text comes from Python, checked elsewhere


def resolve(source: str) -> str:
    """The template's Danish text: translations resolved, other tags dropped, variables marked."""
    source = COMMENT.sub("", source)
    source = TRANSLATE.sub(lambda m: "" if m.group(3) else m.group(2), source)
    source = BLOCK.sub(lambda m: m.group(1), source)
    source = TAG.sub(" ", source)
    return VAR.sub(f" {FROM_CODE} ", source)


class Buttons(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, list[str], int, dict]] = []
        self.labels: list[tuple[int, str, dict]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and (a.get("type") or "").lower() == "submit":
            self.labels.append((self.getpos()[0], a.get("value") or "", a))
        elif tag == "button" or (tag == "a" and "button" in (a.get("class") or "").split()):
            self.open.append((tag, [], self.getpos()[0], a))

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            _, parts, line, a = self.open.pop()
            self.labels.append((line, " ".join(parts), a))

    def handle_data(self, data):
        for _, parts, _, _ in self.open:
            parts.append(data)


def labels() -> list[tuple[str, str]]:
    """(where, label) for every button label written in a template."""
    found = []
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        source = path.read_text()
        where = path.relative_to(ROOT)
        for match in SUBMIT.finditer(source):
            found.append((f"{where}:{source.count(chr(10), 0, match.start()) + 1}", match.group(2)))
        parser = Buttons()
        parser.feed(resolve(source))
        for line, text, attrs in parser.labels:
            text = " ".join(text.split()).lstrip("←→ ")
            if not text or text.startswith(FROM_CODE):
                continue  # set by the view (checked below when it is one of ours), or an icon with an aria-label
            if attrs.get("name") == "language" and attrs.get("lang"):
                continue  # a language switch names the language in that language (»English«), WCAG 3.1.2
            found.append((f"{where}:{line}", text))
    return found


def not_a_verb(label: str) -> bool:
    return label.split()[0].rstrip(":,.") not in IMPERATIVES


def test_the_templates_have_buttons_to_check():
    assert len(labels()) > 200


def test_every_button_label_in_a_template_starts_with_an_imperative():
    assert [f"{where}: {label}" for where, label in labels() if not_a_verb(label)] == []


def test_every_next_step_button_starts_with_an_imperative():
    with translation.override("da"):
        assert [s.label for s in NEXT_STEPS.values() if not_a_verb(s.label)] == []


def test_the_check_tells_a_verb_from_a_noun():
    assert not_a_verb("Ny afgørelse")
    assert not_a_verb("Tilbage")
    assert not_a_verb("OK")
    assert not not_a_verb("Gem notatet")
    parser = Buttons()
    parser.feed(
        resolve('<a class="button" href="/">{% translate "Næste" %}</a><input type="submit" value="OK">')
    )
    assert sorted(label for _, label, _ in parser.labels) == ["Næste", "OK"]
