"""A participant's case, from registration to the follow-ups after she goes home."""

import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from cases import timeline
from core.lists import links
from core.locking import VersionedModel
from core.masking import mask
from core.models import Regency
from core.storage import private_storage

# The longest free text a form accepts (a TextField's max_length limits its form field, with
# Django's own message, not the column). A megabyte address once took a letter 37 s to print.
ADDRESS_MAX = 500
TEXT_MAX = 2000


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class WelfareCategory(models.TextChoices):
    # PPKS categories relevant to this programme. The official label of
    # `sex_work` ("tuna susila") is shown only where a report requires it.
    SEX_WORK = "sex_work", _("Former sex worker (programme category)")
    TRAFFICKING_VICTIM = "trafficking_victim", _("Trafficking victim")
    VULNERABLE_WOMAN = "vulnerable_woman", _("Socio-economically vulnerable woman")
    STRANDED_PERSON = "stranded_person", _("Stranded person")
    OTHER = "other", _("Other")


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ParticipantQuerySet":
        """Supervisors see everyone; a caseworker the participants she has a case
        of, and those she registered while they have no case yet (once a case is
        opened, the participant follows the case's caseworker, reassignments too)."""
        if user.has_perm("cases.view_all_cases"):
            return self
        if user.has_perm("cases.view_participant"):
            cases = Case.objects.filter(participant=models.OuterRef("pk"))
            return self.filter(
                Q(models.Exists(cases.filter(caseworker=user))) | (Q(created_by=user) & ~Q(models.Exists(cases)))
            )
        return self.none()

    def for_list(self) -> "ParticipantQuerySet":
        return self.select_related("origin_regency__province")


class Participant(VersionedModel):
    """A person the office works with. Reports use `code`, never the name."""

    code = models.CharField(_("participant code"), max_length=20, unique=True, editable=False)
    full_name = models.CharField(_("full name"), max_length=150)
    alias = models.CharField(_("alias"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.FEMALE)
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(
        _("estimated age"), null=True, blank=True, help_text=_("When the date of birth is unknown.")
    )
    nik = models.CharField(_("NIK"), max_length=16, null=True, blank=True, unique=True)
    kk_number = models.CharField(_("family card number"), max_length=16, blank=True)
    phone = PhoneNumberField(_("phone"), blank=True, region="ID")
    origin_regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="+", verbose_name=_("region of origin"), null=True, blank=True
    )
    address = models.TextField(_("address or last known location"), max_length=ADDRESS_MAX, blank=True)
    welfare_category = models.CharField(
        _("welfare category (PPKS)"), max_length=30, choices=WelfareCategory.choices, default=WelfareCategory.SEX_WORK
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nik__isnull=True) | Q(nik__regex=r"^[0-9]{16}$"), name="participant_nik_16_digits"
            ),
        ]
        indexes = [
            models.Index(fields=["full_name", "birth_date"], name="participant_name_birth"),
            models.Index(fields=["-created_at", "-id"], name="participant_created_id"),
        ]
        permissions = [("view_identity", _("Can see names and NIK in exports"))]

    def __str__(self) -> str:
        return f"{self.code} {self.full_name}"

    def get_absolute_url(self) -> str:
        return links.url("cases:participant-detail", self.pk)

    @property
    def masked_nik(self) -> str:
        """6271••••••••0001 (core.masking)."""
        return mask(self.nik)


class ConsentPurpose(models.TextChoices):
    # Casework itself rests on the office's public task (UU 27/2022 art. 20);
    # these purposes go beyond it and need the participant's own consent.
    FOLLOW_UP_CONTACT = "follow_up_contact", _("Follow-up contact after return home")
    SHARE_WITH_ORIGIN_OFFICE = "share_with_origin_office", _("Sharing data with the origin region's social office")
    PHOTOS = "photos", _("Photos")


