"""What each row of an import will do, and the import itself through `participant_register`."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Participant, Sex
from cases.services import participant_register
from core.forms import DATE_INPUT_FORMATS
from core.models import Regency, SpreadsheetImport, User

NIK = re.compile(r"[0-9]{16}")  # ASCII digits only: "١٢٣" is a digit to Python, not to the register
SEXES = {"p": Sex.FEMALE, "f": Sex.FEMALE, "perempuan": Sex.FEMALE, "l": Sex.MALE, "m": Sex.MALE, "laki-laki": Sex.MALE}


class Outcome:
    NEW = "new"
    DUPLICATE = "duplicate"
    ERROR = "error"
    ALL = (NEW, DUPLICATE, ERROR)


@dataclass
class RowCheck:
    line: int  # the row's number in the spreadsheet (the header is line 1)
    values: dict[str, str]
    outcome: str = Outcome.NEW
    reasons: list[str] = field(default_factory=list)
    participant: Participant | None = None  # unsaved, for a new row

    def refuse(self, reason: str) -> None:
        self.outcome = Outcome.ERROR
        self.reasons.append(reason)


def _date(value: str) -> datetime.date | None:
    for pattern in DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a calendar day)
        except ValueError:
            continue
    return None


def _regencies() -> dict[str, str]:
    """Regency code by its code, name and official name (lower case): one query for every row."""
    index = {}
    for code, name, official in Regency.objects.values_list("code", "name", "official_name"):
        index.update({code: code, name.lower(): code, official.lower(): code})
    return index


def _check(row: RowCheck, regencies: dict[str, str]) -> None:
    values = row.values
    name = " ".join(values.get("full_name", "").split())
    if not name:
        row.refuse(_("The full name is missing."))
    nik = values.get("nik", "").replace(" ", "").replace(".", "")
    if nik and not NIK.fullmatch(nik):
        row.refuse(_("The NIK %(nik)s is not 16 digits.") % {"nik": nik[:4] + "…" if len(nik) > 4 else nik})
    birth_date = None
    if values.get("birth_date"):
        birth_date = _date(values["birth_date"])
        if birth_date is None or not datetime.date(1900, 1, 1) <= birth_date <= timezone.localdate():
            message = _("The date of birth %(date)s cannot be read (write dd-mm-yyyy).")
            row.refuse(message % {"date": values["birth_date"]})
            birth_date = None
    regency = None
    if values.get("origin_regency"):
        regency = regencies.get(values["origin_regency"].strip().lower())
        if regency is None:
            row.refuse(_("Unknown regency or city: %(name)s.") % {"name": values["origin_regency"]})
    sex = SEXES.get(values.get("sex", "").strip().lower(), None) if values.get("sex") else Sex.FEMALE
    if sex is None:
        row.refuse(_("Sex must be F or M (P or L)."))
    if row.outcome == Outcome.ERROR:
        return
    row.participant = Participant(
        full_name=name[:150],
        alias=values.get("alias", "")[:100],
        sex=sex,
        birth_place=values.get("birth_place", "")[:100],
        birth_date=birth_date,
        nik=nik or None,
        origin_regency_id=regency,
        address=values.get("address", ""),
    )


def check_rows(rows: list[dict[str, str]]) -> list[RowCheck]:
    """What each row will do. A fixed number of queries for the whole file."""
    regencies = _regencies()
    checks = [RowCheck(line=number, values=values) for number, values in enumerate(rows, start=2)]
    for row in checks:
        _check(row, regencies)
    candidates = [row for row in checks if row.participant is not None]
    niks = {row.participant.nik for row in candidates if row.participant.nik}
    known_niks = set(Participant.objects.filter(nik__in=niks).values_list("nik", flat=True))
    # participant_register's rule: the same name and date of birth, or the same name and no date of birth either.
    dates = {row.participant.birth_date for row in candidates if row.participant.birth_date}
    undated = {row.participant.full_name.lower() for row in candidates if not row.participant.birth_date}
    people = Participant.objects.annotate(name=Lower("full_name")).filter(
        Q(birth_date__in=dates) | Q(birth_date__isnull=True, name__in=undated)
    )
    known_people = set(people.values_list("name", "birth_date"))
    seen_niks, seen_people = set(), set()
    for row in candidates:
        participant = row.participant
        person = (participant.full_name.lower(), participant.birth_date)
        if participant.nik and (participant.nik in known_niks or participant.nik in seen_niks):
            row.outcome = Outcome.DUPLICATE
            row.reasons.append(_("A participant with this NIK is already registered."))
        elif person in known_people or person in seen_people:
            row.outcome = Outcome.DUPLICATE
            row.reasons.append(
                _("A participant with this name and date of birth is already registered.")
                if participant.birth_date
                else _("A participant with this name and no date of birth is already registered.")
            )
        if participant.nik:
            seen_niks.add(participant.nik)
        seen_people.add(person)
    return checks


class AlreadyImported(ValidationError):
    """The file was imported before (or a second confirmation of it just was): nothing is written."""


KIND = "participants"  # core.models.SpreadsheetImport.kind


@transaction.atomic
def import_rows(*, actor: User, rows: list[dict[str, str]], checksum: str, filename: str) -> list[Participant]:
    """Register every new row (duplicates and errors are left out), all in one transaction.

    The file's receipt is written first: a second confirmation of the same file waits on its
    unique checksum until this one commits, then is refused with AlreadyImported.
    """
    try:
        with transaction.atomic():
            receipt = SpreadsheetImport.objects.create(
                kind=KIND, checksum=checksum, filename=filename[:255], rows=len(rows), imported_by=actor
            )
    except IntegrityError:
        raise AlreadyImported(_("This file has already been imported: nothing was written.")) from None
    written = [
        participant_register(actor=actor, participant=row.participant)
        for row in check_rows(rows)
        if row.outcome == Outcome.NEW
    ]
    SpreadsheetImport.objects.filter(pk=receipt.pk).update(written=len(written))
    return written
