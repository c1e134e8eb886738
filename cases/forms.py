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
from core.forms import DateField, RegencyChoiceField, TodayByDefault, VersionedForm
from core.models import User
from core.roles import Role


def not_in_future(value: datetime.date | None) -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))


class WarningsMixin:
    """Warnings that do not block saving but must be seen first: the user
    ticks "confirm" and submits again."""

    confirm = forms.BooleanField(label=_("I have checked the warnings above and want to save anyway."), required=False)

    def hide_confirm_until_warned(self) -> None:
        """The "I have checked the warnings" box shows only next to warnings (call in __init__)."""
        self.fields["confirm"].widget = forms.HiddenInput()

    def check_warnings(self, warnings: list[str]) -> None:
        self.warnings = warnings
        if warnings:
            self.fields["confirm"].widget = forms.CheckboxInput()
        if warnings and not self.cleaned_data.get("confirm"):
            raise forms.ValidationError(_("Please check the warnings and tick the confirmation to save."))


class ParticipantForm(WarningsMixin, VersionedForm):
    birth_date = DateField(label=_("date of birth"), required=False, validators=[not_in_future], native_picker=False)
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
        field_classes = {"origin_regency": RegencyChoiceField}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.warnings: list[str] = []
        self.hide_confirm_until_warned()
        self.fields["nik"].help_text = _("16 digits; optional. Spaces and dots are removed.")
        self.fields["phone"].help_text = _("e.g. 0812-3456-7890")

    def clean_nik(self) -> str | None:
        raw = self.cleaned_data.get("nik")
        nik = clean_nik(raw) if raw else None
        if nik and Participant.objects.filter(nik=nik).exclude(pk=self.instance.pk).exists():
            # Another caseworker's participant may hold it: say what to do, show nothing of hers.
            raise forms.ValidationError(
                _(
                    "This NIK is already registered. If the participant is not in your list, another "
                    "caseworker registered her: ask a supervisor to check the record."
                ),
                code="unique",
            )
        return nik

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


class CaseForm(TodayByDefault, forms.ModelForm):
    today_fields = ("opened_on",)
    opened_on = DateField(label=_("opened on"), validators=[not_in_future])

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
        field_classes = {"destination_regency": RegencyChoiceField}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
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


class CommitmentForm(TodayByDefault, ScanFormMixin, forms.ModelForm):
    today_fields = ("signed_on",)
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


class FollowUpRecordForm(TodayByDefault, forms.ModelForm):
    today_fields = ("done_on",)
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

    def clean(self):
        cleaned = super().clean()
        done, following = cleaned.get("done_on"), cleaned.get("next_due_on")
        if done and following and following <= done:
            self.add_error("next_due_on", _("The next contact must come after this one."))
        return cleaned


class ReferralForm(TodayByDefault, forms.ModelForm):
    today_fields = ("sent_on",)
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
        field_classes = {"agency_regency": RegencyChoiceField}
        help_texts = {
            "consent_override_reason": _(
                "Only when the participant has not consented to sharing: a supervisor records why it is needed."
            ),
        }

    def __init__(self, *args, user: User, consented: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial["shares_personal_data"] = False  # sharing is a choice, never the default
        may_override = user.has_perm("cases.override_consent")
        if consented or not may_override:
            del self.fields["consent_override_reason"]  # she never sees a field she may not use
        if consented:
            self.fields["shares_personal_data"].help_text = _(
                "The participant has consented to sharing her data with the origin region's social office."
            )
        elif may_override:
            self.fields["shares_personal_data"].help_text = _(
                "The participant has not consented: sharing her data needs your reason below."
            )
        else:
            # Without her consent a caseworker sends the referral without identity, and may ask
            # a supervisor to share it (the request lands on the supervisors' home page).
            del self.fields["shares_personal_data"]
            self.instance.shares_personal_data = False
            self.without_consent_note = _(
                "The participant has not consented to sharing her data, so this referral goes without her "
                "identity. Record her consent first, or ask a supervisor to approve sharing it."
            )
            self.fields["identity"] = forms.ChoiceField(
                label=capfirst(_("her identity")),
                choices=self.IDENTITY_CHOICES,
                initial="without",
                required=False,  # left out, the referral goes without identity
                widget=forms.RadioSelect,
            )
            self.fields["sharing_request_reason"] = forms.CharField(
                label=capfirst(_("why the agency needs her identity")),
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Only when you ask a supervisor: she reads it before deciding."),
            )

    IDENTITY_CHOICES = [
        ("without", _("Send without her identity")),
        ("ask", _("Send without her identity and ask a supervisor to approve sharing it")),
    ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("identity") == "ask" and not cleaned.get("sharing_request_reason", "").strip():
            self.add_error("sharing_request_reason", _("Give the reason why the agency needs her identity."))
        return cleaned

    @property
    def sharing_request_reason(self) -> str:
        """What to ask a supervisor, or "" when she sends the referral without identity."""
        if self.cleaned_data.get("identity") != "ask":
            return ""
        return self.cleaned_data["sharing_request_reason"]


class SharingRequestForm(forms.Form):
    """A caseworker's request to a supervisor to share the identity of a participant who has not
    consented, for a referral sent without it (again after a refusal, if the need remains)."""

    reason = forms.CharField(
        label=capfirst(_("why the agency needs her identity")),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A supervisor reads it before deciding."),
    )


class SharingDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=capfirst(_("decision")),
        choices=[("grant", _("Share her identity")), ("refuse", _("Do not share her identity"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=capfirst(_("reason for your decision")),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown on the referral and on the case's timeline."),
    )


class ReferralUpdateForm(forms.ModelForm):
    class Meta:
        model = Referral
        fields = ["status", "reply"]
        widgets = {"reply": forms.Textarea(attrs={"rows": 3})}


class ConsentForm(TodayByDefault, ScanFormMixin, forms.ModelForm):
    today_fields = ("given_on",)
    given_on = DateField(label=_("given on"), validators=[not_in_future])

    class Meta:
        model = Consent
        fields = ["purpose", "text_version", "given_on", "scan"]
        widgets = {"scan": forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})}


class ConsentWithdrawForm(TodayByDefault, forms.ModelForm):
    today_fields = ("withdrawn_on",)
    withdrawn_on = DateField(label=_("withdrawn on"), validators=[not_in_future])

    class Meta:
        model = Consent
        fields = ["withdrawn_on", "withdrawal_note"]

    def clean_withdrawn_on(self):
        withdrawn = self.cleaned_data["withdrawn_on"]
        if withdrawn < self.instance.given_on:
            raise forms.ValidationError(_("A consent cannot be withdrawn before it was given."))
        return withdrawn
