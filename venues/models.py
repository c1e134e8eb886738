"""Karaoke venues, their licences, the monthly inspection round and enforcement.

The office inspects every licensed venue once a calendar month; where it finds
a violation it warns, then reports to the licensing agency (DPMPTSP) with a
recommendation to revoke. The agency decides; only its recorded decision
changes a licence's status.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lists import links
from core.locking import VersionedModel
from core.models import District, User, Village
from core.storage import private_storage

# A report to the licensing agency with no reply after this many days is overdue.
REPLY_OVERDUE_DAYS = 30
# A second violation within this many months goes straight to the recommendation to revoke.
REPEAT_VIOLATION_MONTHS = 12


class InspectionTeam(VersionedModel):
    """A team of inspectors (tim pengawasan); inspectors see the venues of their teams."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="inspection_teams", blank=True, verbose_name=_("members")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("inspection team")
        verbose_name_plural = _("inspection teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def teams_of(user: User) -> models.QuerySet:
    return InspectionTeam.objects.filter(members=user)


class VenueKind(models.TextChoices):
    KARAOKE = "karaoke", _("Karaoke")
    BAR = "bar", _("Bar or pub")
    SPA = "spa", _("Massage parlour or spa")
    OTHER = "other", _("Other nightlife venue")


class VenueQuerySet(models.QuerySet):
    def visible_to(self, user) -> "VenueQuerySet":
        """Supervisors see every venue; an inspector those of her teams (their own,
        or planned for one of her teams in some month)."""
        if user.has_perm("venues.view_all_venues"):
            return self
        if user.has_perm("venues.view_venue"):
            mine = teams_of(user).values("pk")
            planned = PlannedVisit.objects.filter(venue=OuterRef("pk"), team__in=mine)
            return self.filter(Q(team__in=mine) | Q(Exists(planned)))
        return self.none()

    def for_list(self) -> "VenueQuerySet":
        return self.select_related("district", "team")


class Venue(VersionedModel):
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=VenueKind.choices, default=VenueKind.KARAOKE)
    address = models.CharField(_("street address"), max_length=300)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district"))
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("village")
    )
    owner_name = models.CharField(_("owner"), max_length=150, blank=True)
    owner_phone = models.CharField(_("owner's phone"), max_length=30, blank=True)
    manager_name = models.CharField(_("manager"), max_length=150, blank=True)
    manager_phone = models.CharField(_("manager's phone"), max_length=30, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    booth_count = models.PositiveSmallIntegerField(_("number of karaoke booths"), default=0)
    private_rooms_dismantled_on = models.DateField(_("private rooms dismantled on (declared)"), null=True, blank=True)
    dismantling_verified_by = models.ForeignKey(
        "Inspection",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("dismantling verified by inspection"),
    )
    team = models.ForeignKey(
        InspectionTeam,
        on_delete=models.PROTECT,
        related_name="venues",
        null=True,
        blank=True,
        verbose_name=_("inspection team"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = VenueQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name", "id"]
        permissions = [
            ("view_all_venues", _("Can see every team's venues")),
            ("export_venue", _("Can export venue lists")),
            ("plan_round", _("Can plan the monthly inspection round")),
        ]
        indexes = [models.Index(fields=["name", "id"], name="venue_name_id")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90))
                & (Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180)),
                name="venue_coordinates_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return links.url("venues:venue-detail", self.pk)


class LicenseStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    # Stored only when a licence past its expiry date is replaced; before that an
    # active licence past expires_on shows as expired by itself (License.current_status).
    EXPIRED = "expired", _("Expired")


class LicenseKind(models.TextChoices):
    NIB = "nib", _("Business ID number (NIB)")
    STANDARD_CERTIFICATE = "standard_certificate", _("OSS standard certificate")
    TDUP = "tdup", _("Tourism business registration (TDUP)")
    OTHER = "other", _("Other")


class LicenseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "LicenseQuerySet":
        return self.filter(venue__in=Venue.objects.visible_to(user).values("pk"))

    def in_force(self, on: datetime.date | None = None) -> "LicenseQuerySet":
        on = on or timezone.localdate()
        return self.filter(status=LicenseStatus.ACTIVE).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))


