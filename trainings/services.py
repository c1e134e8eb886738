"""Every write of the trainings app goes through one of these functions.

Views, admin actions, the demo seeder and tests call the same code. All are
atomic. Two invariants depend on row locks taken here (PostgreSQL):
- a cohort's places: enrollment locks the cohort's row, counts, then writes
  (and the database refuses places_taken above capacity);
- stock: every ledger write locks the item's row first, so two hand-outs of
  the last unit run one after the other and the second sees it is gone.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseStatus, Participant
from core.locking import save_versioned
from core.models import User, next_number
from trainings import timeline
from trainings.models import (
    LIVELIHOOD_MONTHS,
    Attendance,
    AttendanceStatus,
    BudgetLine,
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentStatus,
    EquipmentItem,
    Handout,
    HandoutKind,
    KitLine,
    LedgerKind,
    LivelihoodFollowUp,
    Session,
    StockEntry,
    StockReceipt,
    UnmetNeed,
)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _require(actor: User, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDenied


# --- Cohorts ------------------------------------------------------------------


@transaction.atomic
def cohort_create(
    *, actor: User, cohort: Cohort, kit: Iterable[tuple[EquipmentItem, int]] = (), budget: Iterable = ()
) -> Cohort:
    """Save a new cohort (built by a form) with its kit and budget lines."""
    _require(actor, "trainings.manage_trainings")
    kit = list(kit)
    _check_kit(kit)
    cohort.save()
    KitLine.objects.bulk_create(KitLine(cohort=cohort, item=item, quantity=quantity) for item, quantity in kit)
    _budget_set(cohort, list(budget))
    return cohort


@transaction.atomic
def cohort_update(
    *,
    actor: User,
    cohort: Cohort,
    expected_version: int,
    fields: list[str],
    kit: Iterable[tuple[EquipmentItem, int]] | None = None,
    budget: Iterable[BudgetLine] | None = None,
) -> Cohort:
    """Save a cohort edited by a form (the site's or the admin's), and its kit and budget
    lines when given, as one change: a stale form is refused and nothing of it is written."""
    _require(actor, "trainings.manage_trainings")
    if "capacity" in fields and cohort.capacity < cohort.places_taken:
        raise ValidationError(
            _("%(taken)d places are already taken: the capacity cannot be lower.") % {"taken": cohort.places_taken}
        )
    save_versioned(cohort, expected_version=expected_version, update_fields=[*fields, "updated_at"])
    if kit is not None:
        kit = list(kit)
        if {line.item_id: line.quantity for line in cohort.kit.all()} != {item.pk: qty for item, qty in kit}:
            cohort_kit_set(actor=actor, cohort=cohort, kit=kit)
    if budget is not None:
        _budget_set(cohort, list(budget))
    return cohort


# What one completer can receive of one item: a kit is equipment for one trainee, not stock.
KIT_MAX_QUANTITY = 100


def _check_kit(kit: list[tuple[EquipmentItem, int]]) -> None:
    items = [item.pk for item, _quantity in kit]
    if len(items) != len(set(items)):
        raise ValidationError(_("An item appears twice in the kit."))
    if any(not isinstance(quantity, int) or not 1 <= quantity <= KIT_MAX_QUANTITY for _item, quantity in kit):
        raise ValidationError(
            _("Each kit item's quantity is a whole number from 1 to %(max)d.") % {"max": KIT_MAX_QUANTITY}
        )


@transaction.atomic
def cohort_kit_set(*, actor: User, cohort: Cohort, kit: Iterable[tuple[EquipmentItem, int]]) -> Cohort:
    """Replace the kit of a cohort whose kit nobody has received yet."""
    _require(actor, "trainings.manage_trainings")
    kit = list(kit)
    _check_kit(kit)
    if Handout.objects.filter(enrollment__cohort=cohort).exists():
        raise ValidationError(_("The kit was already handed out: it can no longer change."))
    cohort.kit.all().delete()
    KitLine.objects.bulk_create(KitLine(cohort=cohort, item=item, quantity=quantity) for item, quantity in kit)
    return cohort


def _budget_set(cohort: Cohort, lines: list[BudgetLine]) -> None:
    """The cohort's budget lines become `lines`: lines with an id are updated, lines without
    one added, stored lines not among them removed (each change in the audit log)."""
    stored = {line.pk: line for line in cohort.budget_lines.all()}
    for line in lines:
        if line.pk is not None and line.pk not in stored:
            raise ValidationError(_("A budget line belongs to another cohort."))
        if line.amount is None or line.amount < 0:
            raise ValidationError(_("A budget line's amount cannot be negative."))
        if not (line.description or "").strip():
            raise ValidationError(_("Each budget line needs a description."))
    kept = {line.pk for line in lines if line.pk is not None}
    for pk, line in stored.items():
        if pk not in kept:
            line.delete()
    for line in lines:
        line.cohort = cohort
        if line.pk is None or _budget_changed(stored[line.pk], line):
            line.save()


def _budget_changed(stored: BudgetLine, line: BudgetLine) -> bool:
    return (stored.description, stored.amount, stored.funding_source) != (
        line.description,
        line.amount,
        line.funding_source,
    )


# Which status a cohort may move to from each.
COHORT_TRANSITIONS = {
    CohortStatus.PLANNED: {CohortStatus.RUNNING, CohortStatus.CANCELLED},
    CohortStatus.RUNNING: {CohortStatus.FINISHED, CohortStatus.CANCELLED},
    CohortStatus.FINISHED: set(),
    CohortStatus.CANCELLED: set(),
}


@transaction.atomic
def cohort_set_status(*, actor: User, cohort: Cohort, status: str, expected_version: int) -> Cohort:
    _require(actor, "trainings.manage_trainings")
    if status not in COHORT_TRANSITIONS[CohortStatus(cohort.status)]:
        raise ValidationError(
            _("A cohort cannot go from %(from)s to %(to)s.")
            % {"from": cohort.status_label, "to": CohortStatus(status).label}
        )
    cohort.status = status
    save_versioned(cohort, expected_version=expected_version, update_fields=["status", "updated_at"])
    return cohort


# --- Enrollment ---------------------------------------------------------------


def open_case_of(participant: Participant) -> Case | None:
    """The participant's open case, newest first: only a participant with one can enroll."""
    return (
        Case.objects.filter(participant=participant, archived_at__isnull=True)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("-opened_on", "-id")
        .first()
    )


