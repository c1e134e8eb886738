import datetime

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cases.identity import clean_kk, clean_nik, nik_warnings
from cases.models import (
    Arrangement,
    Case,
    CaseStatus,
    Commitment,
    Consent,
    FollowUp,
    HomeReturn,
    Participant,
    Referral,
    TravelMode,
)
from core.files import validate_scan
from core.forms import DateField
from core.models import Regency, User
from core.roles import Role


class VersionedForm(forms.ModelForm):
    """Carries the version the user loaded, for optimistic locking on save."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    @property
    def loaded_version(self) -> int:
        return self.cleaned_data.get("version") or self.instance.version

    @property
    def changed_fields(self) -> list[str]:
        """The model fields this form changed (what the save writes); never the version."""
        model_fields = {field.name for field in self._meta.model._meta.concrete_fields} - {"version"}
        return [name for name in self.changed_data if name in model_fields]


def not_in_future(value: datetime.date | None) -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))


class WarningsMixin:
    """Warnings that do not block saving but must be seen first: the user
    ticks "confirm" and submits again."""

    confirm = forms.BooleanField(label=_("I have checked the warnings above and want to save anyway."), required=False)

    def check_warnings(self, warnings: list[str]) -> None:
        self.warnings = warnings
        if warnings and not self.cleaned_data.get("confirm"):
            raise forms.ValidationError(_("Please check the warnings and tick the confirmation to save."))


class ParticipantForm(WarningsMixin, VersionedForm):
    birth_date = DateField(label=_("date of birth"), required=False, validators=[not_in_future])
    # Longer than 16: people type the numbers with spaces and dots, removed in clean_*.
    nik = forms.CharField(label=_("NIK"), max_length=30, required=False)
    kk_number = forms.CharField(label=capfirst(_("family card number")), max_length=30, required=False)
    confirm = WarningsMixin.confirm

    class Meta:
        model = Participant
        fields = [
            "full_name",
            "alias",
            "sex",
            "birth_place",
            "birth_date",
            "estimated_age",
            "nik",
            "kk_number",
            "phone",
            "origin_regency",
            "address",
            "welfare_category",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.warnings: list[str] = []
        self.fields["origin_regency"].queryset = Regency.objects.order_by("name")
        self.fields["nik"].help_text = _("16 digits; optional. Spaces and dots are removed.")
        self.fields["phone"].help_text = _("e.g. 0812-3456-7890")

    def clean_nik(self) -> str | None:
        raw = self.cleaned_data.get("nik")
        return clean_nik(raw) if raw else None

    def clean_kk_number(self) -> str:
        raw = self.cleaned_data.get("kk_number")
        return clean_kk(raw) if raw else ""

    def clean(self):
        cleaned = super().clean()
        age = cleaned.get("estimated_age")
        if age is not None and not 10 <= age <= 100:
            self.add_error("estimated_age", _("An estimated age must be between 10 and 100."))
        if self.errors:
            return cleaned
        warnings = []
        if cleaned.get("nik"):
            warnings += nik_warnings(cleaned["nik"], sex=cleaned.get("sex", ""), birth_date=cleaned.get("birth_date"))
        if cleaned.get("full_name") and cleaned.get("birth_date"):
            twins = Participant.objects.filter(
                full_name__iexact=cleaned["full_name"].strip(), birth_date=cleaned["birth_date"]
            ).exclude(pk=self.instance.pk)
            for twin in twins[:3]:
                warnings.append(
                    _("Possible duplicate: %(code)s has the same name and date of birth.") % {"code": twin.code}
                )
        self.check_warnings(warnings)
        return cleaned


class CaseForm(forms.ModelForm):
    opened_on = DateField(label=_("opened on"), validators=[not_in_future], initial=timezone.localdate)

    class Meta:
        model = Case
        fields = ["participant", "opened_on", "source", "priority", "caseworker", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user: User, participants, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants
        caseworkers = User.objects.filter(groups__name=Role.CASEWORKER.value, is_active=True)
        if user.has_perm("cases.view_all_cases"):
            self.fields["caseworker"].queryset = caseworkers
        else:
            # A caseworker opens cases for herself; supervisors assign.
            self.fields["caseworker"].queryset = User.objects.filter(pk=user.pk)
            self.fields["caseworker"].initial = user.pk
            self.fields["caseworker"].disabled = True

    def clean_participant(self):
        participant = self.cleaned_data["participant"]
        # The service checks again under a lock (two tabs); this is the early, friendly answer.
        if open_case := Case.objects.filter(participant=participant).exclude(status=CaseStatus.CLOSED).first():
            raise forms.ValidationError(open_case_error(open_case), code="open_case_exists")
        return participant


def open_case_error(case: Case) -> SafeString:
    """The refusal of a second open case, with a link to the one to continue in."""
    return format_html(
        '{} <a href="{}">{}</a>',
        _("%(participant)s already has an open case: continue in it rather than open another.")
        % {"participant": case.participant.code},
        case.get_absolute_url(),
        _("Open case %(number)s") % {"number": case.number},
    )


class CaseEditForm(VersionedForm):
    class Meta:
        model = Case
        fields = ["source", "priority", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class ClosureRequestForm(forms.Form):
    reason = forms.CharField(label=_("reason for closing"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("reason for reopening"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReassignForm(forms.Form):
    caseworker = forms.ModelChoiceField(label=_("caseworker"), queryset=User.objects.none())
    reason = forms.CharField(
        label=_("reason"), required=False, max_length=500, help_text=_("Shown on the case's timeline.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = User.objects.filter(groups__name=Role.CASEWORKER.value, is_active=True)


class HomeReturnForm(forms.ModelForm):
    planned_departure_on = DateField(label=_("planned departure"), required=False)
    departed_on = DateField(label=_("actual departure"), required=False, validators=[not_in_future])
    arrived_on = DateField(label=_("arrival confirmed on"), required=False, validators=[not_in_future])

    class Meta:
        model = HomeReturn
        fields = [
            "arrangement",
            "declined_reason",
            "destination_regency",
            "destination_address",
            "travel_mode",
            "planned_departure_on",
            "departed_on",
            "arrived_on",
            "arrival_confirmed_how",
        ]
        widgets = {
            "arrangement": forms.RadioSelect,
            "travel_mode": forms.RadioSelect,
            "declined_reason": forms.Textarea(attrs={"rows": 2}),
            "destination_address": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["destination_regency"].queryset = Regency.objects.order_by("name")
        # Radio buttons need no "select an option" entry.
        self.fields["arrangement"].choices = Arrangement.choices
        self.fields["travel_mode"].choices = TravelMode.choices

    def clean(self):
        cleaned = super().clean()
        departed, arrived = cleaned.get("departed_on"), cleaned.get("arrived_on")
        if arrived and not departed:
            self.add_error("departed_on", _("Record the departure before the arrival."))
        elif arrived and departed and arrived < departed:
            self.add_error("arrived_on", _("The arrival cannot be before the departure."))
        if cleaned.get("arrangement") == Arrangement.SELF_FUNDED and not cleaned.get("declined_reason", "").strip():
            self.add_error("declined_reason", _("Say why the office's help was declined."))
        if arrived and not cleaned.get("arrival_confirmed_how", "").strip():
            self.add_error("arrival_confirmed_how", _("Say how the arrival was confirmed."))
        return cleaned


class ScanFormMixin:
    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan and hasattr(scan, "content_type"):  # a new upload, not the stored file
            validate_scan(scan)
        return scan


class CommitmentForm(ScanFormMixin, forms.ModelForm):
    signed_on = DateField(label=_("signed on"), validators=[not_in_future])

    class Meta:
        model = Commitment
        fields = ["kind", "signed_on", "witness", "scan"]
        widgets = {"scan": forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})}
        help_texts = {"scan": _("PDF, JPEG or PNG, at most 5 MB.")}


class FollowUpScheduleForm(forms.ModelForm):
    due_on = DateField(label=_("due on"))

    class Meta:
        model = FollowUp
        fields = ["due_on"]


class FollowUpRecordForm(forms.ModelForm):
    done_on = DateField(label=_("contact made on"), validators=[not_in_future])
    next_due_on = DateField(label=_("next contact due"), required=False)

    class Meta:
        model = FollowUp
        fields = ["done_on", "channel", "outcome", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].required = True
        self.fields["outcome"].required = True
        self.initial.setdefault("done_on", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        done, following = cleaned.get("done_on"), cleaned.get("next_due_on")
        if done and following and following <= done:
            self.add_error("next_due_on", _("The next contact must come after this one."))
        return cleaned


class ReferralForm(forms.ModelForm):
    sent_on = DateField(label=_("sent on"), validators=[not_in_future])

    class Meta:
        model = Referral
        fields = [
            "agency",
            "agency_name",
            "agency_regency",
            "reason",
            "sent_on",
            "shares_personal_data",
            "consent_override_reason",
        ]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 3}),
            "consent_override_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "consent_override_reason": _(
                "Only when the participant has not consented to sharing: a supervisor records why it is needed."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency_regency"].queryset = Regency.objects.order_by("name")
        self.initial.setdefault("sent_on", timezone.localdate())


class ReferralUpdateForm(forms.ModelForm):
    class Meta:
        model = Referral
        fields = ["status", "reply"]
        widgets = {"reply": forms.Textarea(attrs={"rows": 3})}


class ConsentForm(ScanFormMixin, forms.ModelForm):
    given_on = DateField(label=_("given on"), validators=[not_in_future])

    class Meta:
        model = Consent
        fields = ["purpose", "text_version", "given_on", "scan"]
        widgets = {"scan": forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})}


class ConsentWithdrawForm(forms.ModelForm):
    withdrawn_on = DateField(label=_("withdrawn on"), validators=[not_in_future])

    class Meta:
        model = Consent
        fields = ["withdrawn_on", "withdrawal_note"]

    def clean_withdrawn_on(self):
        withdrawn = self.cleaned_data["withdrawn_on"]
        if withdrawn < self.instance.given_on:
            raise forms.ValidationError(_("A consent cannot be withdrawn before it was given."))
        return withdrawn
