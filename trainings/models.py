"""Skills trainings: programmes, their cohorts, who took part, and the equipment handed out.

Stock is a ledger (StockEntry): every receipt, hand-out and return writes one
signed line, and the stock on hand of an item is the sum of its lines, never a
counter that can drift. Services lock the item's row before they write, so two
coordinators handing out the last units at once cannot take stock below zero.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Participant
from core.lists import links
from core.locking import VersionedModel
from core.storage import private_storage

# Months after a cohort ends at which each completer's livelihood is followed up.
LIVELIHOOD_MONTHS = (3, 6)


def _user_fk(verbose_name, **kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=verbose_name, **kwargs
    )


class Program(models.Model):
    """A skill the office trains (cookie baking, sewing, ...)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    partner_agency = models.CharField(
        _("partner agency"), max_length=150, default="Dinas Tenaga Kerja (Disnaker) Kota Palangka Raya"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CohortStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class CohortQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CohortQuerySet":
        """Cohorts are no personal data: everyone who works with trainings sees them all."""
        return self if user.has_perm("trainings.view_cohort") else self.none()

    def for_list(self) -> "CohortQuerySet":
        return self.select_related("program", "coordinator")


class Cohort(VersionedModel):
    """One run of a programme (angkatan)."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("programme"))
    name = models.CharField(_("name"), max_length=150)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    places_taken = models.PositiveSmallIntegerField(_("places taken"), default=0, editable=False)
    facilitators = models.CharField(_("facilitators"), max_length=300, blank=True)
    partner_staff = models.CharField(_("partner staff"), max_length=300, blank=True)
    coordinator = _user_fk(_("coordinator"))
    status = models.CharField(_("status"), max_length=20, choices=CohortStatus.choices, default=CohortStatus.PLANNED)
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=80, help_text=_("Share of sessions a trainee must attend to complete.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["-starts_on", "-id"], name="cohort_starts_id"),
            models.Index(fields=["status", "-starts_on", "-id"], name="cohort_status_starts_id"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="cohort_capacity_positive"),
            # Enrollment keeps places_taken under the cohort's row lock; the database refuses more.
            models.CheckConstraint(condition=Q(places_taken__lte=models.F("capacity")), name="cohort_within_capacity"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="cohort_ends_after_start"),
            models.CheckConstraint(condition=Q(min_attendance_percent__lte=100), name="cohort_min_attendance_percent"),
        ]
        permissions = [
            ("manage_trainings", _("Can manage cohorts, attendance, stock and hand-outs")),
            ("view_all_trainees", _("Can see every cohort's trainees")),
            ("export_trainings", _("Can export training lists")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return links.url("trainings:cohort-detail", self.pk)

    @property
    def status_label(self) -> str:
        return CohortStatus(self.status).label

    @property
    def places_left(self) -> int:
        return self.capacity - self.places_taken

    @property
    def is_open_for_enrollment(self) -> bool:
        return self.status in (CohortStatus.PLANNED, CohortStatus.RUNNING)


class BudgetLine(models.Model):
    """A training cost of a cohort (instructor fees, ingredients, venue, ...)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="budget_lines", verbose_name=_("cohort"))
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(_("amount (Rp)"), max_digits=14, decimal_places=0)
    funding_source = models.CharField(_("funding source"), max_length=100, blank=True, default="APBD")

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_amount_not_negative")]

    def __str__(self) -> str:
        return self.description


class EquipmentItemQuerySet(models.QuerySet):
    def with_stock(self) -> "EquipmentItemQuerySet":
        """Annotate `on_hand`: the balance after the item's last ledger line, through the
        item's pointer to that line (one join, however long the ledger grows)."""
        return self.annotate(on_hand=Coalesce("last_entry__balance", 0))


