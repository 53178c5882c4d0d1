"""docs/style-da.md: every count in the UI goes through ngettext ({% blocktranslate count %}), so no page says
»1 børn« (issue 14 § 5). This walks every template: a variable followed by a countable noun must be the
counted variable of its {% blocktranslate count … %}."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent / "tidlig"
NOUNS = (
    "børn|barn|dage|dag|hverdage|uger|måneder|sager|underretninger|notater|indsatser|timer|personer|møder|"
    "elever|rækker|filer|minutter|gange|anbringelser|afgørelser|frister|opgaver|vurderinger|klager|breve|"
    "deltagere|pladser|brugere|logposter|samtaler|aftaler"
)
COUNT = re.compile(r"\{\{ ?(\w+) ?\}\} (?:nye |åbne |flere |aktive )?(?:" + NOUNS + r")\b")
OPEN = re.compile(r"\{% blocktrans(?:late)? ([^%]*)%\}")


def offenders() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        source = path.read_text()
        for match in COUNT.finditer(source):
            opened = [m for m in OPEN.finditer(source, 0, match.start())]
            tag = opened[-1].group(1) if opened else ""
            closed = source.rfind("endblocktrans", opened[-1].end() if opened else 0, match.start()) != -1
            if not opened or closed or not re.search(rf"\bcount {match.group(1)}=", tag):
                line = source.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}")
    return found


def test_every_count_in_a_template_is_pluralised():
    assert offenders() == []


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
