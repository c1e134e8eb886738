import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Sex
from core.files import validate_scan
from core.forms import DateField, VersionedForm
from core.models import District, Village
from venues.models import Decision, Inspection, InspectionOutcome, InspectionTeam, License, Venue, teams_of

PALANGKA_RAYA = "62.71"
DATETIME_INPUT_FORMATS = ["%d-%m-%Y %H.%M", "%d-%m-%Y %H:%M", "%d/%m/%Y %H.%M", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M"]


class VenueForm(VersionedForm):
    private_rooms_dismantled_on = DateField(label=_("private rooms dismantled on (declared)"), required=False)

    class Meta:
        model = Venue
        fields = [
            "name",
            "kind",
            "address",
            "district",
            "village",
            "owner_name",
            "owner_phone",
            "manager_name",
            "manager_phone",
            "latitude",
            "longitude",
            "booth_count",
            "private_rooms_dismantled_on",
            "team",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(regency_id=PALANGKA_RAYA)
        self.fields["village"].queryset = Village.objects.filter(district__regency_id=PALANGKA_RAYA)
        self.fields["team"].queryset = InspectionTeam.objects.filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        district, village = cleaned.get("district"), cleaned.get("village")
        if district and village and village.district_id != district.pk:
            self.add_error("village", _("This village is not in the chosen district."))
        return cleaned


class LicenseForm(forms.ModelForm):
    issued_on = DateField(label=_("issued on"))
    expires_on = DateField(label=_("expires on"), required=False)

    class Meta:
        model = License
        fields = ["number", "issuing_agency", "kind", "issued_on", "expires_on"]

    def clean(self):
        cleaned = super().clean()
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", _("A licence cannot expire before it is issued."))
        if issued and issued > timezone.localdate():
            self.add_error("issued_on", _("This date is in the future."))
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Photos taken on the phone during the visit (camera or gallery), several at once."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf", "capture": "environment"})

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > 10:
            raise forms.ValidationError(_("At most 10 files per inspection."))
        cleaned = [single(file, initial) for file in files]
        for file in cleaned:
            validate_scan(file)
        return cleaned


class InspectionForm(forms.ModelForm):
    inspected_at = forms.DateTimeField(
        label=_("Date and time"),
        input_formats=DATETIME_INPUT_FORMATS,
        help_text=_("Day-month-year hour.minute, e.g. 17-08-2026 21.30 (WIB)."),
        widget=forms.DateTimeInput(format="%d-%m-%Y %H.%M", attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    photos = EvidenceField(label=_("Photos and documents"), required=False)

    class Meta:
        model = Inspection
        fields = [
            "inspected_at",
            "team",
            "purpose",
            "venue_operating",
            "private_rooms_present",
            "prostitution_signs",
            "minors_present",
            "opening_hours_kept",
            "license_displayed",
            "other_findings",
            "findings",
            "outcome",
        ]
        widgets = {"findings": forms.Textarea(attrs={"rows": 4}), "outcome": forms.RadioSelect}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        teams = InspectionTeam.objects.filter(is_active=True)
        if not user.has_perm("venues.view_all_venues"):
            teams = teams & teams_of(user)
        self.fields["team"].queryset = teams
        self.fields["outcome"].choices = InspectionOutcome.choices  # radio buttons: no blank choice
        self.fields["outcome"].initial = InspectionOutcome.COMPLIANT
        self.fields["inspected_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean_inspected_at(self):
        value = self.cleaned_data["inspected_at"]
        if value > timezone.now() + datetime.timedelta(minutes=5):
            raise forms.ValidationError(_("This date is in the future."))
        if value.year < 2000:
            raise forms.ValidationError(_("Enter a date after 2000."))
        return value

    def clean(self):
        cleaned = super().clean()
        serious = [cleaned.get(name) for name in ("prostitution_signs", "minors_present", "private_rooms_present")]
        if any(serious) and cleaned.get("outcome") == "compliant":
            self.add_error(
                "outcome",
                _("Prostitution, minors or private rooms found: the outcome is a violation."),
            )
        return cleaned


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WarningForm(StepForm):
    warned_on = DateField(label=_("warning sent on"))
    warning_number = forms.CharField(label=_("warning letter number"), max_length=100)


class ReportForm(StepForm):
    reported_on = DateField(label=_("report sent on"))
    report_number = forms.CharField(label=_("report letter number"), max_length=100)


class DecisionForm(StepForm):
    replied_on = DateField(label=_("agency replied on"))
    decision = forms.ChoiceField(label=_("agency decision"), choices=Decision.choices)
    decree_number = forms.CharField(label=_("decree number"), max_length=100, required=False)
    effective_on = DateField(label=_("effective on"), required=False)
    note = forms.CharField(label=_("note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(StepForm):
    note = forms.CharField(label=_("reason for closing"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(forms.Form):
    venue = forms.IntegerField(widget=forms.HiddenInput)
    team = forms.ModelChoiceField(label=_("team"), queryset=InspectionTeam.objects.none())
    planned_on = DateField(label=_("planned date"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = InspectionTeam.objects.filter(is_active=True)


class ReferPersonForm(forms.Form):
    full_name = forms.CharField(label=_("full name or the name she gave"), max_length=150)
    sex = forms.ChoiceField(label=_("sex"), choices=Sex.choices, initial=Sex.FEMALE)
    estimated_age = forms.IntegerField(label=_("estimated age"), min_value=10, max_value=99, required=False)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    note = forms.CharField(
        label=_("what help she needs"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_full_name(self):
        value = " ".join(self.cleaned_data["full_name"].split())
        if not value:
            raise forms.ValidationError(_("This field is required."))
        return value

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        digits = "".join(ch for ch in value if ch.isascii() and ch.isdigit())
        if value and not (10 <= len(digits) <= 14):
            raise forms.ValidationError(_("Enter a phone number such as 0812-3456-7890."))
        return value
