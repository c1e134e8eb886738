import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Arrangement, Case, CaseStatus, FollowUp, Outcome, Participant, Priority, TravelMode
from core.forms import DATE_INPUT_FORMATS
from core.models import Province, Regency, User
from core.roles import Role


class DateRangeFilter(django_filters.DateFromToRangeFilter):
    """Two dd-mm-yyyy boxes (from, to)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.extra["widget"] = django_filters.widgets.RangeWidget(
            attrs={"placeholder": _("dd-mm-yyyy"), "inputmode": "numeric"}
        )

    @property
    def field(self):
        field = super().field
        for sub in field.fields:
            sub.input_formats = DATE_INPUT_FORMATS
        return field


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


def participant_search(prefix: str, value: str) -> Q:
    """One box over code, name, alias and NIK (a run of digits matches the NIK's start)."""
    value = value.strip()
    condition = (
        Q(**{f"{prefix}code__iexact": value})
        | Q(**{f"{prefix}full_name__icontains": value})
        | Q(**{f"{prefix}alias__icontains": value})
    )
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) >= 6 and len(digits) == len(value.replace(" ", "").replace(".", "")):
        condition |= Q(**{f"{prefix}nik__startswith": digits})
    return condition


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CaseStatus.choices)
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=Priority.choices)
    caseworker = django_filters.ModelChoiceFilter(label=_("Caseworker"), queryset=User.objects.none())
    province = django_filters.ModelChoiceFilter(
        label=_("Origin province"), field_name="participant__origin_regency__province", queryset=Province.objects.all()
    )
    regency = django_filters.ModelChoiceFilter(
        label=_("Origin regency"), field_name="participant__origin_regency", queryset=Regency.objects.all()
    )
    arrangement = django_filters.ChoiceFilter(
        label=_("Arrangement"), field_name="home_return__arrangement", choices=Arrangement.choices
    )
    travel_mode = django_filters.ChoiceFilter(
        label=_("Travel mode"), field_name="home_return__travel_mode", choices=TravelMode.choices
    )
    opened = DateRangeFilter(label=_("Opened between"), field_name="opened_on")
    departed = DateRangeFilter(label=_("Departed between"), field_name="home_return__departed_on")

    class Meta:
        model = Case
        fields: list[str] = []

    def __init__(self, *args, request=None, **kwargs) -> None:
        super().__init__(*args, request=request, **kwargs)
        if request is not None and request.user.has_perm("cases.view_all_cases"):
            self.filters["caseworker"].queryset = User.objects.filter(groups__name=Role.CASEWORKER.value)
        else:
            del self.filters["caseworker"]  # a caseworker sees only her own cases anyway
        limit_regencies(self, self.data)

    def search(self, queryset, name, value):
        return queryset.filter(participant_search("participant__", value) | Q(number__iexact=value.strip()))


class ParticipantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    province = django_filters.ModelChoiceFilter(
        label=_("Origin province"), field_name="origin_regency__province", queryset=Province.objects.all()
    )
    regency = django_filters.ModelChoiceFilter(
        label=_("Origin regency"), field_name="origin_regency", queryset=Regency.objects.all()
    )
    registered = DateRangeFilter(label=_("Registered between"), field_name="created_at__date")

    class Meta:
        model = Participant
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_regencies(self, self.data)

    def search(self, queryset, name, value):
        return queryset.filter(participant_search("", value))


class FollowUpFilter(django_filters.FilterSet):
    STATE_CHOICES = [("due", _("Not yet done")), ("overdue", _("Overdue")), ("done", _("Done"))]

    q = django_filters.CharFilter(label=_("Search"), method="search")
    state = django_filters.ChoiceFilter(label=_("State"), choices=STATE_CHOICES, method="filter_state")
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=Outcome.choices)
    due = DateRangeFilter(label=_("Due between"), field_name="due_on")

    class Meta:
        model = FollowUp
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(participant_search("case__participant__", value))

    def filter_state(self, queryset, name, value):
        if value == "done":
            return queryset.filter(done_on__isnull=False)
        if value == "overdue":
            return queryset.filter(done_on__isnull=True, due_on__lt=timezone.localdate())
        return queryset.filter(done_on__isnull=True)
