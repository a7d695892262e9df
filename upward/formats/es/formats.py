"""Spanish formats (docs in upward/formats/__init__.py): "3 dic 2026", "jue 3 dic, 14:30"."""

from upward.formats.inputs import iso_first

# "b" is the month in three lower-case letters ("dic"), as Spanish writes it.
DATE_FORMAT = "j b Y"
SHORT_DATE_FORMAT = "D j b"
MONTH_DAY_FORMAT = "j b"
YEAR_MONTH_FORMAT = r"F \d\e Y"
DATETIME_FORMAT = "j b Y, H:i"
SHORT_DATETIME_FORMAT = "D j b, H:i"
TIME_FORMAT = "H:i"

DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS = iso_first("es")
