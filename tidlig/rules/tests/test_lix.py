"""LIX (Björnsson): words / sentences + 100 · long words / words."""

from __future__ import annotations

import pytest

from tidlig.rules.lix import html_text, lix, measure


def test_the_formula_counts_words_sentences_and_words_longer_than_six_letters():
    m = measure("Vi har modtaget din underretning. Tak for den.")
    # 8 words, 2 sentences, 2 long words (modtaget, underretning): 8/2 + 100·2/8 = 4 + 25
    assert (m.words, m.sentences, m.long_words) == (8, 2, 2)
    assert m.score == pytest.approx(29.0)


def test_a_word_of_exactly_six_letters_is_not_long_and_figures_are_not_words():
    assert measure("Barnet fik hjælp 12.03.2026 efter § 32.").long_words == 0
    assert measure("Barnet fik hjælp 12.03.2026 efter § 32.").words == 4


def test_a_long_bureaucratic_sentence_scores_higher_than_the_same_said_plainly():
    hard = (
        "Kommunalbestyrelsen har truffet afgørelse om iværksættelse af foranstaltninger efter "
        "forudgående børnefaglig undersøgelse af barnets særlige behov for støtte."
    )
    plain = "Vi har besluttet at give jeres barn hjælp. Vi har først undersøgt, hvad barnet har brug for."
    assert lix(hard) > 55 > 35 > lix(plain)


def test_html_text_drops_style_and_tags_and_ends_a_sentence_at_each_block():
    markup = "<style>p { color: red }</style><h1>Afgørelse om aflastning</h1><p>Vi har besluttet det.</p>"
    text = html_text(markup)
    assert "color" not in text and "<" not in text
    assert measure(text).sentences == 2


def test_an_empty_text_scores_zero():
    assert lix("") == 0.0 and lix("§ 32, 12.03.2026") == 0.0
