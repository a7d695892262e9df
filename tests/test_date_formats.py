"""One date format throughout: templates and Python sentences use the named formats of
upward/formats (Django's localisation), never an ad-hoc pattern. Exports, the API and calendar
files keep ISO 8601, which these scans allow."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

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
        assert formats.date_format(dt.date(2026, 12, 3), "DATE_FORMAT") == "3. Dezember 2026"
