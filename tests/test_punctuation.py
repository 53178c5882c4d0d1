"""docs/style-da.md, the mechanical part (issue 14 § 5): in the text a user sees, »fx« has no full stops (never
»f.eks.«), Danish words are quoted with »…« (never straight "…" or '…'), and a range of numbers has an en dash
(»§§ 46–47«, »8–10 måneder«), never a hyphen. Read from every template's visible text (tags, comments, scripts
and styles left out; `{% translate %}` resolved) and every translatable string in the Python code."""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

from .test_button_labels import resolve

ROOT = Path(__file__).resolve().parent.parent / "tidlig"

ABBREVIATION = re.compile(r"\bf\. ?eks\.", re.I)
# A straight quote around a word; code in the text (a header, a JSON example) is left alone.
STRAIGHT_QUOTE = re.compile(r"(?<![\w={\[])([\"'])[A-Za-zÆØÅæøå][^\"'<>{}=:]{0,60}\1(?!\w)")
# A hyphen between two numbers; a CPR number (010118-1234) and an ISO month (2025-03) are formats, not ranges.
HYPHEN_RANGE = re.compile(r"(?<![\d.\-/:])(?!\d{6}-\d{4}\b)(?!\d{4}-\d{2}\b)\d{1,4} ?- ?\d{1,4}(?![\d\-/:])")
CHECKS = {"f.eks.": ABBREVIATION, "straight quotes": STRAIGHT_QUOTE, "hyphen in a range": HYPHEN_RANGE}
COMMENT_BLOCK = re.compile(r"\{% ?comment ?%\}.*?\{% ?endcomment ?%\}", re.S)
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
}


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.texts: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder", "alt") and value:
                self.texts.append((self.getpos()[0], value))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append((self.getpos()[0], data))


def texts():
    """(where, text) for every visible text in a template and every translatable string in Python."""
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        parser = VisibleText()
        parser.feed(resolve(COMMENT_BLOCK.sub("", path.read_text())))
        for line, text in parser.texts:
            yield f"{path.relative_to(ROOT)}:{line}", text
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in GETTEXT:
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        yield f"{path.relative_to(ROOT)}:{node.lineno}", arg.value


def offenders(what: str) -> list[str]:
    return [f"{where}: {m.group(0)}" for where, text in texts() for m in CHECKS[what].finditer(text)]


def test_fx_has_no_full_stops():
    assert offenders("f.eks.") == []


def test_danish_words_are_quoted_with_guillemets():
    assert offenders("straight quotes") == []


def test_a_range_of_numbers_has_an_en_dash():
    assert offenders("hyphen in a range") == []


def test_the_checks_find_what_they_look_for():
    assert ABBREVIATION.search("F.eks. 25.04.2026")
    assert STRAIGHT_QUOTE.search("vælg 'Anonym'.") and STRAIGHT_QUOTE.search('klik på "Gem"')
    assert not STRAIGHT_QUOTE.search("send 'Authorization: Bearer …'") and not STRAIGHT_QUOTE.search(
        "vælg »Anonym«"
    )
    assert HYPHEN_RANGE.search("§§ 46-47") and HYPHEN_RANGE.search("unge 18 - 22 år")
    assert not HYPHEN_RANGE.search("010118-1234") and not HYPHEN_RANGE.search("fx 2025-03")
    assert not HYPHEN_RANGE.search("§§ 46–47") and not HYPHEN_RANGE.search("MST-behandling")
