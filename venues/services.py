"""Every write of the venues app goes through one of these functions.

Views, admin actions, the demo seeder and tests call the same code. Each is
atomic; changes are written to the audit trail by django-auditlog (every model
here is registered in venues.apps), and a licence's status changes only
together with its history row and the decree or letter behind it.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.models import CaseSource, Participant
from cases.services import case_open_intake, participant_register
from core.files import validate_scan
from core.locking import save_versioned
from core.models import User
from venues.models import (
    REPEAT_VIOLATION_MONTHS,
    ChangeReason,
    Decision,
    EnforcementAction,
    Evidence,
    EvidenceKind,
    Inspection,
    InspectionOutcome,
    InspectionTeam,
    License,
    LicenseStatus,
    LicenseStatusChange,
    PersonReferral,
    PlannedVisit,
    Stage,
    Venue,
    first_of_month,
)


def _require(actor: User, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDenied(_("You may not do this."))


@transaction.atomic
def team_save(*, actor: User, team: InspectionTeam, members: list[User], expected_version: int | None = None) -> None:
    """Create a team, or save one's changes (built by a form) if nobody saved it meanwhile. Its
    members decide which venues they see: the list is part of the audited change."""
    if team.pk is None:
        _require(actor, "venues.add_inspectionteam")
        team.save()
    else:
        _require(actor, "venues.change_inspectionteam")
        save_versioned(team, expected_version=expected_version or team.version, update_fields=["name", "is_active"])
    team.members.set(members)


@transaction.atomic
def venue_register(*, actor: User, venue: Venue) -> Venue:
    """Save a new venue (built by a form)."""
    _require(actor, "venues.add_venue")
    venue.save()
    return venue


@transaction.atomic
def venue_update(*, actor: User, venue: Venue, fields: list[str], expected_version: int) -> Venue:
    """Save the changed `fields` of a venue (edited by a form) if nobody saved it meanwhile."""
    _require(actor, "venues.change_venue")
    if fields:
        save_versioned(venue, expected_version=expected_version, update_fields=[*fields, "updated_at"])
    return venue


@transaction.atomic
def license_update(*, actor: User, license: License, fields: list[str], expected_version: int) -> License:
    """Correct a licence's particulars (number, agency, kind, expiry date). Its status changes only
    through the services below, with the decree behind it."""
    _require(actor, "venues.change_license")
    if "status" in fields or "venue" in fields or "issued_on" in fields:
        raise ValidationError(_("A licence's venue, issue date and status cannot be edited."))
    if license.expires_on and license.expires_on < license.issued_on:
        raise ValidationError(_("A licence cannot expire before it is issued."))
    if fields:
        save_versioned(license, expected_version=expected_version, update_fields=[*fields, "updated_at"])
    return license


def _status_change(
    *, actor: User, license: License, to_status: str, effective_on: datetime.date, reference: str, reason: str = ""
) -> LicenseStatusChange:
    if not reference.strip():
        raise ValidationError(_("Give the number of the decree or letter behind this change."))
    return LicenseStatusChange.objects.create(
        license=license,
        from_status=license.status if license.pk and license.status != to_status else "",
        to_status=to_status,
        effective_on=effective_on,
        reference=reference.strip(),
        reason=reason,  # a key, shown in the reader's language (ChangeReason)
        recorded_by=actor,
    )


@transaction.atomic
def license_register(*, actor: User, license: License) -> License:
    """Record a venue's new active licence (built by a form). An earlier licence
    past its expiry date is marked expired; one still in force is refused."""
    _require(actor, "venues.add_license")
    for old in License.objects.select_for_update().filter(venue=license.venue, status=LicenseStatus.ACTIVE):
        if not old.is_expired:
            raise ValidationError(
                _("The venue already holds licence %(number)s in force. A venue has one active licence at a time.")
                % {"number": old.number}
            )
        _status_change(
            actor=actor,
            license=old,
            to_status=LicenseStatus.EXPIRED,
            effective_on=old.expires_on + datetime.timedelta(days=1),
            reference=license.number,
            reason=ChangeReason.REPLACED,
        )
        old.status = LicenseStatus.EXPIRED
        save_versioned(old, expected_version=old.version, update_fields=["status", "updated_at"])
    license.status = LicenseStatus.ACTIVE
    license.save()
    _status_change(
        actor=actor,
        license=license,
        to_status=LicenseStatus.ACTIVE,
        effective_on=license.issued_on,
        reference=license.number,
        reason=ChangeReason.ISSUED,
    )
    return license


@transaction.atomic
def license_reinstate(
    *, actor: User, license: License, effective_on: datetime.date, reference: str, expected_version: int
) -> License:
    """The licensing agency lifts a suspension (with its decree)."""
    _require(actor, "venues.record_decision")
    if license.status != LicenseStatus.SUSPENDED:
        raise ValidationError(_("Only a suspended licence can be reinstated."))
    if License.objects.filter(venue=license.venue, status=LicenseStatus.ACTIVE).exists():
        raise ValidationError(_("The venue already holds an active licence."))
    _status_change(
        actor=actor, license=license, to_status=LicenseStatus.ACTIVE, effective_on=effective_on, reference=reference
    )
    license.status = LicenseStatus.ACTIVE
    save_versioned(license, expected_version=expected_version, update_fields=["status", "updated_at"])
    return license


@transaction.atomic
def round_assign(
    *, actor: User, venue: Venue, month: datetime.date, team: InspectionTeam, planned_on: datetime.date
) -> PlannedVisit:
    """Plan a venue's visit of a month for a team (again, if it was planned)."""
    _require(actor, "venues.plan_round")
    month = first_of_month(month)
    if first_of_month(planned_on) != month:
        raise ValidationError(_("The planned date must fall within the month of the round."))
    if not team.is_active:
        raise ValidationError(_("This team is no longer active."))
    plan, _created = PlannedVisit.objects.update_or_create(
        venue=venue, month=month, defaults={"team": team, "planned_on": planned_on, "assigned_by": actor}
    )
    return plan


