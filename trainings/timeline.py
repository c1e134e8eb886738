"""What a training adds to the participant's case timeline, through cases' timeline service."""

from cases.services import timeline_add
from core.models import User
from trainings import timeline_kinds as kinds

EVENTS = {
    "enrolled": kinds.ENROLLED,
    "dropped_out": kinds.DROPPED_OUT,
    "completed": kinds.COMPLETED,
    "livelihood": kinds.LIVELIHOOD,
}


def add(enrollment, event: str, *, actor: User | None, **params) -> None:
    cohort = enrollment.cohort
    params = {"cohort": cohort.name, **params}
    if event == "enrolled":
        params["starts_on"] = cohort.starts_on.isoformat()
    timeline_add(case=enrollment.case, kind=EVENTS[event], params=params, actor=actor)


def add_handout(handout, *, actor: User | None) -> None:
    """A hand-out or return appears on the case the participant trained under (if any)."""
    if handout.enrollment_id is None:
        return
    params = {
        "kind": handout.kind,
        "quantity": handout.quantity,
        "item": handout.item.name,
        "serial": handout.serial_number,
    }
    timeline_add(case=handout.enrollment.case, kind=kinds.EQUIPMENT, params=params, actor=actor)
