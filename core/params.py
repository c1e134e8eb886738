"""Reading a number (an id, a version) sent in a query string or a form."""

# Ids and versions are bigint: 18 digits always fit.
_MAX_DIGITS = 18


def int_param(raw: str | None) -> int | None:
    """The number written in ASCII digits, or None for anything else.

    `str.isdigit()` is also true for "²" (which int() then refuses: a server error) and for
    "٣" or "３" (which int() reads as 3): only 0-9 count here.
    """
    if raw and len(raw) <= _MAX_DIGITS and raw.isascii() and raw.isdecimal():
        return int(raw)
    return None