def _twelve_months_before(moment: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(moment)
    try:
        return local.replace(year=local.year - REPEAT_VIOLATION_MONTHS // 12)
    except ValueError:  # 29 February
        return local.replace(year=local.year - REPEAT_VIOLATION_MONTHS // 12, day=28)


@transaction.atomic
def evidence_add(
    *, actor: User, inspection: Inspection, file, kind: str = EvidenceKind.PHOTO, caption: str = ""
) -> Evidence:
    validate_scan(file)
    return Evidence.objects.create(inspection=inspection, kind=kind, file=file, caption=caption, uploaded_by=actor)


@transaction.atomic
def inspection_record(*, actor: User, inspection: Inspection, files: list | None = None) -> Inspection:
    """Record a visit (built by a form) with its evidence. A violation opens an
    enforcement action, or makes the open one a repeat violation."""
    _require(actor, "venues.add_inspection")
    if not actor.has_perm("venues.view_all_venues") and not inspection.team.members.filter(pk=actor.pk).exists():
        raise PermissionDenied(_("You can record inspections only for your own team."))
    if inspection.inspected_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError(_("The inspection's date and time is in the future."))
    if inspection.prostitution_signs or inspection.minors_present or inspection.private_rooms_present:
        inspection.outcome = InspectionOutcome.VIOLATION
    inspection.recorded_by = actor
    inspection.save()
    for file in files or []:
        evidence_add(actor=actor, inspection=inspection, file=file)
    venue = inspection.venue
    if (
        venue.private_rooms_dismantled_on
        and venue.dismantling_verified_by_id is None
        and not inspection.private_rooms_present
        and inspection.venue_operating
    ):
        venue.dismantling_verified_by = inspection
        save_versioned(venue, expected_version=venue.version, update_fields=["dismantling_verified_by", "updated_at"])
    if inspection.is_violation:
        _open_enforcement(inspection)
    return inspection


def _open_enforcement(inspection: Inspection) -> EnforcementAction:
    venue = inspection.venue
    earlier = Inspection.objects.filter(
        venue=venue,
        outcome=InspectionOutcome.VIOLATION,
        inspected_at__gte=_twelve_months_before(inspection.inspected_at),
        inspected_at__lt=inspection.inspected_at,
    ).exists()
    current = EnforcementAction.objects.select_for_update().open().filter(venue=venue).first()
    if current is not None:
        # The escalation under way continues; this violation makes it a repeat.
        if not current.repeat:
            current.repeat = True
            save_versioned(current, expected_version=current.version, update_fields=["repeat", "updated_at"])
        return current
    license = License.objects.filter(venue=venue, status=LicenseStatus.ACTIVE).first()
    return EnforcementAction.objects.create(venue=venue, inspection=inspection, license=license, repeat=earlier)


def _step_allowed(action: EnforcementAction, stage: str) -> None:
    if stage not in action.next_steps():
        if action.repeat and stage in (Stage.WARNED, Stage.CLOSED):
            raise ValidationError(
                _("A second violation within 12 months goes straight to the recommendation to revoke.")
            )
        raise ValidationError(
            _("This enforcement action cannot go from %(from)s to %(to)s.")
            % {"from": action.get_stage_display(), "to": Stage(stage).label}
        )


def _not_future(value: datetime.date) -> None:
    if value > timezone.localdate():
        raise ValidationError(_("This date is in the future."))


@transaction.atomic
def enforcement_warn(
    *, actor: User, action: EnforcementAction, warned_on: datetime.date, warning_number: str, expected_version: int
) -> EnforcementAction:
    """The written warning (teguran tertulis) to the venue."""
    _require(actor, "venues.escalate_enforcement")
    _step_allowed(action, Stage.WARNED)
    _not_future(warned_on)
    if not warning_number.strip():
        raise ValidationError(_("Give the warning letter's number."))
    action.stage, action.warned_on, action.warning_number = Stage.WARNED, warned_on, warning_number.strip()
    save_versioned(
        action, expected_version=expected_version, update_fields=["stage", "warned_on", "warning_number", "updated_at"]
    )
    return action


@transaction.atomic
def enforcement_report(
    *, actor: User, action: EnforcementAction, reported_on: datetime.date, report_number: str, expected_version: int
) -> EnforcementAction:
    """The report to the licensing agency with the recommendation to revoke the licence.
    The licence is not touched: only the agency's decision changes it."""
    _require(actor, "venues.escalate_enforcement")
    _step_allowed(action, Stage.REPORTED)
    _not_future(reported_on)
    if not report_number.strip():
        raise ValidationError(_("Give the report letter's number."))
    if action.warned_on and reported_on < action.warned_on:
        raise ValidationError(_("The report cannot be dated before the warning."))
    action.stage, action.reported_on, action.report_number = Stage.REPORTED, reported_on, report_number.strip()
    save_versioned(
        action, expected_version=expected_version, update_fields=["stage", "reported_on", "report_number", "updated_at"]
    )
    return action


@transaction.atomic
def enforcement_decide(
    *,
    actor: User,
    action: EnforcementAction,
    replied_on: datetime.date,
    decision: str,
    decree_number: str = "",
    effective_on: datetime.date | None = None,
    note: str = "",
    expected_version: int,
) -> EnforcementAction:
    """The licensing agency's reply. A suspension or revocation changes the
    licence's status, with the decree number and its effective date."""
    _require(actor, "venues.record_decision")
    _step_allowed(action, Stage.DECIDED)
    _not_future(replied_on)
    if replied_on < action.reported_on:
        raise ValidationError(_("The reply cannot be dated before the report."))
    if decision not in Decision.values:
        raise ValidationError(_("Choose the agency's decision."))
    sanction = decision != Decision.DECLINED
    if sanction and (not decree_number.strip() or effective_on is None):
        raise ValidationError(_("A suspension or revocation needs the decree number and its effective date."))
    action.stage, action.replied_on, action.decision = Stage.DECIDED, replied_on, decision
    action.decree_number = decree_number.strip()
    action.effective_on = effective_on if sanction else None
    action.note = note
    save_versioned(
        action,
        expected_version=expected_version,
        update_fields=["stage", "replied_on", "decision", "decree_number", "effective_on", "note", "updated_at"],
    )
    license = action.license or License.objects.filter(venue=action.venue, status=LicenseStatus.ACTIVE).first()
    if sanction and license is not None:
        license = License.objects.select_for_update().get(pk=license.pk)
        to_status = LicenseStatus.REVOKED if decision == Decision.REVOCATION else LicenseStatus.SUSPENDED
        if license.status not in (to_status, LicenseStatus.REVOKED):
            _status_change(
                actor=actor,
                license=license,
                to_status=to_status,
                effective_on=effective_on,
                reference=action.decree_number,
                reason=ChangeReason.DECISION,
            )
            license.status = to_status
            save_versioned(license, expected_version=license.version, update_fields=["status", "updated_at"])
    return action


@transaction.atomic
def enforcement_close(*, actor: User, action: EnforcementAction, note: str, expected_version: int) -> EnforcementAction:
    """Close an action without reporting it (e.g. the venue complied after the warning)."""
    _require(actor, "venues.escalate_enforcement")
    _step_allowed(action, Stage.CLOSED)
    if not note.strip():
        raise ValidationError(_("Give the reason for closing."))
    action.stage, action.note = Stage.CLOSED, note.strip()
    save_versioned(action, expected_version=expected_version, update_fields=["stage", "note", "updated_at"])
    return action


@transaction.atomic
def person_refer(
    *,
    actor: User,
    inspection: Inspection,
    full_name: str,
    sex: str,
    estimated_age: int | None = None,
    phone: str = "",
    note: str = "",
) -> PersonReferral:
    """Refer someone met during an inspection to the social office: an intake
    case, without a caseworker, for a supervisor to assign. The inspector keeps
    no access to it."""
    _require(actor, "venues.add_personreferral")
    # The inspector sees no participant to compare with (names met at a venue repeat, dates of birth
    # are unknown): the supervisor who assigns the intake case checks it against the register.
    participant = participant_register(
        actor=actor,
        participant=Participant(full_name=full_name, sex=sex, estimated_age=estimated_age, phone=phone),
        duplicates_checked=True,
    )
    # The case's summary is free text the caseworker goes on editing, not a timeline entry: it is
    # written in the office's language, whatever the inspector's page was in.
    with translation.override(settings.LANGUAGE_CODE):
        summary = _("Met during the inspection of %(venue)s on %(date)s.") % {
            "venue": inspection.venue.name,
            "date": timezone.localtime(inspection.inspected_at).strftime("%d-%m-%Y"),
        }
    if note.strip():
        summary += " " + note.strip()
    case = case_open_intake(actor=actor, participant=participant, source=CaseSource.VENUE_INSPECTION, summary=summary)
    return PersonReferral.objects.create(inspection=inspection, case=case, referred_by=actor)