class EquipmentItem(models.Model):
    """A catalogue item handed to trainees (mixer, blender, sewing machine)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    unit = models.CharField(
        _("unit"), max_length=30, default="buah"
    )  # pieces: the office counts mixers and blenders "per buah"
    unit_cost = models.DecimalField(_("unit cost (Rp)"), max_digits=14, decimal_places=0, default=0)
    has_serial_numbers = models.BooleanField(_("has serial numbers"), default=False)
    # The item's latest ledger line, set with it under the item's row lock: its balance is the
    # stock on hand. (Asking the ledger for "the last line of this item" made PostgreSQL walk
    # the whole ledger backwards for an item with few lines.)
    last_entry = models.OneToOneField(
        "StockEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last ledger line"),
    )

    objects = EquipmentItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("equipment item")
        verbose_name_plural = _("equipment items")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(unit_cost__gte=0), name="item_unit_cost_not_negative")]

    def __str__(self) -> str:
        return self.name

    def stock_on_hand(self) -> int:
        """From the database, not from this instance (another transaction may have moved it)."""
        return EquipmentItem.objects.with_stock().values_list("on_hand", flat=True).get(pk=self.pk)

    def ledger_total(self) -> int:
        """The sum of every ledger line: what the balances must agree with (tests, audits)."""
        return self.ledger.aggregate(total=Coalesce(Sum("quantity"), 0))["total"]


class KitLine(models.Model):
    """What each completer of a cohort receives (e.g. 1 mixer + 1 blender)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="kit", verbose_name=_("cohort"))
    item = models.ForeignKey(EquipmentItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)

    class Meta:
        verbose_name = _("kit item")
        verbose_name_plural = _("kit items")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "item"], name="kit_line_item_once_per_cohort"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="kit_line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.item}"


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    DROPPED_OUT = "dropped_out", _("Dropped out")


def trainees_visible_to(
    queryset: models.QuerySet, user, permission: str, participant: str = "participant"
) -> models.QuerySet:
    """Records about a trainee (reached through the `participant` path): coordinators and supervisors
    see every trainee's; a caseworker those of the participants she may see (the cases app's rule)."""
    if user.has_perm("trainings.view_all_trainees"):
        return queryset
    if user.has_perm(permission):
        return queryset.filter(**{f"{participant}__in": Participant.objects.visible_to(user).values("pk")})
    return queryset.none()


class EnrollmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EnrollmentQuerySet":
        return trainees_visible_to(self, user, "trainings.view_enrollment")

    def for_list(self) -> "EnrollmentQuerySet":
        return self.select_related("participant", "cohort__program")


class Enrollment(VersionedModel):
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("cohort"))
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("participant")
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("case at enrollment")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EnrollmentStatus.choices, default=EnrollmentStatus.ENROLLED
    )
    dropout_reason = models.CharField(_("reason for dropping out"), max_length=300, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=30, null=True, blank=True, unique=True)
    enrolled_by = _user_fk(_("enrolled by"))
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["cohort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "participant"], name="enrollment_once_per_cohort"),
            models.CheckConstraint(
                condition=~Q(status="dropped_out") | ~Q(dropout_reason=""), name="enrollment_dropout_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="completed")
                | (Q(completed_on__isnull=False) & Q(certificate_number__isnull=False)),
                name="enrollment_completed_has_certificate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.participant.code}"

    def get_absolute_url(self) -> str:
        return links.url("trainings:enrollment-detail", self.pk)

    @property
    def status_label(self) -> str:
        return EnrollmentStatus(self.status).label


class Session(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("cohort"))
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), default=datetime.time(9, 0))
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["held_on", "starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "held_on", "starts_at"], name="session_once_per_slot"),
        ]
        indexes = [models.Index(fields=["held_on"], name="session_held_on")]

    def __str__(self) -> str:
        return f"{self.cohort} {self.held_on:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return links.url("trainings:attendance", self.pk)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class AttendanceQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AttendanceQuerySet":
        return trainees_visible_to(self, user, "trainings.view_attendance", participant="enrollment__participant")


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("session"))
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("trainee")
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    recorded_by = _user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "enrollment"], name="attendance_once_per_session")]

    def __str__(self) -> str:
        return f"{self.session}: {self.enrollment.participant.code} {self.status}"


