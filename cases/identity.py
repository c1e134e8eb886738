"""NIK and family-card (KK) numbers: structure checks as in shared/GLOSSARY.md.

Reject what cannot be a number of that kind; only warn where real cards are
known to disagree with the person (retired region codes, a wrong +40 for women,
a birth date that differs).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Province, Regency

SEPARATORS = re.compile(r"[\s.\-]")


def _digits(raw: str, label: str) -> str:
    number = SEPARATORS.sub("", raw or "")
    if not re.fullmatch(r"[0-9]{16}", number):
        raise ValidationError(_("%(label)s must be exactly 16 digits.") % {"label": label}, code="format")
    return number


def _date(day: int, month: int, yy: int, today: datetime.date) -> datetime.date | None:
    # Two-digit year: the latest century that does not put the date in the future.
    year = 2000 + yy if 2000 + yy <= today.year else 1900 + yy
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def clean_nik(raw: str, today: datetime.date | None = None) -> str:
    """The NIK as 16 digits, or ValidationError when it cannot be a NIK."""
    nik = _digits(raw, "NIK")
    if not Province.objects.filter(code=nik[:2]).exists():
        raise ValidationError(_("The NIK starts with %(code)s, which is not a province code.") % {"code": nik[:2]})
    if nik_birth_date(nik, today) is None:
        raise ValidationError(_("Digits 7 to 12 of the NIK are not a valid date of birth."), code="date")
    if nik[12:] == "0000":
        raise ValidationError(_("The last four digits of a NIK cannot be 0000."), code="serial")
    return nik


def nik_birth_date(nik: str, today: datetime.date | None = None) -> datetime.date | None:
    day = int(nik[6:8])
    return _date(day - 40 if day > 40 else day, int(nik[8:10]), int(nik[10:12]), today or timezone.localdate())


def nik_warnings(nik: str, *, sex: str = "", birth_date: datetime.date | None = None) -> list[str]:
    warnings = []
    regency = f"{nik[:2]}.{nik[2:4]}"
    if not Regency.objects.filter(code=regency).exists():
        warnings.append(
            _("The NIK's region %(code)s is not a current regency; old cards keep retired codes.") % {"code": regency}
        )
    is_female_code = int(nik[6:8]) > 40
    if sex and (sex == "F") != is_female_code:
        warnings.append(_("The NIK's day digits (women add 40) do not match the sex entered."))
    derived = nik_birth_date(nik)
    if birth_date and derived and derived != birth_date:
        warnings.append(
            _("The NIK says the date of birth is %(date)s, which differs from the one entered.")
            % {"date": derived.strftime("%d-%m-%Y")}
        )
    return warnings


def clean_kk(raw: str) -> str:
    """A family-card number: 16 digits, a province, a registration date, a serial."""
    kk = _digits(raw, _("The family card number"))
    if not Province.objects.filter(code=kk[:2]).exists():
        raise ValidationError(_("The family card number does not start with a province code."), code="region")
    if _date(int(kk[6:8]), int(kk[8:10]), int(kk[10:12]), timezone.localdate()) is None:
        raise ValidationError(_("Digits 7 to 12 of the family card number are not a valid date."), code="date")
    if kk[12:] == "0000":
        raise ValidationError(_("The last four digits of a family card number cannot be 0000."), code="serial")
    return kk
