"""URLs reversed once per pattern, for pages that link many times.

reverse() costs about 0.15 ms here (it looks up the active language three
times): 4 ms for the 25 rows of a list and 1 ms for the navigation bar on
every page. A URL without arguments never changes, and a detail URL differs
between objects only in its primary key, so each is reversed once.
"""

from urllib.parse import urlencode

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

_PLACEHOLDER = 2_147_483_647  # stands for the primary key while reversing
_reversed: dict[tuple[str, bool, str], tuple[str, str]] = {}


def url(viewname: str, pk: int | None = None) -> str:
    """reverse(viewname), or reverse(viewname, args=[pk]) for a pattern taking one integer."""
    key = (viewname, pk is None, f"{get_urlconf()}|{get_script_prefix()}")
    if key not in _reversed:
        if pk is None:
            _reversed[key] = (reverse(viewname), "")
        else:
            before, found, after = reverse(viewname, args=[_PLACEHOLDER]).partition(str(_PLACEHOLDER))
            if not found:
                raise ValueError(f"{viewname} does not put its argument in the URL")
            _reversed[key] = (before, after)
    before, after = _reversed[key]
    return before if pk is None else f"{before}{int(pk)}{after}"


def filtered(viewname: str, **params) -> str:
    """A list's URL with its filters in the query string, empty ones left out (a figure's link)."""
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return f"{url(viewname)}?{query}" if query else url(viewname)


@receiver(setting_changed)
def _forget(setting: str, **kwargs) -> None:
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        _reversed.clear()
