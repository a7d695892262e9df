"""Upward's date and time formats, per language (Django's FORMAT_MODULE_PATH, see settings).

Every date a person reads is shown in one of Django's named formats, never an ad-hoc pattern:
in templates `{{ value|date:"DATE_FORMAT" }}`, in Python `upward.humane.day(value)` and friends.
The names and what they are for:

| name | English | for |
|---|---|---|
| DATE_FORMAT | 3 Dec 2026 | a day, anywhere (records, lists, due dates) |
| SHORT_DATE_FORMAT | Thu 3 Dec | a day in the coming weeks (reminders, next meeting) |
| MONTH_DAY_FORMAT | 3 Dec | a day inside a range that already says the year |
| YEAR_MONTH_FORMAT | December 2026 | a month (cohorts, reports) |
| DATETIME_FORMAT | 3 Dec 2026, 14:30 | a moment on record (logs, deliveries, posts) |
| SHORT_DATETIME_FORMAT | Thu 3 Dec, 14:30 | a moment in the coming weeks (meetings, check-ins) |
| TIME_FORMAT | 14:30 | a time of day |

Every language in settings.LANGUAGES has its own module beside `en/` defining all seven names
(fr "3 déc. 2026", de "3. Dez. 2026", es "3 dic 2026"; a 24-hour clock everywhere), and date
fields read and write ISO first in every language (`inputs.py`). Machine-facing
output (CSV and XLSX exports, the API, calendar files, `<input type="date">` values) keeps ISO
8601 and does not use these names. tests/test_date_formats.py fails on an ad-hoc format.
"""