class License(VersionedModel):
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="licenses", verbose_name=_("venue"))
    number = models.CharField(_("licence number"), max_length=100)
    issuing_agency = models.CharField(_("issuing agency"), max_length=150, default="DPMPTSP Kota Palangka Raya")
    kind = models.CharField(_("kind"), max_length=30, choices=LicenseKind.choices, default=LicenseKind.NIB)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=LicenseStatus.choices, default=LicenseStatus.ACTIVE)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = LicenseQuerySet.as_manager()

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue"], condition=Q(status="active"), name="license_one_active_per_venue"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("issued_on")),
                name="license_expires_after_issue",
            ),
        ]
        indexes = [models.Index(fields=["venue", "-issued_on", "-id"], name="license_venue_issued")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return self.venue.get_absolute_url()

    def current_status(self, on: datetime.date | None = None) -> str:
        """The status as of `on` (today): an active licence past its expiry date is expired."""
        on = on or timezone.localdate()
        if self.status == LicenseStatus.ACTIVE and self.expires_on and self.expires_on < on:
            return LicenseStatus.EXPIRED
        return self.status

    @property
    def is_expired(self) -> bool:
        return self.current_status() == LicenseStatus.EXPIRED

    @property
    def status_label(self) -> str:
        return LicenseStatus(self.current_status()).label


class ChangeReason(models.TextChoices):
    """Why the office recorded a status change itself: stored as this key, shown in the reader's language."""

    ISSUED = "issued", _("Licence issued.")
    REPLACED = "replaced", _("Replaced by a new licence.")
    DECISION = "decision", _("Decision of the licensing agency.")


class LicenseStatusChange(models.Model):
    """Every change of a licence's status, with the decree or letter behind it."""

    license = models.ForeignKey(
        License, on_delete=models.PROTECT, related_name="status_changes", verbose_name=_("licence")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=LicenseStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=LicenseStatus.choices)
    effective_on = models.DateField(_("effective on"))
    reference = models.CharField(_("decree or letter number"), max_length=150)
    reason = models.CharField(_("reason"), max_length=20, choices=ChangeReason.choices, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)  # free text a person wrote, if any
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("licence status change")
        verbose_name_plural = _("licence status changes")
        ordering = ["effective_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reference=""), name="license_change_has_reference"),
        ]

    def __str__(self) -> str:
        # Also the audit trail's record name, stored when the row is written: no translated text in it.
        return f"{self.license} ({self.effective_on:%d-%m-%Y})"

    @property
    def note_text(self) -> str:
        """The reason in the reader's language, then any note a person wrote."""
        reason = self.get_reason_display() if self.reason else ""
        return " ".join(part for part in (str(reason), self.note) if part)


def first_of_month(value: datetime.date) -> datetime.date:
    return value.replace(day=1)


class PlannedVisit(models.Model):
    """A venue of a month's round, assigned by a supervisor to a team for a date."""

    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="planned_visits", verbose_name=_("venue"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    team = models.ForeignKey(
        InspectionTeam, on_delete=models.PROTECT, related_name="planned_visits", verbose_name=_("team")
    )
    planned_on = models.DateField(_("planned date"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("planned visit")
        verbose_name_plural = _("planned visits")
        ordering = ["month", "planned_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "month"], name="planned_visit_one_per_venue_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="planned_visit_month_first_day"),
        ]
        indexes = [models.Index(fields=["month", "team"], name="planned_visit_month_team")]

    def __str__(self) -> str:
        return f"{self.venue} {self.month:%m-%Y}"


class Purpose(models.TextChoices):
    ROUTINE = "routine", _("Monthly inspection")
    CONFIRMATION = "confirmation", _("Visit to confirm the venue stopped operating")
    FOLLOW_UP = "follow_up", _("Follow-up of a violation")


class InspectionOutcome(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    VIOLATION = "violation", _("Violation")


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "InspectionQuerySet":
        return self.filter(venue__in=Venue.objects.visible_to(user).values("pk"))

    def for_list(self) -> "InspectionQuerySet":
        return self.select_related("venue__district", "team")

    def in_month(self, month: datetime.date) -> "InspectionQuerySet":
        from venues.rounds import month_bounds

        start, end = month_bounds(month)
        return self.filter(inspected_at__gte=start, inspected_at__lt=end)


class Inspection(models.Model):
    """One visit (berita acara pemeriksaan). Its month is the calendar month of
    `inspected_at` in Asia/Jakarta time."""

    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("venue"))
    inspected_at = models.DateTimeField(_("date and time"))
    team = models.ForeignKey(
        InspectionTeam, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("team")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.ROUTINE)
    venue_operating = models.BooleanField(_("the venue was operating"), default=True)
    private_rooms_present = models.BooleanField(_("private rooms present (not only booths)"), default=False)
    prostitution_signs = models.BooleanField(_("signs of prostitution"), default=False)
    minors_present = models.BooleanField(_("minors present"), default=False)
    opening_hours_kept = models.BooleanField(_("opening hours kept"), default=True)
    license_displayed = models.BooleanField(_("licence displayed"), default=True)
    other_findings = models.CharField(_("other findings"), max_length=500, blank=True)
    findings = models.TextField(_("findings"), max_length=5000, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=InspectionOutcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_at", "-id"]
        indexes = [
            models.Index(fields=["-inspected_at", "-id"], name="inspection_at_id"),
            models.Index(fields=["venue", "-inspected_at"], name="inspection_venue_at"),
        ]
        constraints = [
            # Prostitution, minors or private rooms found: the visit cannot be recorded as compliant.
            models.CheckConstraint(
                condition=Q(outcome="violation")
                | (Q(prostitution_signs=False) & Q(minors_present=False) & Q(private_rooms_present=False)),
                name="inspection_serious_finding_is_violation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.venue} {timezone.localtime(self.inspected_at):%d-%m-%Y %H.%M}"

    def get_absolute_url(self) -> str:
        return links.url("venues:inspection-detail", self.pk)

    @property
    def is_violation(self) -> bool:
        return self.outcome == InspectionOutcome.VIOLATION


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")


class Evidence(models.Model):
    """A photo or document from an inspection: a private file, downloaded only through an audited view."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("inspection")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices, default=EvidenceKind.PHOTO)
    file = models.FileField(_("file"), storage=private_storage, upload_to="venues/evidence/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.inspection}: {self.get_kind_display()}"


class Stage(models.TextChoices):
    OPENED = "opened", _("Violation found")
    WARNED = "warned", _("Written warning sent")
    REPORTED = "reported", _("Reported to the licensing agency")
    DECIDED = "decided", _("Agency decided")
    CLOSED = "closed", _("Closed without report")


class Decision(models.TextChoices):
    SUSPENSION = "suspension", _("Suspension")
    REVOCATION = "revocation", _("Revocation")
    DECLINED = "declined", _("No sanction")


OPEN_STAGES = [Stage.OPENED, Stage.WARNED, Stage.REPORTED]


class EnforcementQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EnforcementQuerySet":
        return self.filter(venue__in=Venue.objects.visible_to(user).values("pk"))

    def open(self) -> "EnforcementQuerySet":
        return self.filter(stage__in=OPEN_STAGES)

    def overdue(self, today: datetime.date | None = None) -> "EnforcementQuerySet":
        """Reports to the licensing agency waiting more than REPLY_OVERDUE_DAYS for its decision."""
        today = today or timezone.localdate()
        return self.filter(stage=Stage.REPORTED, reported_on__lt=today - datetime.timedelta(days=REPLY_OVERDUE_DAYS))

    def for_list(self) -> "EnforcementQuerySet":
        return self.select_related("venue__district", "inspection")


def enforcement_name(venue_name: str, inspected_at: datetime.datetime) -> str:
    return f"{venue_name} {timezone.localtime(inspected_at):%d-%m-%Y}"


class EnforcementAction(VersionedModel):
    """What follows a violation: warning, report to the licensing agency with a
    recommendation to revoke, the agency's decision. Each step is dated and has its letter."""

    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="enforcement_actions", verbose_name=_("venue")
    )
    inspection = models.OneToOneField(
        Inspection, on_delete=models.PROTECT, related_name="enforcement", verbose_name=_("inspection")
    )
    license = models.ForeignKey(
        License, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("licence")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.OPENED)
    repeat = models.BooleanField(
        _("repeat violation"),
        default=False,
        help_text=_("A second violation within 12 months: goes straight to the recommendation to revoke."),
    )
    warned_on = models.DateField(_("warning sent on"), null=True, blank=True)
    warning_number = models.CharField(_("warning letter number"), max_length=100, blank=True)
    reported_on = models.DateField(_("report sent on"), null=True, blank=True)
    report_number = models.CharField(_("report letter number"), max_length=100, blank=True)
    replied_on = models.DateField(_("agency replied on"), null=True, blank=True)
    decision = models.CharField(_("agency decision"), max_length=20, choices=Decision.choices, blank=True)
    decree_number = models.CharField(_("decree number"), max_length=100, blank=True)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EnforcementQuerySet.as_manager()

    class Meta:
        verbose_name = _("enforcement action")
        verbose_name_plural = _("enforcement actions")
        ordering = ["-id"]
        permissions = [
            ("escalate_enforcement", _("Can send warnings and reports to the licensing agency")),
            ("record_decision", _("Can record the licensing agency's decision")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["venue"],
                condition=Q(stage__in=["opened", "warned", "reported"]),
                name="enforcement_one_open_per_venue",
            ),
            models.CheckConstraint(
                condition=Q(warned_on__isnull=True) | ~Q(warning_number=""), name="enforcement_warning_has_number"
            ),
            models.CheckConstraint(
                condition=Q(reported_on__isnull=True) | ~Q(report_number=""), name="enforcement_report_has_number"
            ),
            models.CheckConstraint(
                condition=~Q(stage="reported") | Q(reported_on__isnull=False), name="enforcement_reported_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(stage="decided")
                | (Q(replied_on__isnull=False) & ~Q(decision="") & Q(reported_on__isnull=False)),
                name="enforcement_decided_has_decision",
            ),
            models.CheckConstraint(
                condition=Q(decision__in=["", "declined"]) | (~Q(decree_number="") & Q(effective_on__isnull=False)),
                name="enforcement_sanction_has_decree",
            ),
        ]

    def __str__(self) -> str:
        # Also the audit trail's record name, stored when the row is written: the venue and the date of
        # the violation, no stage label (that would be stored in the language active at the time).
        return enforcement_name(self.venue.name, self.inspection.inspected_at)

    def get_absolute_url(self) -> str:
        return links.url("venues:enforcement-detail", self.pk)

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def reply_due_on(self) -> datetime.date | None:
        if self.reported_on is None:
            return None
        return self.reported_on + datetime.timedelta(days=REPLY_OVERDUE_DAYS)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.stage == Stage.REPORTED and self.reply_due_on < today

    def next_steps(self) -> list[str]:
        """What a supervisor may do next. A repeat violation skips the warning."""
        if self.stage in (Stage.OPENED, Stage.WARNED) and self.repeat:
            return [Stage.REPORTED]
        if self.stage == Stage.OPENED:
            return [Stage.WARNED, Stage.REPORTED, Stage.CLOSED]
        if self.stage == Stage.WARNED:
            return [Stage.REPORTED, Stage.CLOSED]
        if self.stage == Stage.REPORTED:
            return [Stage.DECIDED]
        return []


class PersonReferral(models.Model):
    """Someone met during an inspection who needs help, referred to the social
    office as an intake case. The inspector sees that she referred someone, never the case."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("inspection")
    )
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="venue_referral", verbose_name=_("case")
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("referred by")
    )
    referred_at = models.DateTimeField(_("referred at"), auto_now_add=True)

    class Meta:
        verbose_name = _("referral to the social office")
        verbose_name_plural = _("referrals to the social office")
        ordering = ["-referred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.inspection}"
