from itertools import groupby

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.models import Regency

# Day first, as typed here: 05-06-1990, 5-6-1990 (strptime takes one digit
# too), 05/06/1990, 05061990 on a phone's number pad; and 1990-06-05, which a
# browser's own date picker posts.
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d%m%Y", "%Y-%m-%d"]


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
    """A text box for dd-mm-yyyy, which static/js/app.js turns into the
    phone's own date picker on a touch screen (`data-native-date`). Not on a
    desktop: there the browser's picker follows the browser's locale and shows
    month-first dates in an English Chrome."""

    def __init__(self, attrs: dict | None = None, *, native_picker: bool = True) -> None:
        defaults = {"placeholder": _("dd-mm-yyyy"), "inputmode": "numeric", "autocomplete": "off"}
        if native_picker:
            defaults["data-native-date"] = ""
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d-%m-%Y")


class DateField(forms.DateField):
    """A date typed the Indonesian way, day first.

    `native_picker=False` for dates far back (a birth date): typing 05061990
    beats scrolling a picker back thirty years.
    """

    widget = DateInput

    def __init__(self, *, native_picker: bool = True, **kwargs) -> None:
        if "label" in kwargs:  # as Django does for labels taken from model fields
            kwargs["label"] = capfirst(kwargs["label"])
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("help_text", _("Day-month-year, e.g. 17-08-2026."))
        kwargs.setdefault("widget", DateInput(native_picker=native_picker))
        super().__init__(**kwargs)


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


class TodayByDefault:
    """A ModelForm mixin: the dates in `today_fields` start at today when the
    record has none yet (a field's own `initial` loses to the instance's empty
    value in a ModelForm)."""

    today_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.today_fields:
            if not self.initial.get(name):
                self.initial[name] = timezone.localdate()


class RegencyChoiceIterator(ModelChoiceIterator):
    """The regencies grouped by province, in <optgroup>s: a phone scrolls to
    the province; static/js/region-select.js adds search by typing."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        regencies = self.queryset.select_related("province").order_by("province__name", "name")
        for province, group in groupby(regencies, key=lambda regency: regency.province):
            yield (province.name, [self.choice(regency) for regency in group])


class RegencyChoiceField(forms.ModelChoiceField):
    """A regency or city (origin, destination, an agency's region), chosen from
    all 514 by province or by typing part of its name."""

    iterator = RegencyChoiceIterator

    def __init__(self, queryset=None, **kwargs) -> None:
        kwargs.setdefault("empty_label", _("Choose a regency or city"))
        super().__init__(queryset if queryset is not None else Regency.objects.all(), **kwargs)
        self.widget.attrs.update({"data-region-select": "", "data-no-results": _("No regency or city of that name.")})
