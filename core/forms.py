from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"]


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's Indonesian catalog repeats the field label in this message.
        "invalid_login": _("Wrong username or password. Both are case-sensitive."),
    }
    username = forms.CharField(
        label=_("Username"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )


class DateInput(forms.DateInput):
    """A text box for dd-mm-yyyy: the browser's own date picker would follow
    the device locale and show month-first dates on English phones."""

    def __init__(self, attrs: dict | None = None) -> None:
        defaults = {"placeholder": _("dd-mm-yyyy"), "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d-%m-%Y")


class DateField(forms.DateField):
    """A date typed the Indonesian way, day first."""

    widget = DateInput

    def __init__(self, **kwargs) -> None:
        if "label" in kwargs:  # as Django does for labels taken from model fields
            kwargs["label"] = capfirst(kwargs["label"])
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("help_text", _("Day-month-year, e.g. 17-08-2026."))
        super().__init__(**kwargs)


class VersionedForm(forms.ModelForm):
    """Carries the version the user loaded, for optimistic locking on save (core.locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    @property
    def loaded_version(self) -> int:
        return self.cleaned_data.get("version") or self.instance.version
