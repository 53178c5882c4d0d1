"""Small counts in anonymous aggregates are hidden, so that no child can be pointed out."""

from hypothesis import given
from hypothesis import strategies as st

from tidlig.rules.aggregates import suppress


def test_counts_from_one_to_four_are_hidden():
    assert [suppress(n) for n in (1, 2, 3, 4)] == [None, None, None, None]


def test_zero_and_five_and_more_are_shown():
    assert suppress(0) == 0
    assert suppress(5) == 5
    assert suppress(1234) == 1234


@given(st.integers(min_value=0, max_value=10**9))
def test_a_count_is_either_shown_as_itself_or_hidden_exactly_when_it_is_small(n):
    shown = suppress(n)
    if 1 <= n <= 4:
        assert shown is None
    else:
        assert shown == n


@given(n=st.integers(min_value=0, max_value=1000), threshold=st.integers(min_value=1, max_value=100))
def test_the_threshold_can_be_chosen(n, threshold):
    assert (suppress(n, threshold) is None) == (0 < n < threshold)
