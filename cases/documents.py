"""What the printed documents of a case say: the commitment form (surat
pernyataan) and the referral letter (surat rujukan).

The wording is the office's own and always Indonesian (see core.documents);
the templates are templates/cases/documents/*.html.
"""

from dataclasses import dataclass

from django.utils import timezone

from cases.models import Agency, Arrangement, Case, CaseSource, Commitment, HomeReturn, Participant, Referral
from cases.services import has_sharing_consent
from core.documents import document_number, long_date
from core.models import OfficeProfile, Regency


@dataclass(frozen=True)
class Identity:
    """A participant as a letter's Nama / Tempat, tanggal lahir / NIK / Alamat table
    shows her; an empty value is printed as a line to fill in by hand."""

    name: str
    birth: str
    nik: str
    street: str  # the address up to the village, often unknown before her return is planned
    region: str  # "Kabupaten Malang, Jawa Timur"


def participant_identity(participant: Participant, home_return: HomeReturn | None) -> Identity:
    if participant.birth_date:
        birth = ", ".join(filter(None, [participant.birth_place, long_date(participant.birth_date)]))
    elif participant.estimated_age:
        birth = ", ".join(filter(None, [participant.birth_place, f"usia ± {participant.estimated_age} tahun"]))
    else:
        birth = participant.birth_place
    street, region = origin_address(participant, home_return)
    return Identity(name=participant.full_name, birth=birth, nik=participant.nik or "", street=street, region=region)


def origin_address(participant: Participant, home_return: HomeReturn | None) -> tuple[str, str]:
    """Her home address: where she returns to, once that is recorded; before,
    only her region of origin. (`Participant.address` is not used: it is often
    where the office met her, not her home.)"""
    if home_return and home_return.destination_address.strip():
        street, regency = " ".join(home_return.destination_address.split()), home_return.destination_regency
    else:
        street, regency = "", participant.origin_regency
    if regency is None:
        return street, ""
    region = [name for name in (regency.name, regency.province.name) if name.lower() not in street.lower()]
    return street, ", ".join(region)


def _home_return(case: Case) -> HomeReturn | None:
    return HomeReturn.objects.filter(case=case).select_related("destination_regency__province").first()


def commitment_context(case: Case, commitment: Commitment | None = None) -> dict:
    """The surat pernyataan: of a recorded commitment, or blank (dated today) to
    be printed, signed and scanned before the commitment is recorded."""
    signed_on = commitment.signed_on if commitment else timezone.localdate()
    return {
        "case": case,
        "commitment": commitment,
        "participant": case.participant,
        "identity": participant_identity(case.participant, _home_return(case)),
        "number": document_number(year=signed_on.year),
        "dated": signed_on,
        "witness": commitment.witness if commitment else "",
        "from_bukit_sungkai": case.source == CaseSource.CLOSURE_BUKIT_SUNGKAI,
    }


# Who a referral letter is addressed to, by agency: (title, name used when the
# referral names no agency). The regency is appended to the name.
ADDRESSEES = {
    Agency.ORIGIN_SOCIAL_OFFICE: ("Kepala", "Dinas Sosial"),
    Agency.MANPOWER_OFFICE: ("Kepala", "Dinas Tenaga Kerja"),
    Agency.HEALTH: ("Kepala", "Dinas Kesehatan"),
    Agency.POLICE: ("Pimpinan", "Kepolisian"),
    Agency.OTHER: ("Pimpinan", "Instansi Terkait"),
}

ARRANGEMENTS = {
    Arrangement.FACILITATED: "difasilitasi {office}",
    Arrangement.SELF_FUNDED: "mandiri (biaya sendiri)",
}


def referral_regency(referral: Referral, home_return: HomeReturn | None) -> Regency | None:
    """The agency's region; for the origin region's social office, failing that,
    where she returned to or where she comes from."""
    if referral.agency_regency:
        return referral.agency_regency
    if referral.agency == Agency.ORIGIN_SOCIAL_OFFICE:
        if home_return:
            return home_return.destination_regency
        return referral.case.participant.origin_regency
    return None


def referral_addressee(referral: Referral, regency: Regency | None) -> str:
    """Kepala Dinas Sosial Kabupaten Malang"""
    title, default_name = ADDRESSEES.get(referral.agency, ADDRESSEES[Agency.OTHER])
    if referral.agency_name.strip():
        return f"{title} {referral.agency_name.strip()}"
    if regency:
        return f"{title} {default_name} {regency.name}"
    if referral.agency == Agency.ORIGIN_SOCIAL_OFFICE:
        return f"{title} {default_name} Kabupaten/Kota {'.' * 20}"
    return f"{title} {default_name}"


def referral_shows_identity(referral: Referral) -> bool:
    """Names and NIK go into the letter only if the referral shares personal data
    and that sharing still stands: the participant's consent, not withdrawn
    since, or a supervisor's recorded approval."""
    if not referral.shares_personal_data:
        return False
    return referral.consent_override_by_id is not None or has_sharing_consent(referral.case.participant)


def referral_letter_context(referral: Referral) -> dict:
    case = referral.case
    home_return = _home_return(case)
    regency = referral_regency(referral, home_return)
    show_identity = referral_shows_identity(referral)
    return {
        "referral": referral,
        "case": case,
        "participant": case.participant,
        "identity": participant_identity(case.participant, home_return) if show_identity else None,
        "show_identity": show_identity,
        "home_return": home_return,
        "arrangement": ARRANGEMENTS.get(home_return.arrangement, "").format(office=OfficeProfile.load())
        if home_return
        else "",
        "addressee": referral_addressee(referral, regency),
        "number": document_number(year=referral.sent_on.year),
        "dated": referral.sent_on,
        "from_bukit_sungkai": case.source == CaseSource.CLOSURE_BUKIT_SUNGKAI,
    }
