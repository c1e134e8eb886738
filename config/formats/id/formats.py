# Dates day-first in both languages (the office never writes month-first), and
# date-time input formats that Django's own `id` locale gets wrong (it parses
# "05/03/2025 10.00" as 3 May). Shared by the `en` locale through a star import.
DATE_FORMAT = "d-m-Y"
SHORT_DATE_FORMAT = "d-m-Y"
DATETIME_FORMAT = "d-m-Y H.i"
SHORT_DATETIME_FORMAT = "d-m-Y H.i"
TIME_FORMAT = "H.i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H.%M", "%H:%M", "%H.%M.%S", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = [
    "%d-%m-%Y %H.%M",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H.%M",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
