"""The enforcement steps a supervisor takes (warning, report to the licensing agency, the agency's
decision, closing), each a form and the service that records it. The app's step pages and the
admin's step pages both run them through `run_step`, so they write the same way."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.locking import ConcurrentEditError
from core.models import User
from venues import services
from venues.forms import CloseForm, DecisionForm, ReportForm, StepForm, WarningForm
from venues.models import EnforcementAction, Stage

ESCALATE = "venues.escalate_enforcement"
DECIDE = "venues.record_decision"


@dataclass(frozen=True)
class Step:
    form_class: type[StepForm]
    service: Callable[..., EnforcementAction]
    permission: str
    title: Promise
    done: Promise
    stage: str  # where the step takes the action (EnforcementAction.next_steps() says if it may)


STEPS = {
    "warn": Step(
        WarningForm,
        services.enforcement_warn,
        ESCALATE,
        _("Send the written warning"),
        _("Warning recorded."),
        Stage.WARNED,
    ),
    "report": Step(
        ReportForm,
        services.enforcement_report,
        ESCALATE,
        _("Report to the licensing agency with a recommendation to revoke"),
        _("Report to the licensing agency recorded."),
        Stage.REPORTED,
    ),
    "decide": Step(
        DecisionForm,
        services.enforcement_decide,
        DECIDE,
        _("Record the licensing agency's decision"),
        _("The agency's decision was recorded."),
        Stage.DECIDED,
    ),
    "close": Step(
        CloseForm,
        services.enforcement_close,
        ESCALATE,
        _("Close without a report"),
        _("Enforcement action closed."),
        Stage.CLOSED,
    ),
}


def run_step(step: Step, *, actor: User, action: EnforcementAction, form: StepForm) -> bool:
    """Record a valid form's step through its service, at the version the form was loaded at.
    A refusal (a broken rule, a stale page) goes into the form's errors and writes nothing."""
    data = dict(form.cleaned_data)
    version = data.pop("version", None) or action.version
    try:
        step.service(actor=actor, action=action, expected_version=version, **data)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    except (ConcurrentEditError, PermissionDenied) as error:
        form.add_error(None, str(error) or _("You may not do this."))
        return False
    return True
