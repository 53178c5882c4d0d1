"""LIX, the Scandinavian readability index (Carl-Hugo Björnsson, »Läsbarhet«, 1968).

    LIX = words / sentences + 100 · long words / words

A long word has more than 6 letters; a sentence ends at ».«, »:«, »!« or »?« (and at a blank line or a
line break that ends a heading or a list item). Figures, paragraph signs and other tokens without a letter
are not words. Danish reading: under 25 very easy (children's books), 25–34 easy, 35–44 middle (newspapers),
45–54 hard, 55 and above very hard. Tidlig keeps every text a family reads at 35 or below (issue 14 § 5).

Pure: no Django, no I/O.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

LONG_WORD = 6  # a word with more letters than this is long
FAMILY_LIMIT = 35  # the most a text a family reads may score

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.:!?]+(?=\s|$)|\n\s*\n|\n")
_TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
_BLOCK = re.compile(r"</?(p|h[1-6]|li|dt|dd|div|br|tr|section|blockquote)\b[^>]*>", re.I)


@dataclass(frozen=True)
class Lix:
    words: int
    sentences: int
    long_words: int

    @property
    def score(self) -> float:
        if not self.words:
            return 0.0
        return self.words / max(self.sentences, 1) + 100 * self.long_words / self.words

    def __str__(self) -> str:
        return f"LIX {self.score:.0f} ({self.words} ord, {self.sentences} sætninger, {self.long_words} lange ord)"


def measure(text: str) -> Lix:
    """LIX of plain text. Abbreviations with a full stop (»fx«, »bl.a.«) count as written: write them
    without stops, as the style sheet asks."""
    sentences = 0
    words = 0
    long_words = 0
    for chunk in _SENTENCE_END.split(text):
        found = _WORD.findall(chunk)
        if not found:
            continue
        sentences += 1
        words += len(found)
        long_words += sum(1 for w in found if sum(c.isalpha() for c in w) > LONG_WORD)
    return Lix(words=words, sentences=sentences, long_words=long_words)


def lix(text: str) -> float:
    return measure(text).score


def html_text(markup: str) -> str:
    """The text a reader sees in an HTML document: no <style> or <script>, block elements end a line."""
    body = _BLOCK.sub("\n", markup)
    return html.unescape(_TAG.sub(" ", body))
