"""The kinds of entry a training adds to the participant's case timeline (see cases.timeline).

Rendered in the reader's language when the timeline is shown.
"""

from collections.abc import Mapping

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.timeline import register_kind
from trainings.models import HandoutKind

LABEL = _("Training")

ENROLLED = register_kind(
    "training_enrolled",
    label=LABEL,
    message=_("Enrolled in the training %(cohort)s, starting %(starts_on)s."),
    dates=("starts_on",),
)
DROPPED_OUT = register_kind(
    "training_dropped_out", label=LABEL, message=_("Dropped out of the training %(cohort)s: %(reason)s")
)
COMPLETED = register_kind(
    "training_completed",
    label=LABEL,
    message=_("Completed the training %(cohort)s; certificate %(certificate)s."),
)


def _livelihood(p: Mapping[str, str]) -> str:
    if p["earns"]:
        return gettext("Livelihood %(months)s months after %(cohort)s: earns from the skill.") % p
    return gettext("Livelihood %(months)s months after %(cohort)s: does not earn from the skill.") % p


LIVELIHOOD = register_kind("training_livelihood", label=LABEL, message=_livelihood)


def _equipment(p: Mapping[str, str]) -> str:
    if p["kind"] == HandoutKind.RETURN:
        text = gettext("Returned %(quantity)s × %(item)s.") % p
    else:
        text = gettext("Received %(quantity)s × %(item)s.") % p
    if p["serial"]:
        text += " " + gettext("Serial number %(serial)s.") % p
    return text


EQUIPMENT = register_kind("training_equipment", label=_("Equipment"), message=_equipment)