@transaction.atomic
def enrollment_add(*, actor: User, cohort: Cohort, participant: Participant) -> Enrollment:
    """Enroll a participant with an open case, if a place is left.

    The cohort's row is locked before counting, so two enrollments into the
    last place run one after the other and the second is refused.
    """
    _require(actor, "trainings.add_enrollment")
    if not actor.has_perm("trainings.manage_trainings"):
        # A caseworker enrolls her own participants only.
        if not Participant.objects.visible_to(actor).filter(pk=participant.pk).exists():
            raise PermissionDenied
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if not cohort.is_open_for_enrollment:
        raise ValidationError(_("This cohort is %(status)s: nobody can enroll.") % {"status": cohort.status_label})
    case = open_case_of(participant)
    if case is None:
        raise ValidationError(
            _("%(code)s has no open case: open one before enrolling her.") % {"code": participant.code}
        )
    if Enrollment.objects.filter(cohort=cohort, participant=participant).exists():
        raise ValidationError(_("%(code)s is already enrolled in this cohort.") % {"code": participant.code})
    if cohort.places_taken >= cohort.capacity:
        raise ValidationError(_("The cohort is full (%(capacity)d places).") % {"capacity": cohort.capacity})
    enrollment = Enrollment.objects.create(cohort=cohort, participant=participant, case=case, enrolled_by=actor)
    Cohort.objects.filter(pk=cohort.pk).update(places_taken=F("places_taken") + 1)
    timeline.add(enrollment, "enrolled", actor=actor)
    return enrollment


