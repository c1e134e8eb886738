"""The one mask for personal numbers (NIK, family card, phone) in anything we keep:
audit diffs (AUDITLOG_MASK_CALLABLE), access and export records, query strings, pages.

A run of 8 or more digits, or groups of 4 digits joined by spaces, dots or "+"
(as typed, "6271 0101 0190 0001", or in a query string, "6271+0101+..."), is
masked: a whole NIK keeps its first and last 4 digits, enough to tell two people
apart, not to copy; a shorter run keeps only its first 4. Dates and times are left
alone ("-" and ":" do not join digits).
"""

import re

# 8 or more digits in a row, or groups of 4 (at least 3) joined by " ", ".", "+" or an encoded space.
_DIGIT_RUN = re.compile(r"\d{4}(?:(?:[ .+]|%20)\d{4}){2,}|\d{8,}")
MASK = "•"


def _mask_run(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group().replace("%20", ""))
    if len(digits) >= 16:
        return digits[:4] + MASK * (len(digits) - 8) + digits[-4:]
    return digits[:4] + MASK * (len(digits) - 4)


def mask(text: object) -> str:
    """`text` with every personal number in it masked; None becomes ""."""
    if text is None:
        return ""
    return _DIGIT_RUN.sub(_mask_run, str(text))
