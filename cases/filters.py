import string

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Arrangement, Case, CaseStatus, FollowUp, Outcome, Participant, Priority, TravelMode
from core.lists.filters import DateRangeFilter, ListFilterSet
from core.models import Province, Regency, User
from core.roles import Role


def limit_regencies(filterset, data) -> None:
    """A select of all 514 regencies on every list page would be heavy: the
    regency choices follow the chosen province (apply the province first)."""
    field = filterset.filters["regency"]
    province = (data or {}).get("province")
    regency = (data or {}).get("regency")
    if province:
        field.queryset = Regency.objects.filter(province_id=province)
    elif regency:
        field.queryset = Regency.objects.filter(code=regency)
    else:
        field.queryset = Regency.objects.none()
        field.extra["empty_label"] = _("Choose a province first")


# Querysets given as functions of the request: FilterSet deep-copies its filters
# for every page, and copying a QuerySet costs a clone of its whole query.
def _provinces(request) -> QuerySet:
    return Province.objects.all()


def _regencies(request) -> QuerySet:
    return Regency.objects.all()  # narrowed to the chosen province by limit_regencies()


def _caseworkers(request) -> QuerySet:
    return User.objects.filter(groups__name=Role.CASEWORKER.value)


def participant_search(prefix: str, value: str) -> Q:
    """One box over code, name, alias and NIK (a run of digits matches the NIK's start)."""
    value = value.strip()
    condition = (
        Q(**{f"{prefix}code__iexact": value})
        | Q(**{f"{prefix}full_name__icontains": value})
        | Q(**{f"{prefix}alias__icontains": value})
    )
    digits = "".join(ch for ch in value if ch in string.digits)  # not "²" or "٣": a NIK is 0-9
    if len(digits) >= 6 and len(digits) == len(value.replace(" ", "").replace(".", "")):
        condition |= Q(**{f"{prefix}nik__startswith": digits})
    return condition


class CaseFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CaseStatus.choices)
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=Priority.choices)
    caseworker = django_filters.ModelChoiceFilter(label=_("Caseworker"), queryset=_caseworkers)
    province = django_filters.ModelChoiceFilter(
        label=_("Origin province"), field_name="participant__origin_regency__province", queryset=_provinces
    )
    regency = django_filters.ModelChoiceFilter(
        label=_("Origin regency"), field_name="participant__origin_regency", queryset=_regencies
    )
    arrangement = django_filters.ChoiceFilter(
        label=_("Arrangement"), field_name="home_return__arrangement", choices=Arrangement.choices
    )
    travel_mode = django_filters.ChoiceFilter(
        label=_("Travel mode"), field_name="home_return__travel_mode", choices=TravelMode.choices
    )
    opened = DateRangeFilter(label=_("Opened between"), field_name="opened_on")
    departed = DateRangeFilter(label=_("Departed between"), field_name="home_return__departed_on")

    class Meta(ListFilterSet.Meta):
        model = Case

    def __init__(self, *args, request=None, **kwargs) -> None:
        super().__init__(*args, request=request, **kwargs)
        if request is None or not request.user.has_perm("cases.view_all_cases"):
            del self.filters["caseworker"]  # a caseworker sees only her own cases anyway
        limit_regencies(self, self.data)

    def search(self, queryset, name, value):
        return queryset.filter(participant_search("participant__", value) | Q(number__iexact=value.strip()))


class ParticipantFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    province = django_filters.ModelChoiceFilter(
        label=_("Origin province"), field_name="origin_regency__province", queryset=_provinces
    )
    regency = django_filters.ModelChoiceFilter(
        label=_("Origin regency"), field_name="origin_regency", queryset=_regencies
    )
    registered = DateRangeFilter(label=_("Registered between"), field_name="created_at__date")

    class Meta(ListFilterSet.Meta):
        model = Participant

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_regencies(self, self.data)

    def search(self, queryset, name, value):
        return queryset.filter(participant_search("", value))


class FollowUpFilter(ListFilterSet):
    STATE_CHOICES = [
        ("due", _("Not yet done")),
        ("overdue", _("Overdue")),
        ("done", _("Done")),
        ("cancelled", _("Cancelled")),
    ]

    q = django_filters.CharFilter(label=_("Search"), method="search")
    state = django_filters.ChoiceFilter(label=_("State"), choices=STATE_CHOICES, method="filter_state")
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=Outcome.choices)
    due = DateRangeFilter(label=_("Due between"), field_name="due_on")

    class Meta(ListFilterSet.Meta):
        model = FollowUp

    def search(self, queryset, name, value):
        return queryset.filter(participant_search("case__participant__", value))

    def filter_state(self, queryset, name, value):
        if value == "done":
            return queryset.filter(done_on__isnull=False)
        if value == "cancelled":
            return queryset.filter(cancelled_on__isnull=False)
        if value == "overdue":
            return queryset.due().filter(due_on__lt=timezone.localdate())
        return queryset.due()
