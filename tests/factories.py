"""Small helpers that build realistic records through the same services the
views use, so tests exercise the real side effects (numbers, timeline)."""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases import services
from cases.models import (
    Agency,
    Arrangement,
    Case,
    Commitment,
    Consent,
    ConsentPurpose,
    HomeReturn,
    Participant,
    Referral,
    TravelMode,
)
from core.models import Regency, User

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_upload(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def make_participant(worker: User, **fields) -> Participant:
    defaults = {
        "full_name": "Siti Aminah",
        "birth_date": datetime.date(1990, 3, 12),
        "origin_regency": Regency.objects.get(code="35.07"),
    }
    # Tests register the same sample person again and again, knowingly.
    return services.participant_register(
        actor=worker, participant=Participant(**{**defaults, **fields}), duplicates_checked=True
    )


def make_case(worker: User, participant: Participant | None = None, **fields) -> Case:
    participant = participant or make_participant(worker)
    return services.case_open(actor=worker, case=Case(participant=participant, caseworker=worker, **fields))


def record_departure(worker: User, case: Case, *, days_ago: int = 10, mode: str = TravelMode.SEA) -> HomeReturn:
    return services.home_return_record(
        actor=worker,
        home_return=HomeReturn(
            case=case,
            arrangement=Arrangement.SELF_FUNDED,
            declined_reason="Sudah membeli tiket sendiri.",
            destination_regency=case.participant.origin_regency,
            travel_mode=mode,
            departed_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        ),
    )


def make_case_with_text(worker: User, text: str) -> Case:
    """A case whose free-text fields in every export (name, alias, follow-up notes) hold `text`."""
    case = make_case(worker, make_participant(worker, full_name=text, alias=text))
    record_departure(worker, case)
    follow_up = case.follow_ups.first()
    follow_up.notes = text
    follow_up.save()
    return case


def make_commitment(worker: User, case: Case, *, scan: bool = True) -> Commitment:
    return services.commitment_record(
        actor=worker,
        commitment=Commitment(
            case=case, signed_on=timezone.localdate(), witness="Saksi", scan=pdf_upload() if scan else ""
        ),
    )


def make_consent(worker: User, participant: Participant, purpose: str = ConsentPurpose.SHARE_WITH_ORIGIN_OFFICE):
    return services.consent_record(
        actor=worker,
        consent=Consent(
            participant=participant, purpose=purpose, given_on=timezone.localdate(), scan=pdf_upload("consent.pdf")
        ),
    )


def make_referral(worker: User, case: Case) -> Referral:
    if not case.participant.consents.filter(purpose=ConsentPurpose.SHARE_WITH_ORIGIN_OFFICE).exists():
        make_consent(worker, case.participant)
    return services.referral_send(
        actor=worker,
        referral=Referral(case=case, agency=Agency.ORIGIN_SOCIAL_OFFICE, reason="Pendampingan lanjutan."),
    )


def make_referral_without_identity(worker: User, case: Case) -> Referral:
    """A referral sent without identity (she has not consented), nobody asked to share it."""
    referral = Referral(case=case, agency=Agency.MANPOWER_OFFICE, reason="Pelatihan kerja.", shares_personal_data=False)
    return services.referral_send(actor=worker, referral=referral)


def make_sharing_request(worker: User, case: Case) -> Referral:
    """A referral sent without identity (she has not consented), whose caseworker asked a
    supervisor to share it: awaiting a decision on the supervisors' home page."""
    return services.referral_send(
        actor=worker,
        referral=Referral(case=case, agency=Agency.HEALTH, reason="Periksa.", shares_personal_data=False),
        sharing_request_reason="Perlu alamatnya untuk kunjungan rumah.",
    )


def login_attempts() -> dict[str, int]:
    """One record of each kind that login throttling (django-axes) writes."""
    request = {"ip_address": "192.0.2.1", "user_agent": "test", "http_accept": "*/*", "path_info": "/accounts/login/"}
    return {
        "access_attempt": AccessAttempt.objects.create(
            username="someone", get_data="", post_data="", failures_since_start=1, **request
        ).pk,
        "access_log": AccessLog.objects.create(username="someone", **request).pk,
        "access_failure_log": AccessFailureLog.objects.create(username="someone", locked_out=False, **request).pk,
    }
