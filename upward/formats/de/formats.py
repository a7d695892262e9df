"""German formats (docs in upward/formats/__init__.py): "3. Dez. 2026", "Do., 3. Dez., 14:30"."""

from upward.formats.inputs import iso_first

DATE_FORMAT = "j. N Y"
# "D" is the weekday without its full stop ("Do"): German abbreviations take one.
SHORT_DATE_FORMAT = r"D\., j. N"
MONTH_DAY_FORMAT = "j. N"
YEAR_MONTH_FORMAT = "F Y"
DATETIME_FORMAT = "j. N Y, H:i"
SHORT_DATETIME_FORMAT = r"D\., j. N, H:i"
TIME_FORMAT = "H:i"

DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS = iso_first("de")
