from django import forms
from django.core import validators
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cases.forms import VersionedForm, not_in_future
from cases.models import Case, CaseStatus, Participant
from core.files import validate_scan
from core.forms import DateField
from core.models import User
from core.roles import Role
from trainings.models import (
    AttendanceStatus,
    BudgetLine,
    Cohort,
    Enrollment,
    EquipmentItem,
    Handout,
    LivelihoodFollowUp,
    Session,
    StockReceipt,
    UnmetNeed,
)
from trainings.services import KIT_MAX_QUANTITY


class CohortForm(VersionedForm):
    """A cohort, and its kit: how many of each catalogue item every completer receives (0: none)."""

    starts_on = DateField(label=_("starts on"))
    ends_on = DateField(label=_("ends on"))

    class Meta:
        model = Cohort
        fields = [
            "program",
            "name",
            "starts_on",
            "ends_on",
            "place",
            "capacity",
            "min_attendance_percent",
            "facilitators",
            "partner_staff",
            "coordinator",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = User.objects.filter(groups__name=Role.COORDINATOR.value)
        self.fields["min_attendance_percent"].max_value = 100
        self.fields["min_attendance_percent"].validators.append(validators.MaxValueValidator(100))
        self.fields["capacity"].validators.append(validators.MinValueValidator(1))
        stored = {line.item_id: line.quantity for line in self.instance.kit.all()} if self.instance.pk else {}
        self.kit_items: list[tuple[EquipmentItem, str]] = []
        for item in EquipmentItem.objects.order_by("name"):  # the catalogue: a handful of items
            name = f"kit_{item.pk}"
            self.fields[name] = forms.IntegerField(
                label=f"{item.name} ({item.unit})",
                min_value=0,
                max_value=KIT_MAX_QUANTITY,
                required=False,
                initial=stored.get(item.pk, 0),
            )
            self.kit_items.append((item, name))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The cohort cannot end before it starts."))
        return data

    def main_fields(self) -> list:
        return [self[name] for name in self.fields if not name.startswith("kit_")]

    def kit_fields(self) -> list:
        return [self[name] for _item, name in self.kit_items]

    def kit(self) -> list[tuple[EquipmentItem, int]]:
        """(item, quantity) of every item the completers receive."""
        return [(item, self.cleaned_data[name]) for item, name in self.kit_items if self.cleaned_data.get(name)]


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["description", "amount", "funding_source"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].validators.append(validators.MinValueValidator(0))


class BaseBudgetFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        # Django checks a stored row's id against every budget line, not this cohort's: an id that is not
        # one of this cohort's lines (forged, or removed since the page was loaded) would become a new line.
        for form in self.forms[: self.initial_form_count()]:
            if form.instance.pk is None or form.instance.cohort_id != self.instance.pk:
                raise forms.ValidationError(
                    _("A budget line on this page is not one of this cohort's (any more): reload the page.")
                )


# The cohort form's training costs: its stored lines, two empty rows to add, a box to remove a line.
BudgetFormSet = forms.inlineformset_factory(
    Cohort,
    BudgetLine,
    form=BudgetLineForm,
    formset=BaseBudgetFormSet,
    extra=2,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


def budget_lines(formset) -> list[BudgetLine]:
    """The lines a valid budget formset keeps (removed and untouched empty rows left out), for the service."""
    return [
        form.instance
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE") and (form.instance.pk or form.has_changed())
    ]


def enrollable_participants(user: User, cohort: Cohort):
    """Participants with an open case, not yet in the cohort; a caseworker's own only."""
    open_case = Case.objects.filter(participant=OuterRef("pk"), archived_at__isnull=True).exclude(
        status=CaseStatus.CLOSED
    )
    participants = Participant.objects.all() if user.has_perm("trainings.manage_trainings") else None
    if participants is None:
        participants = Participant.objects.visible_to(user)
    return (
        participants.filter(Exists(open_case))
        .exclude(enrollments__cohort=cohort)
        .only("pk", "code", "full_name")
        .order_by("full_name", "id")
    )


class ParticipantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} · {obj.full_name}"


class EnrollForm(forms.Form):
    participant = ParticipantChoiceField(label=_("Participant"), queryset=Participant.objects.none())

    def __init__(self, *args, user: User, cohort: Cohort, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = enrollable_participants(user, cohort)


class SessionForm(forms.ModelForm):
    held_on = DateField(label=_("date"))

    class Meta:
        model = Session
        fields = ["held_on", "starts_at", "topic"]


class AttendanceForm(forms.Form):
    """One row of three big buttons per trainee: present, absent, excused."""

    def __init__(self, *args, enrollments: list[Enrollment], current: dict[int, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.trainees = []
        for enrollment in enrollments:
            name = f"mark_{enrollment.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"{enrollment.participant.code} · {enrollment.participant.full_name}",
                choices=AttendanceStatus.choices,
                initial=current.get(enrollment.pk, AttendanceStatus.PRESENT),
                widget=forms.RadioSelect,
            )
            self.trainees.append((enrollment, name))

    def rows(self):
        return [(enrollment, self[name]) for enrollment, name in self.trainees]

    def marks(self) -> dict[int, str]:
        return {enrollment.pk: self.cleaned_data[name] for enrollment, name in self.trainees}


class DropForm(forms.Form):
    reason = forms.CharField(label=_("reason for dropping out"), max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StockReceiptForm(forms.ModelForm):
    received_on = DateField(label=_("received on"))
    scan = forms.FileField(label=_("document scan"), required=False, validators=[validate_scan])

    class Meta:
        model = StockReceipt
        fields = ["item", "received_on", "quantity", "unit_cost", "source", "scan"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quantity"].validators.append(validators.MinValueValidator(1))
        self.fields["quantity"].validators.append(validators.MaxValueValidator(100_000))


class TraineeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.participant.code} · {obj.participant.full_name} ({obj.cohort.name})"


class HandoutForm(forms.ModelForm):
    enrollment = TraineeChoiceField(label=_("Trainee"), queryset=Enrollment.objects.none())
    handed_out_on = DateField(label=_("date"))
    receipt_scan = forms.FileField(label=_("signed receipt scan"), required=False, validators=[validate_scan])

    class Meta:
        model = Handout
        fields = ["enrollment", "item", "quantity", "serial_number", "handed_out_on", "receipt_scan", "note"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enrollment"].queryset = Enrollment.objects.select_related("participant", "cohort").order_by(
            "-cohort__starts_on", "participant__full_name"
        )
        self.fields["quantity"].validators.append(validators.MinValueValidator(1))
        self.fields["quantity"].validators.append(validators.MaxValueValidator(1000))

    def clean(self):
        data = super().clean()
        if data.get("enrollment"):
            self.instance.participant = data["enrollment"].participant
        item = data.get("item")
        if item and item.has_serial_numbers and not data.get("serial_number"):
            self.add_error("serial_number", _("This item has serial numbers: write the unit's number."))
        return data


class ReturnForm(forms.Form):
    quantity = forms.IntegerField(label=_("quantity"), min_value=1, max_value=1000)
    note = forms.CharField(label=_("reason"), max_length=300)


class KitHandOutForm(forms.Form):
    handed_out_on = DateField(label=_("date"))

    def __init__(self, *args, pending, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.serial_fields = []
        for enrollment, line in pending:
            if line.item.has_serial_numbers and line.quantity == 1:
                name = f"serial_{enrollment.pk}_{line.item_id}"
                self.fields[name] = forms.CharField(
                    label=f"{enrollment.participant.code} · {line.item.name}: {_('serial number')}",
                    max_length=60,
                    required=False,
                )
                self.serial_fields.append((enrollment.pk, line.item_id, name))

    def serials(self) -> dict[tuple[int, int], str]:
        return {(e, i): self.cleaned_data[name].strip() for e, i, name in self.serial_fields if self.cleaned_data[name]}


class UnmetNeedForm(forms.ModelForm):
    participant = ParticipantChoiceField(label=_("Participant"), queryset=Participant.objects.none())

    class Meta:
        model = UnmetNeed
        fields = ["participant", "cohort", "kind", "amount", "reason"]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        trainees = Participant.objects.filter(enrollments__isnull=False).distinct()
        if not user.has_perm("trainings.view_all_trainees"):
            trainees = trainees.filter(pk__in=Participant.objects.visible_to(user).values("pk"))
        self.fields["participant"].queryset = trainees.only("pk", "code", "full_name").order_by("full_name", "id")
        self.fields["amount"].validators.append(validators.MinValueValidator(0))


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class LivelihoodForm(forms.ModelForm):
    done_on = DateField(label=_("done on"), validators=[not_in_future])
    earns = forms.ChoiceField(label=_("earns from the skill"), choices=YES_NO, widget=forms.RadioSelect)
    has_equipment = forms.ChoiceField(label=_("still has the equipment"), choices=YES_NO, widget=forms.RadioSelect)

    class Meta:
        model = LivelihoodFollowUp
        fields = ["done_on", "monthly_income", "notes"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["monthly_income"].validators.append(validators.MinValueValidator(0))

    def save(self, commit: bool = True):
        self.instance.earns_from_skill = self.cleaned_data["earns"] == "yes"
        self.instance.still_has_equipment = self.cleaned_data["has_equipment"] == "yes"
        return super().save(commit=commit)