@transaction.atomic
def enrollment_drop(*, actor: User, enrollment: Enrollment, reason: str, expected_version: int) -> Enrollment:
    """A trainee leaves: her place is freed, her attendance kept."""
    _require(actor, "trainings.change_enrollment")
    if enrollment.status != EnrollmentStatus.ENROLLED:
        raise ValidationError(_("Only an enrolled trainee can drop out."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for dropping out."))
    Cohort.objects.select_for_update().filter(pk=enrollment.cohort_id).update(places_taken=F("places_taken") - 1)
    enrollment.status = EnrollmentStatus.DROPPED_OUT
    enrollment.dropout_reason = reason.strip()
    save_versioned(enrollment, expected_version=expected_version, update_fields=["status", "dropout_reason"])
    timeline.add(enrollment, "dropped_out", actor=actor, reason=enrollment.dropout_reason)
    return enrollment


# --- Sessions and attendance ------------------------------------------------------


@transaction.atomic
def session_add(*, actor: User, session: Session) -> Session:
    _require(actor, "trainings.manage_trainings")
    session.save()
    return session


@transaction.atomic
def attendance_record(*, actor: User, session: Session, marks: Mapping[int, str]) -> int:
    """Mark every trainee of a session at once: {enrollment id: status}. Returns how many marks."""
    _require(actor, "trainings.manage_trainings")
    valid = set(AttendanceStatus.values)
    trainees = set(session.cohort.enrollments.exclude(status=EnrollmentStatus.DROPPED_OUT).values_list("pk", flat=True))
    if set(marks) - trainees:
        raise ValidationError(_("A mark names someone who is not a trainee of this cohort."))
    if set(marks.values()) - valid:
        raise ValidationError(_("Unknown attendance mark."))
    existing = {a.enrollment_id: a for a in session.attendance.all()}
    new, changed = [], []
    for enrollment_id, status in marks.items():
        if enrollment_id in existing:
            if existing[enrollment_id].status != status:
                existing[enrollment_id].status = status
                existing[enrollment_id].recorded_by = actor
                changed.append(existing[enrollment_id])
        else:
            new.append(Attendance(session=session, enrollment_id=enrollment_id, status=status, recorded_by=actor))
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["status", "recorded_by", "recorded_at"])
    return len(marks)


@dataclass(frozen=True)
class AttendanceShare:
    present: int
    sessions: int

    @property
    def percent(self) -> int:
        return round(100 * self.present / self.sessions) if self.sessions else 0


def attendance_shares(cohort: Cohort) -> dict[int, AttendanceShare]:
    """Each trainee's attendance: sessions present out of the cohort's sessions (one query)."""
    sessions = cohort.sessions.count()
    present = dict(
        cohort.enrollments.annotate(
            present=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT))
        ).values_list("pk", "present")
    )
    return {pk: AttendanceShare(count, sessions) for pk, count in present.items()}


def meets_completion_rule(cohort: Cohort, share: AttendanceShare) -> bool:
    return share.sessions > 0 and share.present * 100 >= cohort.min_attendance_percent * share.sessions


def certificate_number(year: int) -> str:
    """0001/SERT-PEL/DINSOS/2026: numbered per year, from the office's sequence."""
    return f"{next_number('certificate', year):04d}/SERT-PEL/DINSOS/{year}"


@transaction.atomic
def enrollment_complete(*, actor: User, enrollment: Enrollment, on: datetime.date | None = None) -> Enrollment:
    """Complete a trainee who met the cohort's attendance rule: a certificate
    number, and livelihood follow-ups 3 and 6 months after the cohort ends."""
    _require(actor, "trainings.manage_trainings")
    enrollment = Enrollment.objects.select_for_update().select_related("cohort").get(pk=enrollment.pk)
    cohort = enrollment.cohort
    if enrollment.status != EnrollmentStatus.ENROLLED:
        raise ValidationError(_("Only an enrolled trainee can complete."))
    share = attendance_shares(cohort)[enrollment.pk]
    if not meets_completion_rule(cohort, share):
        raise ValidationError(
            _("%(code)s attended %(present)d of %(sessions)d sessions (%(percent)d%%); %(rule)d%% are needed.")
            % {
                "code": enrollment.participant.code,
                "present": share.present,
                "sessions": share.sessions,
                "percent": share.percent,
                "rule": cohort.min_attendance_percent,
            }
        )
    on = on or min(timezone.localdate(), cohort.ends_on)
    enrollment.status = EnrollmentStatus.COMPLETED
    enrollment.completed_on = on
    enrollment.certificate_number = certificate_number(on.year)
    save_versioned(
        enrollment,
        expected_version=enrollment.version,
        update_fields=["status", "completed_on", "certificate_number"],
    )
    LivelihoodFollowUp.objects.bulk_create(
        LivelihoodFollowUp(enrollment=enrollment, months_after=months, due_on=_add_months(cohort.ends_on, months))
        for months in LIVELIHOOD_MONTHS
    )
    timeline.add(enrollment, "completed", actor=actor, certificate=enrollment.certificate_number)
    return enrollment