class Consent(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="consents", verbose_name=_("participant")
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    text_version = models.CharField(_("consent text version"), max_length=20, default="2026-1")
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    scan = models.FileField(_("signed scan"), storage=private_storage, upload_to="consents/%Y/", blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_note = models.CharField(_("withdrawal note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
            # One consent in force per purpose: a second (a double submit) is refused.
            models.UniqueConstraint(
                fields=["participant", "purpose"],
                condition=Q(withdrawn_on__isnull=True),
                name="consent_one_active_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant.code}: {self.get_purpose_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class CaseStatus(models.TextChoices):
    INTAKE = "intake", _("Intake")
    ACTIVE = "active", _("Active")
    RETURNED_HOME = "returned_home", _("Returned home")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")


# The workflow: only these moves are allowed (closing goes through a request
# that a supervisor approves, see cases.services).
TRANSITIONS: dict[str, list[str]] = {
    CaseStatus.INTAKE: [CaseStatus.ACTIVE],
    CaseStatus.ACTIVE: [CaseStatus.RETURNED_HOME],
    CaseStatus.RETURNED_HOME: [CaseStatus.MONITORING],
    CaseStatus.MONITORING: [CaseStatus.CLOSED],
    CaseStatus.CLOSED: [],
}
WORKFLOW = [CaseStatus.INTAKE, CaseStatus.ACTIVE, CaseStatus.RETURNED_HOME, CaseStatus.MONITORING, CaseStatus.CLOSED]


class CaseSource(models.TextChoices):
    CLOSURE_BUKIT_SUNGKAI = "closure_bukit_sungkai", _("Closure of the Bukit Sungkai red-light district")
    OUTREACH = "outreach", _("Outreach")
    REFERRAL = "referral", _("Referral from another agency")
    WALK_IN = "walk_in", _("Came to the office")
    VENUE_INSPECTION = "venue_inspection", _("Met during a venue inspection")
    OTHER = "other", _("Other")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseQuerySet":
        """Supervisors see every case, a caseworker only those assigned to her."""
        if user.has_perm("cases.view_all_cases"):
            return self
        if user.has_perm("cases.view_case"):
            return self.filter(caseworker=user)
        return self.none()

    def active(self) -> "CaseQuerySet":
        return self.filter(archived_at__isnull=True)

    def counts_by_worker_and_status(self) -> list[dict]:
        """Rows {caseworker, status, total}: on active() one pass over the partial index
        case_worker_status_active alone (the dashboard's open cases by status and by caseworker)."""
        return list(self.values("caseworker", "status").annotate(total=models.Count("pk")).order_by())

    def for_list(self) -> "CaseQuerySet":
        return self.select_related("participant__origin_regency", "caseworker")


class Case(VersionedModel):
    number = models.CharField(_("case number"), max_length=20, unique=True, editable=False)
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="cases", verbose_name=_("participant")
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    source = models.CharField(
        _("source"), max_length=30, choices=CaseSource.choices, default=CaseSource.CLOSURE_BUKIT_SUNGKAI
    )
    # Empty only for an intake case referred from outside casework (e.g. a venue
    # inspection) until a supervisor assigns it (cases.services.case_open_intake).
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("caseworker"),
        null=True,
    )
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.INTAKE)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    summary = models.TextField(_("summary"), max_length=TEXT_MAX, blank=True)
    closure_requested_at = models.DateTimeField(_("closure requested at"), null=True, blank=True)
    closure_reason = models.TextField(_("reason for closing"), max_length=TEXT_MAX, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-id"]
        permissions = [
            ("view_all_cases", _("Can see every caseworker's cases")),
            ("approve_closure", _("Can approve closing a case")),
            ("export_case", _("Can export case lists")),
        ]
        indexes = [
            # Keyset paging of the lists: (opened_on, id), overall and per caseworker / status.
            models.Index(fields=["-opened_on", "-id"], name="case_opened_id"),
            models.Index(fields=["caseworker", "-opened_on", "-id"], name="case_worker_opened_id"),
            models.Index(fields=["status", "-opened_on", "-id"], name="case_status_opened_id"),
            # The caseworker's home page counts her active cases by status from this index alone.
            models.Index(
                fields=["caseworker", "status"], condition=Q(archived_at__isnull=True), name="case_worker_status_active"
            ),
            # The few archived cases, for leaving them out of the figures without joining every case.
            models.Index(fields=["id"], condition=Q(archived_at__isnull=False), name="case_archived"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(closed_on__isnull=False) & ~Q(closure_reason="")),
                name="case_closed_has_date_and_reason",
            ),
            # A participant has one open case at a time: a second one (two tabs, a
            # double click, two caseworkers) is refused by the database itself.
            models.UniqueConstraint(
                fields=["participant"], condition=~Q(status="closed"), name="case_one_open_per_participant"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return links.url("cases:case-detail", self.pk)

    @property
    def status_label(self) -> str:
        """get_status_display() rebuilds the choices on every call: 1.4 ms of a 25-row list here."""
        return CaseStatus(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED

    @property
    def is_read_only(self) -> bool:
        """Closed or archived: nothing in it changes until a supervisor reopens it."""
        return self.status == CaseStatus.CLOSED or self.archived_at is not None

    @property
    def closure_pending(self) -> bool:
        return self.closure_requested_at is not None and self.status != CaseStatus.CLOSED

    def allowed_transitions(self) -> list[str]:
        return TRANSITIONS[self.status]


class Arrangement(models.TextChoices):
    FACILITATED = "facilitated", _("Facilitated by the office")
    SELF_FUNDED = "self_funded", _("Self-funded")


class TravelMode(models.TextChoices):
    LAND = "land", _("Land")
    SEA = "sea", _("Sea")
    AIR = "air", _("Air")


class HomeReturn(models.Model):
    """The return home (pemulangan) of a case's participant."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="home_return", verbose_name=_("case"))
    arrangement = models.CharField(_("arrangement"), max_length=20, choices=Arrangement.choices)
    declined_reason = models.TextField(
        _("why the office's help was declined"),
        max_length=TEXT_MAX,
        blank=True,
        help_text=_("For self-funded returns."),
    )
    destination_regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="+", verbose_name=_("destination regency or city")
    )
    destination_address = models.TextField(_("destination address"), max_length=ADDRESS_MAX, blank=True)
    travel_mode = models.CharField(_("travel mode"), max_length=10, choices=TravelMode.choices)
    planned_departure_on = models.DateField(_("planned departure"), null=True, blank=True)
    departed_on = models.DateField(_("actual departure"), null=True, blank=True)
    arrived_on = models.DateField(_("arrival confirmed on"), null=True, blank=True)
    arrival_confirmed_how = models.CharField(_("how the arrival was confirmed"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("return home")
        verbose_name_plural = _("returns home")
        indexes = [
            # The dashboard's and the monthly report's returns in a period: range scans, not the whole table.
            models.Index(fields=["departed_on"], name="home_return_departed"),
            models.Index(fields=["arrived_on"], name="home_return_arrived"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(arrived_on__isnull=True)
                | (Q(departed_on__isnull=False) & Q(arrived_on__gte=models.F("departed_on"))),
                name="home_return_arrival_after_departure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.destination_regency}"


class Commitment(models.Model):
    """The signed statement (surat pernyataan) not to return to prostitution."""

    class Kind(models.TextChoices):
        NO_RETURN = "no_return_to_prostitution", _("Not to return to prostitution")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, default=Kind.NO_RETURN)
    signed_on = models.DateField(_("signed on"))
    witness = models.CharField(_("witness"), max_length=150, blank=True)
    scan = models.FileField(_("signed scan"), storage=private_storage, upload_to="commitments/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-signed_on", "-id"]
        constraints = [
            # The same statement signed twice on one day is a double submit.
            models.UniqueConstraint(fields=["case", "kind", "signed_on"], name="commitment_one_per_kind_and_day"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.get_kind_display()}"


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    HOME_VISIT = "home_visit", _("Home visit")
    ORIGIN_OFFICE = "origin_office", _("Through the origin region's office")


class Outcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    UNREACHABLE = "unreachable", _("Unreachable")
    MOVED = "moved", _("Moved away")
    RETURNED_TO_SEX_WORK = "returned_to_sex_work", _("Returned to sex work")
    OTHER = "other", _("Other")


# Days after departure at which follow-ups are scheduled.
FOLLOW_UP_DAYS = (7, 30, 90)


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user) -> "FollowUpQuerySet":
        # Those who see every case see every follow-up: no `case_id IN (all cases)` to join.
        if user.has_perm("cases.view_all_cases"):
            return self
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))

    def due(self) -> "FollowUpQuerySet":
        """Still to be made: neither done nor cancelled."""
        return self.filter(done_on__isnull=True, cancelled_on__isnull=True)

    def for_list(self) -> "FollowUpQuerySet":
        return self.select_related("case__participant", "case__caseworker")


class FollowUp(models.Model):
    """A contact after departure: scheduled (due_on) and, once made, recorded
    (done_on); cancelled (cancelled_on) when its case is closed first."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("case"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    notes = models.TextField(_("notes"), max_length=TEXT_MAX, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("recorded by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [
            # Keyset paging of the follow-up list in both sort orders (scanned backwards for the latest first);
            # without it every page sorted all 500,000 follow-ups (1 s at 100,000 cases, bench/README.md).
            models.Index(fields=["due_on", "id"], name="followup_due_id_all"),
            # The "not yet done" and "overdue" filters, and the home page's panel of follow-ups due.
            models.Index(
                fields=["due_on", "id"],
                name="followup_due_id",
                condition=Q(done_on__isnull=True, cancelled_on__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | (~Q(channel="") & ~Q(outcome="")),
                name="followup_done_has_channel_and_outcome",
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(cancelled_on__isnull=True), name="followup_done_or_cancelled"
            ),
            # One contact a day per case: a double-clicked "schedule" writes one.
            models.UniqueConstraint(
                fields=["case", "due_on"], condition=Q(cancelled_on__isnull=True), name="followup_one_per_case_and_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.due_on:%d-%m-%Y}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_on is not None

    @property
    def is_pending(self) -> bool:
        return not self.is_done and not self.is_cancelled

    @property
    def is_overdue(self) -> bool:
        return self.is_pending and self.due_on < timezone.localdate()


class Agency(models.TextChoices):
    ORIGIN_SOCIAL_OFFICE = "origin_social_office", _("Social office of the origin region")
    MANPOWER_OFFICE = "manpower_office", _("Manpower office (Disnaker)")
    HEALTH = "health", _("Health services")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Referral(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("case"))
    agency = models.CharField(_("agency"), max_length=30, choices=Agency.choices)
    agency_name = models.CharField(_("agency name"), max_length=200, blank=True)
    agency_regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("agency's region")
    )
    reason = models.TextField(_("reason"), max_length=TEXT_MAX)
    shares_personal_data = models.BooleanField(_("shares personal data"), default=True)
    consent_override_reason = models.TextField(_("reason for sharing without consent"), max_length=TEXT_MAX, blank=True)
    consent_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("sharing approved by"),
    )
    # A caseworker whose participant has not consented asks a supervisor to share her identity
    # anyway (cases.services.referral_request_sharing); the request waits here until decided.
    sharing_requested_at = models.DateTimeField(_("sharing requested at"), null=True, blank=True)
    sharing_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("sharing requested by"),
    )
    sharing_request_reason = models.TextField(_("why her identity is needed"), max_length=TEXT_MAX, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    sent_on = models.DateField(_("sent on"), default=timezone.localdate)
    reply = models.TextField(_("agency's reply"), max_length=TEXT_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on", "-id"]
        constraints = [
            # One referral to one agency a day: a second is a double submit.
            models.UniqueConstraint(
                fields=["case", "agency", "agency_name", "sent_on"], name="referral_one_per_agency_and_day"
            ),
        ]
        permissions = [("override_consent", _("Can approve sharing data without consent"))]
        indexes = [
            # The supervisors' home panel of requests awaiting a decision.
            models.Index(
                fields=["sharing_requested_at"],
                name="referral_sharing_pending",
                condition=Q(sharing_requested_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.get_agency_display()}"

    @property
    def sharing_pending(self) -> bool:
        return self.sharing_requested_at is not None


class TimelineEntry(models.Model):
    """One line of a case's history, written by the service that did the thing.

    Stored as a kind and its parameters, shown in the reader's language (cases.timeline)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="timeline", verbose_name=_("case"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["case", "-at", "-id"], name="timeline_case_at"),
            models.Index(fields=["-at", "-id"], name="timeline_at_id"),  # the admin changelist's order
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.at:%d-%m-%Y}: {self.kind_label}"

    @property
    def text(self) -> str:
        return timeline.render(self.kind, self.params)

    @property
    def kind_label(self) -> str:
        return timeline.label(self.kind)


def follow_up_dates(departed_on: datetime.date) -> list[datetime.date]:
    return [departed_on + datetime.timedelta(days=days) for days in FOLLOW_UP_DAYS]
