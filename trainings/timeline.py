"""What a training adds to the participant's case timeline (through cases' timeline service)."""

from django.utils.translation import gettext as _

from cases.models import TimelineEntry
from cases.services import timeline_add
from core.models import User


def _text(event: str, enrollment, **params) -> str:
    cohort = enrollment.cohort.name
    if event == "enrolled":
        return _("Enrolled in the training %(cohort)s.") % {"cohort": cohort}
    if event == "dropped_out":
        return _("Dropped out of the training %(cohort)s: %(reason)s") % {"cohort": cohort, **params}
    if event == "completed":
        return _("Completed the training %(cohort)s; certificate %(certificate)s.") % {"cohort": cohort, **params}
    if event == "livelihood":
        if params["earns"]:
            return _("Livelihood %(months)d months after %(cohort)s: earns from the skill.") % {
                "cohort": cohort,
                **params,
            }
        return _("Livelihood %(months)d months after %(cohort)s: does not earn from the skill.") % {
            "cohort": cohort,
            **params,
        }
    raise ValueError(event)


def add(enrollment, event: str, *, actor: User | None, **params) -> None:
    timeline_add(
        case=enrollment.case, kind=TimelineEntry.Kind.OTHER, text=_text(event, enrollment, **params), actor=actor
    )


def add_handout(handout, *, actor: User | None) -> None:
    """A hand-out or return appears on the case the participant trained under (if any)."""
    if handout.enrollment_id is None:
        return
    params = {"quantity": handout.quantity, "item": handout.item.name, "serial": handout.serial_number}
    if handout.kind == "return":
        text = _("Returned %(quantity)d × %(item)s.") % params
    else:
        text = _("Received %(quantity)d × %(item)s.") % params
    if handout.serial_number:
        text += " " + _("Serial number %(serial)s.") % params
    timeline_add(case=handout.enrollment.case, kind=TimelineEntry.Kind.OTHER, text=text, actor=actor)
