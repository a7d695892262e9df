"""Percentages as people read them: never below 0, never above 100, none without a whole."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from upward.humane import percent


@given(part=st.integers(min_value=-10, max_value=10_000), whole=st.integers(0, 10_000))
def test_a_percentage_is_always_between_0_and_100(part: int, whole: int) -> None:
    shown = percent(part, whole)
    if whole == 0:
        assert shown is None
    else:
        assert shown is not None and 0 <= shown <= 100
        if 0 <= part <= whole:
            assert shown == round(100 * part / whole)


def test_more_than_the_whole_reads_as_all_of_it() -> None:
    assert percent(53, 50) == 100
    assert percent(1, 3) == 33
