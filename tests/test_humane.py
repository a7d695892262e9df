"""Percentages as people read them: never below 0, never above 100, none without a whole."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from upward.humane import ago, percent
from upward.themes import text_themes


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


def test_ago_speaks_the_active_language() -> None:
    now = dt.datetime(2026, 12, 3, 14, 30, tzinfo=dt.UTC)
    with time_machine.travel(now, tick=False):
        two_days = timezone.now() - dt.timedelta(days=2, hours=3)
        assert ago(timezone.now()) == "just now"
        assert ago(two_days) == "2\xa0days, 3\xa0hours ago"
        with translation.override("de"):
            assert ago(timezone.now()) == "gerade eben"
            # German declines the unit after "vor": "vor 2 Tagen", not "vor 2 Tage".
            assert ago(two_days) == "vor 2\xa0Tagen, 3\xa0Stunden"
        with translation.override("fr"):
            assert ago(two_days) == "il y a 2\xa0jours, 3\xa0heures"
        with translation.override("es"):
            assert ago(two_days) == "hace 2\xa0días, 3\xa0horas"


def test_themes_skip_the_little_words_of_every_language() -> None:
    answers = [
        "Les rencontres avec mon mentor sont très utiles",
        "Les rencontres sont utiles pour le dirigeant",
        "Die Treffen mit der Mentorin sind sehr hilfreich",
        "Die Treffen sind hilfreich",
        "Las reuniones con mi mentora son muy útiles",
        "Las reuniones son útiles",
    ]
    themes = {term for term, _ in text_themes(answers)}
    assert {"rencontres", "treffen", "hilfreich", "reuniones"} <= themes
    assert not themes & {"les", "sont", "die", "sind", "las", "son"}
