"""One date format throughout: templates and Python sentences use the named formats of
upward/formats (Django's localisation), never an ad-hoc pattern. Exports, the API and calendar
files keep ISO 8601, which these scans allow."""

from __future__ import annotations

import datetime as dt
import re
from importlib import import_module
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation

ROOT = Path(__file__).resolve().parent.parent / "upward"
NAMED = {
    "DATE_FORMAT",
    "SHORT_DATE_FORMAT",
    "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "TIME_FORMAT",
}
# Not for reading: "U" (seconds since 1970) compares two moments in a template, "c" (ISO 8601)
# fills a <time datetime> attribute; a run's worker
# heartbeat shows seconds because that is what tells a live worker from a stuck one.
MACHINE = {("date", "U"), ("date", "c"), ("time", "H:i:s")}
FILTER = re.compile(r"\|(date|time)(?::([\"'])([^\"']*)\2)?")
# Named months or weekdays spelt by strftime in Python: a sentence for people, which must use
# upward.humane.day()/soon()/moment() instead. Digits-only patterns (ISO, keys) are allowed.
PY_WORDS = re.compile(r"(strftime\([^)]*%[aAbBp]|\{[^{}]*:[^{}]*%[aAbBp][^{}]*\})")


def _templates() -> list[Path]:
    return [
        p
        for p in ROOT.rglob("templates/**/*")
        if p.is_file() and p.suffix in (".html", ".txt") and "/vendor/" not in str(p)
    ]


def test_templates_show_dates_only_in_the_named_formats() -> None:
    offenders = []
    for path in _templates():
        for lineno, line in enumerate(path.read_text().splitlines(), 1):
            for m in FILTER.finditer(line):
                kind, fmt = m.group(1), m.group(3)
                if fmt is None or fmt in NAMED or (kind, fmt) in MACHINE:
                    continue
                offenders.append(f"{path.relative_to(ROOT)}:{lineno}: |{kind}:{fmt!r}")
    assert offenders == [], "use a named format (upward/formats):\n" + "\n".join(offenders)


def test_python_sentences_do_not_spell_dates_their_own_way() -> None:
    offenders = []
    for path in ROOT.rglob("*.py"):
        if "/tests/" in str(path) or "/migrations/" in str(path):
            continue
        for lineno, line in enumerate(path.read_text().splitlines(), 1):
            if PY_WORDS.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{lineno}: {line.strip()}")
    assert offenders == [], "use upward.humane.day/soon/moment:\n" + "\n".join(offenders)


def test_the_named_formats_read_day_month_year_in_english() -> None:
    moment = dt.datetime(2026, 12, 3, 14, 30)
    with translation.override("en"):
        assert formats.date_format(moment, "DATE_FORMAT") == "3 Dec 2026"
        assert formats.date_format(moment, "SHORT_DATE_FORMAT") == "Thu 3 Dec"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "3 Dec 2026, 14:30"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "Thu 3 Dec, 14:30"
        assert formats.date_format(moment, "YEAR_MONTH_FORMAT") == "December 2026"
        rendered = Template('{{ d|date:"DATE_FORMAT" }} {{ d|date }}').render(
            Context({"d": moment})
        )
        assert rendered == "3 Dec 2026 3 Dec 2026"


def test_another_language_gets_its_own_order() -> None:
    with translation.override("de"):
        assert formats.date_format(dt.date(2026, 12, 3), "DATE_FORMAT") == "3. Dez. 2026"


# How each language writes the same moment, Thursday 3 December 2026 at 14:30: its own order,
# abbreviations and words, always a 24-hour clock.
WRITTEN = {
    "fr": {
        "DATE_FORMAT": "3 déc. 2026",
        "SHORT_DATE_FORMAT": "jeu. 3 déc.",
        "MONTH_DAY_FORMAT": "3 déc.",
        "YEAR_MONTH_FORMAT": "décembre 2026",
        "DATETIME_FORMAT": "3 déc. 2026 à 14:30",
        "SHORT_DATETIME_FORMAT": "jeu. 3 déc. à 14:30",
        "TIME_FORMAT": "14:30",
    },
    "de": {
        "DATE_FORMAT": "3. Dez. 2026",
        "SHORT_DATE_FORMAT": "Do., 3. Dez.",
        "MONTH_DAY_FORMAT": "3. Dez.",
        "YEAR_MONTH_FORMAT": "Dezember 2026",
        "DATETIME_FORMAT": "3. Dez. 2026, 14:30",
        "SHORT_DATETIME_FORMAT": "Do., 3. Dez., 14:30",
        "TIME_FORMAT": "14:30",
    },
    "es": {
        "DATE_FORMAT": "3 dic 2026",
        "SHORT_DATE_FORMAT": "jue 3 dic",
        "MONTH_DAY_FORMAT": "3 dic",
        "YEAR_MONTH_FORMAT": "diciembre de 2026",
        "DATETIME_FORMAT": "3 dic 2026, 14:30",
        "SHORT_DATETIME_FORMAT": "jue 3 dic, 14:30",
        "TIME_FORMAT": "14:30",
    },
}


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_every_language_defines_every_named_format(language: str) -> None:
    """Each language has its own module beside en/ with all the names (none falls back to
    Django's, whose German DATE_FORMAT reads "3. Dezember 2026" and whose times are 12-hour
    in some languages)."""
    module = import_module(f"upward.formats.{language}.formats")
    assert set(vars(module)) >= NAMED, NAMED - set(vars(module))
    # 24-hour clock everywhere: no "g", "h", "P", "A" or "a" in a format that shows a time.
    for name in NAMED:
        assert not set(re.sub(r"\\.", "", getattr(module, name))) & set("ghPAa"), name


@pytest.mark.parametrize("language", sorted(WRITTEN))
def test_each_language_writes_dates_its_own_way(language: str) -> None:
    moment = dt.datetime(2026, 12, 3, 14, 30)
    with translation.override(language):
        written = {name: formats.date_format(moment, name) for name in NAMED}
    assert written == WRITTEN[language]


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_date_fields_keep_iso_values_in_every_language(language: str) -> None:
    """<input type="date"> understands only ISO: a German page must not fill it "03.12.2026"."""
    with translation.override(language):
        widget = forms.DateInput(attrs={"type": "date"})
        assert widget.format_value(dt.date(2026, 12, 3)) == "2026-12-03"
        field = forms.DateField()
        assert field.clean("2026-12-03") == dt.date(2026, 12, 3)


def test_numbers_read_with_the_language_decimal_comma() -> None:
    for language, expected in (("en", "3.5"), ("fr", "3,5"), ("de", "3,5"), ("es", "3,5")):
        with translation.override(language):
            assert formats.number_format(3.5, 1) == expected
