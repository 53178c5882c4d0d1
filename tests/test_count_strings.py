"""docs/style-da.md: every count in the UI goes through ngettext ({% blocktranslate count %}), so no page says
»1 børn« (issue 14 § 5). This walks every template: a variable followed by a countable noun must be the
counted variable of its {% blocktranslate count … %}. And it walks every Python module: a gettext() string
with a placeholder followed by a countable noun (»%(n)s dage«) must be an ngettext() instead."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tidlig.timeline.models import Event, counted, summary_to_store

ROOT = Path(__file__).resolve().parent.parent / "tidlig"
NOUNS = (
    "børn|barn|dage|dag|hverdage|uger|måneder|sager|underretninger|notater|indsatser|timer|personer|møder|"
    "elever|rækker|filer|minutter|gange|anbringelser|afgørelser|frister|opgaver|vurderinger|klager|breve|"
    "deltagere|pladser|brugere|logposter|samtaler|aftaler|"
    # singular forms and the nouns whose Danish plural is the singular: English still tells »1 year« from »2 years«
    "år|mål|point|tegn|tal|uge|måned|sag|fil|time|minut|person|møde|frist|aftale|logpost|visning|visninger|gang|"
    "kommune|kommuner|forælder|forældre|fagperson|fagpersoner|version|versioner|svar|indikatorer|perioder|grupper"
)
ADJECTIVES = r"(?:(?:nye|åbne|flere|aktive|overskredne|tidligere|fælles|ugyldige|valgte) )?"
# {{ n }}, and also {{ x|length }} or {{ a.b }}, which a {% blocktranslate count %} can never have inside it
COUNT = re.compile(r"\{\{ ?([\w.|:\"-]+) ?\}\} " + ADJECTIVES + r"(?:" + NOUNS + r")\b")
OPEN = re.compile(r"\{% blocktrans(?:late)? ([^%]*)%\}")
# Documents written in Danish whatever the reader's language (letters, the parents' page) have no {% load i18n %};
# Django's |pluralize:"er" then gives the Danish plural, and is the one way they may count.
DANISH_PLURAL = re.compile(r"\{\{ ?(\w+)\|pluralize:\"\w+\" ?\}\}")


def offenders() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        source = path.read_text()
        translated = "{% load i18n" in source or "{% extends" in source
        for match in DANISH_PLURAL.finditer(source):
            if translated:
                line = source.count("\n", 0, match.start()) + 1
                found.append(
                    f"{path.relative_to(ROOT)}:{line}: |pluralize cannot translate: {match.group(0)}"
                )
        for match in COUNT.finditer(source):
            if not translated and source.startswith(f"{{{{ {match.group(1)}|pluralize", match.end()):
                continue
            opened = [m for m in OPEN.finditer(source, 0, match.start())]
            tag = opened[-1].group(1) if opened else ""
            closed = source.rfind("endblocktrans", opened[-1].end() if opened else 0, match.start()) != -1
            var = match.group(1)
            # counted as itself, or shown formatted (»5,0«) while its raw value is counted: count n=… with x=…
            counted = re.search(rf"\bcount {var}=", tag) or re.search(rf"\bcount \w+=\S+ with {var}=", tag)
            if not opened or closed or not counted:
                line = source.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}")
    return found


def test_every_count_in_a_template_is_pluralised():
    assert offenders() == []


GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "pgettext", "pgettext_lazy"}
PLACEHOLDER = re.compile(r"(?:%\(\w+\)[sd]|%[sd]|\{\w*\}) " + ADJECTIVES + r"(?:" + NOUNS + r")\b")


def python_offenders() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in GETTEXT:
                continue
            for arg in node.args:
                if (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and PLACEHOLDER.search(arg.value)
                ):
                    found.append(
                        f"{path.relative_to(ROOT)}:{node.lineno}: {PLACEHOLDER.search(arg.value).group(0)}"
                    )
    return found


def test_every_count_in_python_is_pluralised():
    assert python_offenders() == []


def test_the_search_finds_what_it_looks_for():
    """The patterns catch the kinds of count the style sheet forbids, so the two tests above can fail."""
    assert COUNT.search("{{ children|length }} børn")
    assert COUNT.search("{{ n }} overskredne frister")
    assert not COUNT.search("{{ l.child_first }} er fyldt 10 år")
    assert PLACEHOLDER.search("Vent %(minutes)d minutter.")
    assert PLACEHOLDER.search("{n} år")
    assert not PLACEHOLDER.search("%(name)s er gemt.")


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        ("da", "Du har vurderet 1 af 1 barn.", "Du har vurderet 1 af 2 børn."),
        ("en", "You have rated 1 of 1 child.", "You have rated 1 of 2 children."),
    ],
)
def test_one_child_is_one_barn_and_one_child(language, one, many):
    with translation.override(language):
        assert one in render_to_string("wellbeing/_progress.html", {"rated": 1, "total": 1})
        assert many in render_to_string("wellbeing/_progress.html", {"rated": 1, "total": 2})


@pytest.mark.parametrize(
    ("n", "danish", "english"), [(1, "(1 uge)", "(1 week)"), (12, "(12 uger)", "(12 weeks)")]
)
def test_a_timeline_summary_that_counts_reads_right_in_each_language(n, danish, english):
    text, meta = summary_to_store(
        counted("§ 30-forløb startet (%(n)s uge)", "§ 30-forløb startet (%(n)s uger)"), {"n": n}
    )
    event = Event(summary=text, data={"_summary": meta})
    assert text.endswith(danish)
    with translation.override("en"):
        assert event.display_summary.endswith(english)