@transaction.atomic
def cohort_complete(*, actor: User, cohort: Cohort) -> tuple[list[Enrollment], list[str]]:
    """Complete every enrolled trainee who met the rule; say who did not. Finishes a running cohort."""
    _require(actor, "trainings.manage_trainings")
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    completed, missed = [], []
    shares = attendance_shares(cohort)
    for enrollment in cohort.enrollments.filter(status=EnrollmentStatus.ENROLLED).select_related("participant"):
        if meets_completion_rule(cohort, shares[enrollment.pk]):
            completed.append(enrollment_complete(actor=actor, enrollment=enrollment))
        else:
            missed.append(enrollment.participant.code)
    if cohort.status == CohortStatus.RUNNING:
        cohort_set_status(actor=actor, cohort=cohort, status=CohortStatus.FINISHED, expected_version=cohort.version)
    return completed, missed


# --- Stock ------------------------------------------------------------------------


def _lock_items(item_ids: Iterable[int]) -> dict[int, EquipmentItem]:
    # Always in id order, so two transactions locking several items never deadlock.
    return {item.pk: item for item in EquipmentItem.objects.select_for_update().filter(pk__in=item_ids).order_by("pk")}


def on_hand(item_ids: Iterable[int]) -> dict[int, int]:
    """Stock on hand of the given items: each item's last ledger balance (one query)."""
    ids = list(item_ids)
    balances = dict(EquipmentItem.objects.filter(pk__in=ids).with_stock().values_list("pk", "on_hand"))
    return {pk: balances.get(pk, 0) for pk in ids}


def ledger_lines(lines: list[StockEntry]) -> list[StockEntry]:
    """Write ledger lines, each with the balance after it; call with the items' rows locked."""
    balances = on_hand({line.item_id for line in lines})
    for line in lines:
        balances[line.item_id] += line.quantity
        line.balance = balances[line.item_id]
    written = StockEntry.objects.bulk_create(lines)
    last = {line.item_id: line.pk for line in written}
    for item_id, entry_id in last.items():
        EquipmentItem.objects.filter(pk=item_id).update(last_entry_id=entry_id)
    return written


@transaction.atomic
def stock_receive(*, actor: User, receipt: StockReceipt) -> StockReceipt:
    """Record equipment received into stock (built by a form), and its ledger line."""
    _require(actor, "trainings.manage_trainings")
    _lock_items([receipt.item_id])
    receipt.recorded_by = actor
    receipt.save()
    ledger_lines(
        [
            StockEntry(
                item_id=receipt.item_id,
                kind=LedgerKind.RECEIPT,
                quantity=receipt.quantity,
                on=receipt.received_on,
                receipt=receipt,
            )
        ]
    )
    return receipt


class StockShortError(ValidationError):
    """Not enough stock: the message says what is missing."""


def _check_serial(handout: Handout) -> None:
    if handout.serial_number and handout.quantity != 1:
        raise ValidationError(_("A serial number names one unit: hand out one unit per serial number."))


