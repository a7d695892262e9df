"""English formats (docs in upward/formats/__init__.py): day before month, 24-hour clock."""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "D j M"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "F Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "D j M, H:i"
TIME_FORMAT = "H:i"
