import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lists.filters import DateRangeFilter, ListFilterSet
from core.models import District
from venues.models import (
    Decision,
    EnforcementAction,
    Inspection,
    InspectionOutcome,
    InspectionTeam,
    License,
    LicenseStatus,
    LicenseStatusChange,
    PlannedVisit,
    Purpose,
    Stage,
    Venue,
)
from venues.rounds import current_month, month_bounds, parse_month

LICENSE_STATUS_CHOICES = [*LicenseStatus.choices, ("none", _("No licence"))]
YES = [("yes", _("Yes"))]


def _districts(request) -> QuerySet:
    return District.objects.filter(regency_id="62.71")


def _teams(request) -> QuerySet:
    return InspectionTeam.objects.all()


def license_status_condition(value: str, prefix: str = "") -> Q:
    """Venues whose licence is in `value` today: "expired" follows the expiry date by itself."""
    today = timezone.localdate()
    licenses = License.objects.filter(venue=OuterRef(f"{prefix}pk"))
    active = licenses.filter(status=LicenseStatus.ACTIVE)
    in_force = active.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
    if value == LicenseStatus.ACTIVE:
        return Q(Exists(in_force))
    if value == LicenseStatus.EXPIRED:
        return Q(Exists(active.filter(expires_on__lt=today)))
    if value == LicenseStatus.SUSPENDED:
        return Q(Exists(licenses.filter(status=LicenseStatus.SUSPENDED))) & ~Q(Exists(active))
    if value == LicenseStatus.REVOKED:
        held = licenses.filter(status__in=[LicenseStatus.ACTIVE, LicenseStatus.SUSPENDED])
        return Q(Exists(licenses.filter(status=LicenseStatus.REVOKED))) & ~Q(Exists(held))
    return ~Q(Exists(licenses))


def overdue_this_month(prefix: str = "") -> Q:
    """Planned this month for a date already past, and not inspected this month."""
    month = current_month()
    start, end = month_bounds(month)
    planned = PlannedVisit.objects.filter(
        venue=OuterRef(f"{prefix}pk"), month=month, planned_on__lt=timezone.localdate()
    )
    inspected = Inspection.objects.filter(venue=OuterRef(f"{prefix}pk"), inspected_at__gte=start, inspected_at__lt=end)
    return Q(Exists(planned)) & ~Q(Exists(inspected))


class VenueFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    district = django_filters.ModelChoiceFilter(label=_("District"), queryset=_districts)
    license_status = django_filters.ChoiceFilter(
        label=_("Licence status"), choices=LICENSE_STATUS_CHOICES, method="filter_license_status"
    )
    overdue = django_filters.ChoiceFilter(label=_("Overdue this month"), choices=YES, method="filter_overdue")
    team = django_filters.ModelChoiceFilter(label=_("Team"), queryset=_teams)

    class Meta(ListFilterSet.Meta):
        model = Venue

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(owner_name__icontains=value)) if value else queryset

    def filter_license_status(self, queryset, name, value):
        return queryset.filter(license_status_condition(value))

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_this_month())


class MonthFilter(django_filters.CharFilter):
    """A month as yyyy-mm (the browser's month picker writes this form)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", 7)
        super().__init__(*args, **kwargs)
        self.extra["widget"] = forms.TextInput(attrs={"type": "month", "placeholder": "yyyy-mm"})

    def filter(self, queryset, value):
        if not value:
            return queryset
        month = parse_month(value, default=None) if value else None
        if month is None:
            return queryset.none()
        start, end = month_bounds(month)
        return queryset.filter(**{f"{self.field_name}__gte": start, f"{self.field_name}__lt": end})


class InspectionFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Venue"), field_name="venue__name", lookup_expr="icontains", max_length=100)
    month = MonthFilter(label=_("Month"), field_name="inspected_at")
    district = django_filters.ModelChoiceFilter(label=_("District"), field_name="venue__district", queryset=_districts)
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=InspectionOutcome.choices)
    purpose = django_filters.ChoiceFilter(label=_("Purpose"), choices=Purpose.choices)
    team = django_filters.ModelChoiceFilter(label=_("Team"), queryset=_teams)
    # Whole days in Asia/Jakarta, as a range on inspected_at (its index serves it).
    inspected = DateRangeFilter(label=_("Inspected between"), field_name="inspected_at")

    class Meta(ListFilterSet.Meta):
        model = Inspection


class LicenseFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    district = django_filters.ModelChoiceFilter(label=_("District"), field_name="venue__district", queryset=_districts)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=LicenseStatus.choices, method="filter_status")
    revoked = DateRangeFilter(label=_("Revoked between"), method="filter_revoked")

    class Meta(ListFilterSet.Meta):
        model = License

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(number__icontains=value) | Q(venue__name__icontains=value)) if value else queryset

    def filter_revoked(self, queryset, name, value):
        """Licences with a revocation taking effect in the range (from their status history)."""
        changes = LicenseStatusChange.objects.filter(license=OuterRef("pk"), to_status=LicenseStatus.REVOKED)
        if value.start is not None:
            changes = changes.filter(effective_on__gte=value.start)
        if value.stop is not None:
            changes = changes.filter(effective_on__lte=value.stop)
        return queryset.filter(Exists(changes))

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == LicenseStatus.ACTIVE:
            return queryset.filter(status=value).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        if value == LicenseStatus.EXPIRED:
            return queryset.filter(Q(status=value) | Q(status=LicenseStatus.ACTIVE, expires_on__lt=today))
        return queryset.filter(status=value)


class EnforcementFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Venue"), field_name="venue__name", lookup_expr="icontains", max_length=100)
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices)
    overdue = django_filters.ChoiceFilter(label=_("Reply overdue"), choices=YES, method="filter_overdue")
    district = django_filters.ModelChoiceFilter(label=_("District"), field_name="venue__district", queryset=_districts)
    month = MonthFilter(label=_("Month of the violation"), field_name="inspection__inspected_at")
    decision = django_filters.ChoiceFilter(label=_("Agency decision"), choices=Decision.choices)
    warned = DateRangeFilter(label=_("Warning sent between"), field_name="warned_on")
    reported = DateRangeFilter(label=_("Report sent between"), field_name="reported_on")
    replied = DateRangeFilter(label=_("Agency replied between"), field_name="replied_on")

    class Meta(ListFilterSet.Meta):
        model = EnforcementAction

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue()


def _decided_by_the_round(queryset, name, value):
    return queryset  # applied to the round's rows (venues.views.plan_export), not to the venues


class PlanFilter(ListFilterSet):
    """The plan page's choices, for its download: which month, and which state. Both are decided
    by venues.rounds.monthly_round() in Python, so they narrow the round's rows, not the venues."""

    month = django_filters.CharFilter(label=_("Month"), max_length=7, method=_decided_by_the_round)
    state = django_filters.CharFilter(label=_("State"), max_length=20, method=_decided_by_the_round)

    class Meta(ListFilterSet.Meta):
        model = Venue