class StockReceipt(models.Model):
    """Equipment received into stock (barang masuk)."""

    item = models.ForeignKey(EquipmentItem, on_delete=models.PROTECT, related_name="receipts", verbose_name=_("item"))
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_cost = models.DecimalField(_("unit cost (Rp)"), max_digits=14, decimal_places=0, default=0)
    source = models.CharField(_("source or budget line"), max_length=200)
    scan = models.FileField(_("document scan"), storage=private_storage, upload_to="stock/%Y/", blank=True)
    recorded_by = _user_fk(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stock receipt")
        verbose_name_plural = _("stock receipts")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="stock_receipt_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="stock_receipt_unit_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.item} ({self.received_on:%d-%m-%Y})"


class HandoutKind(models.TextChoices):
    HANDOUT = "handout", _("Hand-out")
    RETURN = "return", _("Return")


class HandoutQuerySet(models.QuerySet):
    def visible_to(self, user) -> "HandoutQuerySet":
        return trainees_visible_to(self, user, "trainings.view_handout")

    def for_list(self) -> "HandoutQuerySet":
        return self.select_related("participant", "item", "enrollment__cohort")


class Handout(models.Model):
    """Equipment given to a trainee (barang keluar), or a return of it: history is never edited."""

    kind = models.CharField(_("kind"), max_length=10, choices=HandoutKind.choices, default=HandoutKind.HANDOUT)
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="handouts", verbose_name=_("participant")
    )
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="handouts", null=True, blank=True, verbose_name=_("training")
    )
    item = models.ForeignKey(EquipmentItem, on_delete=models.PROTECT, related_name="handouts", verbose_name=_("item"))
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    handed_out_on = models.DateField(_("date"), default=timezone.localdate)
    handed_out_by = _user_fk(_("handed out by"))
    receipt_scan = models.FileField(
        _("signed receipt scan"), storage=private_storage, upload_to="handouts/%Y/", blank=True
    )
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections", verbose_name=_("corrects")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = HandoutQuerySet.as_manager()

    class Meta:
        verbose_name = _("hand-out")
        verbose_name_plural = _("hand-outs")
        ordering = ["-handed_out_on", "-id"]
        indexes = [models.Index(fields=["-handed_out_on", "-id"], name="handout_on_id")]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="handout_quantity_positive"),
            # One serial number names one unit.
            models.CheckConstraint(condition=Q(serial_number="") | Q(quantity=1), name="handout_serial_single_unit"),
            models.CheckConstraint(
                condition=Q(kind="handout") | Q(corrects__isnull=False), name="handout_return_names_handout"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.quantity} × {self.item} → {self.participant.code}"


class LedgerKind(models.TextChoices):
    RECEIPT = "receipt", _("Received")
    HANDOUT = "handout", _("Handed out")
    RETURN = "return", _("Returned")


