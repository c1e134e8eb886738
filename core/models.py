from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.files import validate_logo
from core.roles import Role
from core.storage import private_storage

# Between the group names that core.backends reads with the user (StringAgg).
ROLE_NAMES_SEPARATOR = "\n"


class User(AbstractUser):
    """A member of staff. What she may do comes from her role (a Django group)."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        """Names of the user's role groups, loaded once per request: with the
        signed-in user herself (core.backends), or here for any other user."""
        if hasattr(self, "role_names"):
            return frozenset(name for name in self.role_names.split(ROLE_NAMES_SEPARATOR) if name)
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role) -> bool:
        return self.is_active and role.value in self.roles

    @property
    def role_labels(self) -> list[str]:
        labels = [str(role.label) for role in Role if role.value in self.roles]
        if self.is_superuser:
            labels.insert(0, str(_("Administrator")))
        return labels


def full_name(prefix: str = "") -> Coalesce:
    """A user's full name in SQL, as `str(user)` gives it (the username when no name is set):
    exports show staff by name (`.annotate(caseworker_name=full_name("caseworker__"))`)."""
    name = Trim(Concat(f"{prefix}first_name", models.Value(" "), f"{prefix}last_name"))
    return Coalesce(NullIf(name, models.Value("")), f"{prefix}username", output_field=models.CharField())


class RegencyKind(models.TextChoices):
    KABUPATEN = "kabupaten", _("Regency (kabupaten)")
    KOTA = "kota", _("City (kota)")


class Province(models.Model):
    """A province, keyed by its Kemendagri code (e.g. "62")."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Regency(models.Model):
    """A regency (kabupaten) or city (kota), keyed by its code (e.g. "62.71")."""

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    # The spelling in the Kemendagri list where we show another (see 0002_regions).
    official_name = models.CharField(_("official name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=RegencyKind.choices)

    class Meta:
        verbose_name = _("regency or city")
        verbose_name_plural = _("regencies and cities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A kecamatan of Palangka Raya (e.g. "62.71.01" Pahandut)."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="districts", verbose_name=_("regency or city")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Village(models.Model):
    """A kelurahan of Palangka Raya (e.g. "62.71.01.1001")."""

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="villages", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Sequence(models.Model):
    """Counters for human-readable numbers (PR-2026-0007), one row per key and year."""

    key = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [models.UniqueConstraint(fields=["key", "year"], name="sequence_key_year")]

    def __str__(self) -> str:
        return f"{self.key}-{self.year}: {self.last}"


def next_number(key: str, year: int) -> int:
    """The next number of `key` in `year`; call inside a transaction.

    The row lock serialises concurrent registrations, so two caseworkers never
    get the same code.
    """
    Sequence.objects.get_or_create(key=key, year=year)
    sequence = Sequence.objects.select_for_update().get(key=key, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


class Report(models.Model):
    """No table: the permissions of the supervisors' dashboard, monthly report and spreadsheet imports."""

    class Meta:
        managed = False
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        default_permissions = ()
        permissions = [
            ("view_reports", _("Can see the dashboard and the monthly reports")),
            ("import_spreadsheets", _("Can import the office's spreadsheets")),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class OfficeProfile(models.Model):
    """The office's own details that its letters print (kop surat, signature,
    place of the date line). One row, edited by an administrator in the admin."""

    SINGLETON_ID = 1

    government = models.CharField(
        _("government"),
        max_length=100,
        default="Pemerintah Kota Palangka Raya",
        help_text=_("First line of the letterhead."),
    )
    name = models.CharField(_("office name"), max_length=100, default="Dinas Sosial")
    address = models.CharField(_("address"), max_length=200, blank=True, help_text=_("Street, city and postcode."))
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), max_length=100, blank=True)
    website = models.CharField(_("website"), max_length=100, blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to="office/",
        storage=private_storage,
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG or JPEG, at most 1 MB: the city's coat of arms, printed at the left of the letterhead."),
    )
    head_title = models.CharField(
        _("title of the head of office"), max_length=100, default="Kepala Dinas Sosial Kota Palangka Raya"
    )
    head_name = models.CharField(_("name of the head of office"), max_length=100, blank=True)
    head_nip = models.CharField(
        _("NIP of the head of office"),
        max_length=18,
        blank=True,
        validators=[RegexValidator(r"^\d{18}$", _("A NIP has 18 digits."))],
    )
    city = models.CharField(
        _("city of the date line"),
        max_length=50,
        default="Palangka Raya",
        help_text=_('As in "Palangka Raya, 5 Maret 2025".'),
    )

    class Meta:
        verbose_name = _("office profile")
        verbose_name_plural = _("office profile")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="office_profile_single_row")]

    def __str__(self) -> str:
        return f"{self.name} {self.government.removeprefix('Pemerintah ')}".strip()

    @classmethod
    def load(cls) -> "OfficeProfile":
        profile, _created = cls.objects.get_or_create(id=cls.SINGLETON_ID)
        return profile


class SpreadsheetImport(models.Model):
    """A spreadsheet whose rows were written, once: its checksum is unique per kind of import.

    The confirmation of an import writes this row first, in the import's transaction. A second
    confirmation of the same file (a double click, two tabs) waits on the unique index until the
    first commits, then fails on it and writes nothing; the same file uploaded again is refused too.
    """

    kind = models.CharField(_("kind"), max_length=50)  # e.g. "participants"
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64)
    filename = models.CharField(_("file name"), max_length=255)
    rows = models.PositiveIntegerField(_("rows in the file"))
    written = models.PositiveIntegerField(_("rows written"), default=0)
    imported_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("imported by")
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        ordering = ["-imported_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "checksum"], name="spreadsheet_import_once")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.imported_at:%d-%m-%Y})"
