"""Trainees: enrollment, their list, a trainee's record, sessions and attendance,
unmet need and livelihood follow-ups."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import FormView

from core.audit import log_access
from core.lists.views import FilteredExportView, FilteredListView
from core.locking import ConcurrentEditError
from trainings import services
from trainings.access import (
    can_manage,
    get_cohort_for_user,
    get_enrollment_for_user,
    get_livelihood_for_user,
    get_session_for_user,
)
from trainings.exports import attendance_columns, enrollment_columns, unmet_need_columns
from trainings.filters import AttendanceFilter, EnrollmentFilter, LivelihoodFilter, UnmetNeedFilter
from trainings.forms import AttendanceForm, DropForm, EnrollForm, LivelihoodForm, SessionForm, UnmetNeedForm
from trainings.lists import (
    ATTENDANCE_COLUMNS,
    ENROLLMENT_COLUMNS,
    LIVELIHOOD_COLUMNS,
    LIVELIHOOD_ROW_FIELDS,
    UNMET_NEED_COLUMNS,
    rupiah,
)
from trainings.models import Attendance, Enrollment, EnrollmentStatus, LivelihoodFollowUp, Session, UnmetNeed


class TrainingFormView(FormView):
    """A form whose success is a service call; a refused call shows its reason and writes nothing."""

    template_name = "trainings/form.html"
    title = ""
    success_message = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, back=self.back_url(), **kwargs)

    def back_url(self) -> str:
        return ""

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            target = self.save(form)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else _("You may not do this."))
            return self.form_invalid(form)
        except ConcurrentEditError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(target)


class EnrollView(TrainingFormView):
    form_class = EnrollForm
    title = gettext_lazy("Enroll a participant")
    success_message = gettext_lazy("Participant enrolled.")

    def dispatch(self, request, *args, **kwargs):
        self.cohort = get_cohort_for_user(request.user, kwargs["pk"])
        if not request.user.has_perm("trainings.add_enrollment"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        return self.cohort.get_absolute_url()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "cohort": self.cohort}

    def save(self, form):
        services.enrollment_add(
            actor=self.request.user, cohort=self.cohort, participant=form.cleaned_data["participant"]
        )
        return self.cohort


class EnrollmentQuerysetMixin:
    filterset_class = EnrollmentFilter
    sort_options = {
        "newest": (gettext_lazy("Newest first"), ["-id"]),
        "oldest": (gettext_lazy("Oldest first"), ["id"]),
    }
    default_sort = "newest"

    def get_queryset(self):
        return Enrollment.objects.visible_to(self.request.user)


class EnrollmentListView(PermissionRequiredMixin, EnrollmentQuerysetMixin, FilteredListView):
    permission_required = "trainings.view_enrollment"
    template_name = "trainings/enrollment_list.html"
    title = gettext_lazy("Trainees")
    export_url_name, export_permission = "trainings:enrollment-export", "trainings.export_trainings"
    columns = ENROLLMENT_COLUMNS  # which also say what the list's query loads


class EnrollmentExportView(PermissionRequiredMixin, EnrollmentQuerysetMixin, FilteredExportView):
    permission_required = "trainings.export_trainings"
    filename = "trainees.csv"

    def columns(self):
        return enrollment_columns(self.request.user)


@require_safe
def enrollment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = get_enrollment_for_user(request.user, pk)
    log_access(request, enrollment, "view")
    cohort = enrollment.cohort
    context = {
        "enrollment": enrollment,
        "cohort": cohort,
        "share": services.attendance_shares(cohort).get(enrollment.pk),
        "attendance": enrollment.attendance.select_related("session").order_by("session__held_on"),
        "handouts": enrollment.handouts.select_related("item").order_by("handed_out_on", "id"),
        "livelihood": enrollment.livelihood_follow_ups.all(),
        "needs": enrollment.participant.unmet_needs.filter(cohort=cohort),
        "can_manage": can_manage(request.user),
        "drop_form": DropForm(initial={"version": enrollment.version}),
    }
    return render(request, "trainings/enrollment_detail.html", context)


@require_POST
def enrollment_drop(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = get_enrollment_for_user(request.user, pk, write=True)
    form = DropForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for dropping out."))
        return redirect(enrollment)
    try:
        services.enrollment_drop(
            actor=request.user,
            enrollment=enrollment,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"] or enrollment.version,
        )
    except ConcurrentEditError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as dropped out."))
    return redirect(enrollment)


class SessionCreateView(TrainingFormView):
    form_class = SessionForm
    title = gettext_lazy("Add a session")
    success_message = gettext_lazy("Session added.")

    def dispatch(self, request, *args, **kwargs):
        self.cohort = get_cohort_for_user(request.user, kwargs["pk"], write=True)
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        return self.cohort.get_absolute_url()

    def form_valid(self, form):
        if Session.objects.filter(
            cohort=self.cohort, held_on=form.cleaned_data["held_on"], starts_at=form.cleaned_data["starts_at"]
        ).exists():
            form.add_error("held_on", _("This cohort already has a session at that date and time."))
            return self.form_invalid(form)
        return super().form_valid(form)

    def save(self, form):
        session = form.save(commit=False)
        session.cohort = self.cohort
        services.session_add(actor=self.request.user, session=session)
        return session


def attendance_grid(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone's attendance at one session in one form: big buttons for a thumb on a phone."""
    session = get_session_for_user(request.user, pk, write=True)
    enrollments = list(
        session.cohort.enrollments.exclude(status=EnrollmentStatus.DROPPED_OUT)
        .select_related("participant")
        .order_by("participant__full_name", "id")
    )
    current = dict(session.attendance.values_list("enrollment_id", "status"))
    form = AttendanceForm(request.POST or None, enrollments=enrollments, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.attendance_record(actor=request.user, session=session, marks=form.marks())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Attendance saved for %(count)d trainees.") % {"count": count})
            return redirect(session.cohort)
    return render(request, "trainings/attendance_form.html", {"session": session, "form": form})


class AttendanceQuerysetMixin:
    filterset_class = AttendanceFilter
    sort_options = {
        "newest": (gettext_lazy("Newest first"), ["-session__held_on", "-id"]),
        "oldest": (gettext_lazy("Oldest first"), ["session__held_on", "id"]),
    }
    default_sort = "newest"

    def get_queryset(self):
        return Attendance.objects.visible_to(self.request.user)


class AttendanceListView(PermissionRequiredMixin, AttendanceQuerysetMixin, FilteredListView):
    permission_required = "trainings.view_attendance"
    template_name = "trainings/attendance_list.html"
    title = gettext_lazy("Attendance")
    export_url_name, export_permission = "trainings:attendance-export", "trainings.export_trainings"
    columns = ATTENDANCE_COLUMNS  # which also say what the list's query loads


class AttendanceExportView(PermissionRequiredMixin, AttendanceQuerysetMixin, FilteredExportView):
    permission_required = "trainings.export_trainings"
    filename = "attendance.csv"

    def columns(self):
        return attendance_columns(self.request.user)


class UnmetNeedQuerysetMixin:
    filterset_class = UnmetNeedFilter
    sort_options = {
        "newest": (gettext_lazy("Newest first"), ["-recorded_on", "-id"]),
        "oldest": (gettext_lazy("Oldest first"), ["recorded_on", "id"]),
        "amount": (gettext_lazy("Largest amount first"), ["-amount", "-id"]),
    }
    default_sort = "newest"

    def get_queryset(self):
        return UnmetNeed.objects.visible_to(self.request.user)


class UnmetNeedListView(PermissionRequiredMixin, UnmetNeedQuerysetMixin, FilteredListView):
    permission_required = "trainings.view_unmetneed"
    template_name = "trainings/unmetneed_list.html"
    title = gettext_lazy("Unmet needs")
    create_url_name, create_permission = "trainings:unmet-need-create", "trainings.add_unmetneed"
    create_label = gettext_lazy("Record an unmet need")
    export_url_name, export_permission = "trainings:unmet-need-export", "trainings.export_trainings"
    columns = UNMET_NEED_COLUMNS  # which also say what the list's query loads

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # What the filtered needs add up to (every page, not this page's rows): one aggregate query.
        totals = self.filtered_queryset(context["filter"]).aggregate(total=Sum("amount", default=0), count=Count("pk"))
        return {**context, "total_amount": rupiah(totals["total"]), "total_count": totals["count"]}


class UnmetNeedExportView(PermissionRequiredMixin, UnmetNeedQuerysetMixin, FilteredExportView):
    permission_required = "trainings.export_trainings"
    filename = "unmet-needs.csv"

    def columns(self):
        return unmet_need_columns(self.request.user)


class UnmetNeedCreateView(PermissionRequiredMixin, TrainingFormView):
    permission_required = "trainings.add_unmetneed"
    form_class = UnmetNeedForm
    title = gettext_lazy("Record an unmet need")
    success_message = gettext_lazy("Unmet need recorded.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        cohort = self.request.GET.get("cohort", "")
        return {"cohort": int(cohort)} if cohort.isdigit() and len(cohort) < 10 else {}

    def save(self, form):
        need = services.unmet_need_record(actor=self.request.user, need=form.save(commit=False))
        return need.cohort or "trainings:unmet-need-list"


class LivelihoodListView(PermissionRequiredMixin, FilteredListView):
    permission_required = "trainings.view_livelihoodfollowup"
    template_name = "trainings/livelihood_list.html"
    title = gettext_lazy("Livelihood follow-ups")
    columns = LIVELIHOOD_COLUMNS
    row_fields = LIVELIHOOD_ROW_FIELDS
    sort_options = {"due": (gettext_lazy("Due first"), ["due_on", "id"])}
    default_sort = "due"
    filterset_class = LivelihoodFilter

    def get_queryset(self):
        return LivelihoodFollowUp.objects.visible_to(self.request.user)

    def row_css(self, follow_up) -> str:
        return "table-danger" if follow_up.is_overdue else ""


class LivelihoodRecordView(TrainingFormView):
    form_class = LivelihoodForm
    title = gettext_lazy("Livelihood follow-up")
    success_message = gettext_lazy("Livelihood follow-up recorded.")

    def dispatch(self, request, *args, **kwargs):
        self.follow_up = get_livelihood_for_user(request.user, kwargs["pk"], write=True)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.follow_up}

    def get_initial(self):
        return {"done_on": self.follow_up.done_on or timezone.localdate()}

    def back_url(self) -> str:
        return self.follow_up.enrollment.get_absolute_url()

    def get_context_data(self, **kwargs):
        enrollment = self.follow_up.enrollment
        subtitle = _("%(code)s · %(name)s, %(months)d months after %(cohort)s") % {
            "code": enrollment.participant.code,
            "name": enrollment.participant.full_name,
            "months": self.follow_up.months_after,
            "cohort": enrollment.cohort.name,
        }
        return super().get_context_data(subtitle=subtitle, **kwargs)

    def save(self, form):
        services.livelihood_record(actor=self.request.user, follow_up=form.save(commit=False))
        return self.follow_up.enrollment