@transaction.atomic
def handout_give(*, actor: User, handout: Handout) -> Handout:
    """Hand equipment to a participant (built by a form); refused with the reason when stock is short."""
    _require(actor, "trainings.manage_trainings")
    item = _lock_items([handout.item_id])[handout.item_id]
    _check_serial(handout)
    available = on_hand([item.pk])[item.pk]
    if handout.quantity > available:
        raise StockShortError(
            _("Not enough %(item)s in stock: %(wanted)d wanted, %(available)d on hand.")
            % {"item": item.name, "wanted": handout.quantity, "available": available}
        )
    handout.kind = HandoutKind.HANDOUT
    handout.handed_out_by = actor
    handout.save()
    ledger_lines(
        [
            StockEntry(
                item=item,
                kind=LedgerKind.HANDOUT,
                quantity=-handout.quantity,
                on=handout.handed_out_on,
                handout=handout,
            )
        ]
    )
    timeline.add_handout(handout, actor=actor)
    return handout


@dataclass(frozen=True)
class Shortage:
    item: EquipmentItem
    needed: int
    on_hand: int

    @property
    def missing(self) -> int:
        return self.needed - self.on_hand

    def __str__(self) -> str:
        return _("%(item)s: %(needed)d needed, %(on_hand)d on hand, %(missing)d missing") % {
            "item": self.item.name,
            "needed": self.needed,
            "on_hand": self.on_hand,
            "missing": self.missing,
        }


def kit_pending(cohort: Cohort) -> list[tuple[Enrollment, KitLine]]:
    """(completer, kit line) pairs not yet handed out."""
    kit = list(cohort.kit.select_related("item"))
    completers = list(
        cohort.enrollments.filter(status=EnrollmentStatus.COMPLETED).select_related("participant").order_by("id")
    )
    given = set(
        Handout.objects.filter(enrollment__cohort=cohort, kind=HandoutKind.HANDOUT)
        .exclude(corrections__kind=HandoutKind.RETURN)
        .values_list("enrollment_id", "item_id")
    )
    return [(e, line) for e in completers for line in kit if (e.pk, line.item_id) not in given]


def kit_shortages(cohort: Cohort, pending: list[tuple[Enrollment, KitLine]] | None = None) -> list[Shortage]:
    pending = kit_pending(cohort) if pending is None else pending
    needed: dict[int, int] = {}
    items: dict[int, EquipmentItem] = {}
    for _enrollment, line in pending:
        needed[line.item_id] = needed.get(line.item_id, 0) + line.quantity
        items[line.item_id] = line.item
    stock = on_hand(needed)
    return [Shortage(items[pk], count, stock[pk]) for pk, count in needed.items() if count > stock[pk]]


@transaction.atomic
def kit_hand_out(
    *,
    actor: User,
    cohort: Cohort,
    on: datetime.date | None = None,
    serials: Mapping[tuple[int, int], str] | None = None,
) -> list[Handout]:
    """Hand the cohort's kit to every completer who has not received it, in one
    transaction: if any item is short, nothing is handed out and the error names
    every missing item. `serials` maps (enrollment id, item id) to a serial number."""
    _require(actor, "trainings.manage_trainings")
    on = on or timezone.localdate()
    serials = serials or {}
    Cohort.objects.select_for_update().get(pk=cohort.pk)  # one kit hand-out per cohort at a time
    pending = kit_pending(cohort)
    if not pending:
        raise ValidationError(_("Every completer has received the kit already (or nobody has completed)."))
    _lock_items({line.item_id for _e, line in pending})
    shortages = kit_shortages(cohort, pending)
    if shortages:
        raise StockShortError(
            _("Nothing was handed out. Short: %(list)s.") % {"list": "; ".join(str(s) for s in shortages)}
        )
    handouts = []
    for enrollment, line in pending:
        for _unit in range(line.quantity if serials.get((enrollment.pk, line.item_id)) else 1):
            serial = serials.get((enrollment.pk, line.item_id), "")
            handout = Handout(
                participant=enrollment.participant,
                enrollment=enrollment,
                item=line.item,
                quantity=1 if serial else line.quantity,
                serial_number=serial,
                handed_out_on=on,
                handed_out_by=actor,
            )
            _check_serial(handout)
            handouts.append(handout)
    Handout.objects.bulk_create(handouts)
    ledger_lines(
        [
            StockEntry(item_id=h.item_id, kind=LedgerKind.HANDOUT, quantity=-h.quantity, on=on, handout=h)
            for h in handouts
        ]
    )
    for handout in handouts:
        timeline.add_handout(handout, actor=actor)
    return handouts


