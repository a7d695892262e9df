"""French formats (docs in upward/formats/__init__.py): "3 déc. 2026", "jeu. 3 déc. à 14:30"."""

from upward.formats.inputs import iso_first

DATE_FORMAT = "j N Y"
# "D" is the weekday without its full stop ("jeu"): French abbreviations take one.
SHORT_DATE_FORMAT = r"D\. j N"
MONTH_DAY_FORMAT = "j N"
YEAR_MONTH_FORMAT = "F Y"
DATETIME_FORMAT = "j N Y à H:i"
SHORT_DATETIME_FORMAT = r"D\. j N à H:i"
TIME_FORMAT = "H:i"

DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS = iso_first("fr")
