"""The kinds of timeline entry that `cases` writes (see cases.timeline for how to add one).

Messages are looked up in the reader's language when the timeline is shown.
"""

from collections.abc import Mapping

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cases.models import Agency, Arrangement, Case, CaseStatus, Channel, Commitment, Outcome, ReferralStatus, TravelMode
from cases.timeline import register_kind


def _sentences(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _return_home(p: Mapping[str, str]) -> str:
    text = _sentences(
        gettext("Return home %(arrangement)s to %(place)s by %(mode)s.")
        % {"arrangement": p["arrangement"].lower(), "place": p["place"], "mode": p["mode"].lower()},
        p["departed_on"] and gettext("Departed %(date)s.") % {"date": p["departed_on"]},
        p["follow_ups_scheduled"] and gettext("Follow-ups scheduled after 7, 30 and 90 days."),
        p["arrived_on"] and gettext("Arrival confirmed %(date)s.") % {"date": p["arrived_on"]},
    )
    return gettext("Return home updated. ") + text if p["updated"] else text


def _follow_up(p: Mapping[str, str]) -> str:
    return _sentences(
        gettext("%(channel)s: %(outcome)s.") % p,
        p["notes"],
        p["next_due_on"] and gettext("Next contact due %(date)s.") % {"date": p["next_due_on"]},
    )


def _agency(p: Mapping[str, str]) -> str:
    return p["agency_name"] or p["agency"]


def _referral_sent(p: Mapping[str, str]) -> str:
    return gettext("Referred to %(agency)s: %(reason)s") % {"agency": _agency(p), "reason": p["reason"]}


def _referral_updated(p: Mapping[str, str]) -> str:
    update = gettext("Referral to %(agency)s: %(status)s.") % {"agency": _agency(p), "status": p["status"]}
    return _sentences(update, p["reply"])


def _consent_override(p: Mapping[str, str]) -> str:
    message = gettext("Data shared with %(agency)s without the participant's consent, approved by %(by)s: %(reason)s")
    return message % {"agency": _agency(p), "by": p["by"], "reason": p["reason"]}


def _sharing_requested(p: Mapping[str, str]) -> str:
    message = gettext("A supervisor was asked to share her identity with %(agency)s: %(reason)s")
    return message % {"agency": _agency(p), "reason": p["reason"]}


def _sharing_refused(p: Mapping[str, str]) -> str:
    message = gettext("%(by)s refused to share her identity with %(agency)s: %(reason)s")
    return message % {"agency": _agency(p), "by": p["by"], "reason": p["reason"]}


def _reassigned(p: Mapping[str, str]) -> str:
    return _sentences(gettext("Reassigned from %(old)s to %(new)s.") % p, p["reason"])


def _follow_ups_cancelled(p: Mapping[str, str]) -> str:
    count = int(p["count"] or 0)
    return ngettext("%(count)s pending follow-up cancelled.", "%(count)s pending follow-ups cancelled.", count) % p


def _updated(p: Mapping) -> str:
    names = {field.name: field.verbose_name for field in Case._meta.fields}
    fields = ", ".join(str(names.get(name, name)) for name in p["fields"] or [])
    return gettext("Details changed: %(fields)s.") % {"fields": fields}


def _commitment(p: Mapping[str, str]) -> str:
    return gettext("Commitment signed on %(date)s: %(kind)s.") % {"date": p["signed_on"], "kind": p["kind"].lower()}


register_kind("opened", label=_("Case opened"), message=_("Case opened."))
register_kind(
    "status",
    label=_("Status changed"),
    message=_("Status changed from %(from)s to %(to)s."),
    choices={"from": CaseStatus, "to": CaseStatus},
)
register_kind("closure_requested", label=_("Closure requested"), message=_("Closure requested: %(reason)s"))
register_kind("closure_approved", label=_("Case closed"), message=_("Closure approved; case closed."))
register_kind("closure_declined", label=_("Closure declined"), message=_("Closure request declined."))
register_kind("updated", label=_("Details changed"), message=_updated)
register_kind("reassigned", label=_("Reassigned"), message=_reassigned)
register_kind("archived", label=_("Archived"), message=_("Case archived."))
register_kind(
    "return",
    label=_("Return home"),
    message=_return_home,
    choices={"arrangement": Arrangement, "mode": TravelMode},
    dates=("departed_on", "arrived_on"),
)
register_kind(
    "commitment",
    label=_("Commitment signed"),
    message=_commitment,
    choices={"kind": Commitment.Kind},
    dates=("signed_on",),
)
register_kind(
    "follow_up",
    label=_("Follow-up"),
    message=_follow_up,
    choices={"channel": Channel, "outcome": Outcome},
    dates=("next_due_on",),
)
register_kind("referral", label=_("Referral"), message=_referral_sent, choices={"agency": Agency})
register_kind(
    "referral_updated",
    label=_("Referral"),
    message=_referral_updated,
    choices={"agency": Agency, "status": ReferralStatus},
)
register_kind(
    "consent_override",
    label=_("Shared without consent"),
    message=_consent_override,
    choices={"agency": Agency},
)
register_kind("sharing_requested", label=_("Sharing requested"), message=_sharing_requested, choices={"agency": Agency})
register_kind("sharing_refused", label=_("Sharing refused"), message=_sharing_refused, choices={"agency": Agency})
register_kind("reopened", label=_("Case reopened"), message=_("Case reopened: %(reason)s"))
register_kind("follow_ups_cancelled", label=_("Follow-up"), message=_follow_ups_cancelled)
# Free text (and entries written before kinds had parameters).
register_kind("note", label=_("Note"), message="%(text)s")
register_kind("other", label=_("Other"), message="%(text)s")