class StockEntry(models.Model):
    """One signed line of an item's stock ledger, written with its receipt or hand-out.

    `balance` is the stock on hand after this line, written under the item's row lock
    (previous line's balance + quantity): stock on hand is the last line's balance, read
    without summing the ledger, and the database refuses a line that takes it below zero.
    """

    item = models.ForeignKey(EquipmentItem, on_delete=models.PROTECT, related_name="ledger", verbose_name=_("item"))
    kind = models.CharField(_("kind"), max_length=10, choices=LedgerKind.choices)
    quantity = models.IntegerField(_("quantity"))
    balance = models.IntegerField(_("stock after"), default=0)
    on = models.DateField(_("date"))
    receipt = models.OneToOneField(
        StockReceipt, on_delete=models.PROTECT, null=True, blank=True, related_name="entry", verbose_name=_("receipt")
    )
    handout = models.OneToOneField(
        Handout, on_delete=models.PROTECT, null=True, blank=True, related_name="entry", verbose_name=_("hand-out")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stock ledger entry")
        verbose_name_plural = _("stock ledger")
        ordering = ["-on", "-id"]
        indexes = [
            # An item's last line (its stock on hand), and keyset paging of the ledger.
            models.Index(fields=["item", "-id"], name="stock_entry_item_last"),
            models.Index(fields=["-on", "-id"], name="stock_entry_on_id"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="stock_entry_balance_not_negative"),
            models.CheckConstraint(
                condition=(Q(kind="receipt") & Q(quantity__gt=0) & Q(receipt__isnull=False) & Q(handout__isnull=True))
                | (Q(kind="handout") & Q(quantity__lt=0) & Q(handout__isnull=False) & Q(receipt__isnull=True))
                | (Q(kind="return") & Q(quantity__gt=0) & Q(handout__isnull=False) & Q(receipt__isnull=True)),
                name="stock_entry_sign_follows_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.quantity:+d} ({self.on:%d-%m-%Y})"


class NeedKind(models.TextChoices):
    BUSINESS_GRANT = "business_grant", _("Start-up capital")
    LIVING_ALLOWANCE = "living_allowance", _("Living allowance")
    TRANSPORT_ALLOWANCE = "transport_allowance", _("Transport allowance")
    EQUIPMENT = "equipment", _("Equipment")
    OTHER = "other", _("Other")


class UnmetNeedQuerySet(models.QuerySet):
    def visible_to(self, user) -> "UnmetNeedQuerySet":
        return trainees_visible_to(self, user, "trainings.view_unmetneed")


class UnmetNeed(VersionedModel):
    """Support a trainee needed that the budget did not cover."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="unmet_needs", verbose_name=_("participant")
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="unmet_needs", null=True, blank=True, verbose_name=_("cohort")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NeedKind.choices)
    amount = models.DecimalField(_("amount (Rp)"), max_digits=14, decimal_places=0, default=0)
    reason = models.CharField(_("why it was not funded"), max_length=500)
    recorded_on = models.DateField(_("recorded on"), default=timezone.localdate)
    recorded_by = _user_fk(_("recorded by"))

    objects = UnmetNeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("unmet need")
        verbose_name_plural = _("unmet needs")
        ordering = ["-recorded_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="unmet_need_amount_not_negative")]

    def __str__(self) -> str:
        return f"{self.participant.code}: {self.get_kind_display()}"


class LivelihoodQuerySet(models.QuerySet):
    def visible_to(self, user) -> "LivelihoodQuerySet":
        return self.filter(enrollment__in=Enrollment.objects.visible_to(user).values("pk"))

    def due(self) -> "LivelihoodQuerySet":
        return self.filter(done_on__isnull=True)


class LivelihoodFollowUp(models.Model):
    """Whether a completer earns a living from the skill, 3 and 6 months after the cohort."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="livelihood_follow_ups", verbose_name=_("training")
    )
    months_after = models.PositiveSmallIntegerField(_("months after the training"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    earns_from_skill = models.BooleanField(_("earns from the skill"), null=True, blank=True)
    monthly_income = models.DecimalField(
        _("estimated monthly income (Rp)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    still_has_equipment = models.BooleanField(_("still has the equipment"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    recorded_by = _user_fk(_("recorded by"), null=True, blank=True)

    objects = LivelihoodQuerySet.as_manager()

    class Meta:
        verbose_name = _("livelihood follow-up")
        verbose_name_plural = _("livelihood follow-ups")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on", "id"], name="livelihood_due_id", condition=Q(done_on__isnull=True))]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "months_after"], name="livelihood_once_per_milestone"),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(earns_from_skill__isnull=False),
                name="livelihood_done_has_answer",
            ),
            models.CheckConstraint(
                condition=Q(monthly_income__isnull=True) | Q(monthly_income__gte=0),
                name="livelihood_income_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment}: +{self.months_after}"

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()