def returned_quantity(handout: Handout) -> int:
    return sum(handout.corrections.filter(kind=HandoutKind.RETURN).values_list("quantity", flat=True))


@transaction.atomic
def handout_return(
    *, actor: User, handout: Handout, quantity: int | None = None, note: str, on: datetime.date | None = None
) -> Handout:
    """Equipment comes back (returned, or handed out by mistake): a new ledger line, history kept."""
    _require(actor, "trainings.manage_trainings")
    _lock_items([handout.item_id])
    if handout.kind != HandoutKind.HANDOUT:
        raise ValidationError(_("Only a hand-out can be returned."))
    quantity = quantity or handout.quantity - returned_quantity(handout)
    if quantity < 1 or quantity > handout.quantity - returned_quantity(handout):
        raise ValidationError(_("More units would come back than were handed out."))
    if not note.strip():
        raise ValidationError(_("Say why the equipment comes back."))
    back = Handout.objects.create(
        kind=HandoutKind.RETURN,
        participant=handout.participant,
        enrollment=handout.enrollment,
        item=handout.item,
        quantity=quantity,
        serial_number=handout.serial_number if quantity == 1 else "",
        handed_out_on=on or timezone.localdate(),
        handed_out_by=actor,
        corrects=handout,
        note=note.strip(),
    )
    ledger_lines(
        [StockEntry(item=handout.item, kind=LedgerKind.RETURN, quantity=quantity, on=back.handed_out_on, handout=back)]
    )
    timeline.add_handout(back, actor=actor)
    return back


@transaction.atomic
def handout_correct(*, actor: User, handout: Handout, corrected: Handout, note: str) -> Handout:
    """A hand-out recorded wrongly (item, quantity, serial): its return plus the right hand-out."""
    handout_return(actor=actor, handout=handout, note=note)
    corrected.participant = handout.participant
    corrected.enrollment = handout.enrollment
    corrected.note = note.strip()
    return handout_give(actor=actor, handout=corrected)


# --- Unmet need and livelihood --------------------------------------------------------


@transaction.atomic
def unmet_need_record(*, actor: User, need: UnmetNeed) -> UnmetNeed:
    _require(actor, "trainings.add_unmetneed")
    if not actor.has_perm("trainings.view_all_trainees"):
        if not Participant.objects.visible_to(actor).filter(pk=need.participant_id).exists():
            raise PermissionDenied
    need.recorded_by = actor
    need.save()
    return need


@transaction.atomic
def unmet_need_update(*, actor: User, need: UnmetNeed, expected_version: int, fields: list[str]) -> UnmetNeed:
    """Correct an unmet need (its kind, amount, reason, cohort): refused if someone saved it since."""
    _require(actor, "trainings.change_unmetneed")
    if not actor.has_perm("trainings.view_all_trainees"):
        if not Participant.objects.visible_to(actor).filter(pk=need.participant_id).exists():
            raise PermissionDenied
    if need.amount is None or need.amount < 0:
        raise ValidationError(_("The amount cannot be negative."))
    if not need.reason.strip():
        raise ValidationError(_("Say why it was not funded."))
    save_versioned(need, expected_version=expected_version, update_fields=fields)
    return need


@transaction.atomic
def livelihood_record(*, actor: User, follow_up: LivelihoodFollowUp) -> LivelihoodFollowUp:
    """Record a livelihood follow-up (the form set the answers)."""
    _require(actor, "trainings.change_livelihoodfollowup")
    follow_up.done_on = follow_up.done_on or timezone.localdate()
    follow_up.recorded_by = actor
    try:
        follow_up.save()
    except IntegrityError as error:  # a done follow-up without an answer
        raise ValidationError(_("Say whether she earns from the skill.")) from error
    timeline.add(
        follow_up.enrollment,
        "livelihood",
        actor=actor,
        months=follow_up.months_after,
        earns=bool(follow_up.earns_from_skill),
    )
    return follow_up
