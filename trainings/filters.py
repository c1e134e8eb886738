import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.filters import participant_search
from core.lists.filters import DateRangeFilter, ListFilterSet
from trainings.models import (
    Attendance,
    AttendanceStatus,
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentStatus,
    EquipmentItem,
    Handout,
    HandoutKind,
    LedgerKind,
    LivelihoodFollowUp,
    NeedKind,
    Program,
    StockEntry,
    UnmetNeed,
)


# Querysets as functions of the request (see cases.filters: copying a QuerySet per page is costly).
def _programs(request) -> QuerySet:
    return Program.objects.all()


def _items(request) -> QuerySet:
    return EquipmentItem.objects.all()


def _cohorts(request) -> QuerySet:
    return Cohort.objects.order_by("-starts_on", "-id")


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class CohortFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CohortStatus.choices)
    program = django_filters.ModelChoiceFilter(label=_("Programme"), queryset=_programs)
    starts = DateRangeFilter(label=_("Starts between"), field_name="starts_on")
    ends = DateRangeFilter(label=_("Ends between"), field_name="ends_on")

    class Meta(ListFilterSet.Meta):
        model = Cohort

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(program__name__icontains=value) | Q(place__icontains=value))


class EnrollmentFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    cohort = django_filters.ModelChoiceFilter(label=_("Cohort"), queryset=_cohorts)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EnrollmentStatus.choices)
    # The trainees of the cohorts that finished in a period (the dashboard's training figures).
    cohort_status = django_filters.ChoiceFilter(
        label=_("Cohort status"), field_name="cohort__status", choices=CohortStatus.choices
    )
    cohort_ends = DateRangeFilter(label=_("Cohort ends between"), field_name="cohort__ends_on")

    class Meta(ListFilterSet.Meta):
        model = Enrollment

    def search(self, queryset, name, value):
        return queryset.filter(participant_search("participant__", value))


class StockEntryFilter(ListFilterSet):
    item = django_filters.ModelChoiceFilter(label=_("Item"), queryset=_items)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=LedgerKind.choices)
    on = DateRangeFilter(label=_("Between"), field_name="on")

    class Meta(ListFilterSet.Meta):
        model = StockEntry


class HandoutFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    item = django_filters.ModelChoiceFilter(label=_("Item"), queryset=_items)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=HandoutKind.choices)
    cohort = django_filters.ModelChoiceFilter(label=_("Cohort"), field_name="enrollment__cohort", queryset=_cohorts)
    on = DateRangeFilter(label=_("Between"), field_name="handed_out_on")

    class Meta(ListFilterSet.Meta):
        model = Handout

    def search(self, queryset, name, value):
        return queryset.filter(participant_search("participant__", value) | Q(serial_number__iexact=value.strip()))


class LivelihoodFilter(ListFilterSet):
    STATE_CHOICES = [("due", _("Not yet done")), ("overdue", _("Overdue")), ("done", _("Done"))]

    q = django_filters.CharFilter(label=_("Search"), method="search")
    state = django_filters.ChoiceFilter(label=_("State"), choices=STATE_CHOICES, method="filter_state")
    cohort = django_filters.ModelChoiceFilter(label=_("Cohort"), field_name="enrollment__cohort", queryset=_cohorts)
    due = DateRangeFilter(label=_("Due between"), field_name="due_on")
    done = DateRangeFilter(label=_("Done between"), field_name="done_on")
    earns = django_filters.ChoiceFilter(
        label=_("Earns from the skill"), choices=YES_NO, field_name="earns_from_skill", method="filter_earns"
    )

    class Meta(ListFilterSet.Meta):
        model = LivelihoodFollowUp

    def search(self, queryset, name, value):
        return queryset.filter(participant_search("enrollment__participant__", value))

    def filter_earns(self, queryset, name, value):
        return queryset.filter(earns_from_skill=value == "yes")

    def filter_state(self, queryset, name, value):
        if value == "done":
            return queryset.filter(done_on__isnull=False)
        if value == "overdue":
            return queryset.filter(done_on__isnull=True, due_on__lt=timezone.localdate())
        return queryset.filter(done_on__isnull=True)


class AttendanceFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    cohort = django_filters.ModelChoiceFilter(label=_("Cohort"), field_name="session__cohort", queryset=_cohorts)
    held = DateRangeFilter(label=_("Session between"), field_name="session__held_on")
    status = django_filters.ChoiceFilter(label=_("Mark"), choices=AttendanceStatus.choices)

    class Meta(ListFilterSet.Meta):
        model = Attendance

    def search(self, queryset, name, value):
        return queryset.filter(participant_search("enrollment__participant__", value))


class UnmetNeedFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=NeedKind.choices)
    cohort = django_filters.ModelChoiceFilter(label=_("Cohort"), queryset=_cohorts)
    recorded = DateRangeFilter(label=_("Recorded between"), field_name="recorded_on")

    class Meta(ListFilterSet.Meta):
        model = UnmetNeed

    def search(self, queryset, name, value):
        return queryset.filter(participant_search("participant__", value) | Q(reason__icontains=value.strip()))
