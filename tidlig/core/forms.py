import datetime as dt

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from . import limits


def _check(problem: str | None) -> None:
    if problem:
        raise ValidationError(problem)


def no_bad_text(value: str) -> None:
    """Django's CharField already refuses NUL; a lone surrogate (only possible through crafted input) too."""
    _check(limits.text_problem(value))


def valid_phone(value: str) -> None:
    _check(limits.phone_problem(value))


def valid_day(value: dt.date) -> None:
    _check(limits.date_problem(value))


def valid_moment(value: dt.datetime) -> None:
    _check(limits.moment_problem(value))


def phone_field(field: forms.CharField) -> forms.CharField:
    field.validators.append(valid_phone)
    return field


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields, or above the form when no field matches."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def needed_when(field: forms.Field, condition) -> forms.Field:
    """A field the service requires in one case only: the label says when (`condition`, e.g. "ved
    drøftelse med navn"), never "(frivilligt)"; the service writes the message when it is missing."""
    field.required_when = condition
    return field


def requirement_note(field: forms.Field) -> str:
    """What a field's label says about filling it in, by one rule for every form (issue 10): nothing when
    it must be filled in (required, or `needed` by the service), the case when only then (`needed_when`),
    otherwise "frivilligt". A hint that says "Kun ved …" belongs to a `needed_when` field."""
    if field.required or getattr(field, "required_in_practice", False):
        return ""
    if condition := getattr(field, "required_when", None):
        return str(condition)
    return str(_("frivilligt"))


class TidligBoundField(forms.BoundField):
    @property
    def requirement_note(self) -> str:
        return requirement_note(self.field)


class TidligForm(forms.Form):
    """A form whose widgets carry DKFDS classes and point to their hint and error texts."""

    bound_field_class = TidligBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            self.limit(field)
            w = field.widget
            if isinstance(w, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.HiddenInput):
                continue
            if isinstance(w, forms.Select):
                w.attrs.setdefault("class", "form-select")
            elif isinstance(w, forms.ClearableFileInput):
                w.attrs.setdefault("class", "form-file-input")
            else:
                w.attrs.setdefault("class", "form-input")

    @staticmethod
    def limit(field: forms.Field) -> None:
        """The same limits as the API's schemas (core.schemas): text has a maximum length (TEXT_MAX where the
        form names none) and no lone surrogates; dates and times lie in a range a caseworker expects, so
        year 1 is refused in Danish instead of stored or overflowing. OWASP ASVS 4.0 V5.1.3–4."""
        if isinstance(field, forms.CharField):
            if field.max_length is None:
                field.max_length = limits.TEXT_MAX
                field.validators.append(MaxLengthValidator(limits.TEXT_MAX))
                if not field.widget.is_hidden:
                    field.widget.attrs.setdefault("maxlength", str(limits.TEXT_MAX))
            if isinstance(field, forms.EmailField) and field.max_length > limits.EMAIL_MAX:
                field.max_length = limits.EMAIL_MAX
                field.validators.append(MaxLengthValidator(limits.EMAIL_MAX))
                field.widget.attrs["maxlength"] = str(limits.EMAIL_MAX)
            field.validators.append(no_bad_text)
        elif isinstance(field, forms.DateTimeField):
            field.validators.append(valid_moment)
        elif isinstance(field, forms.DateField):
            field.validators.append(valid_day)

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors:
            # The service would name an empty required-in-practice field, but it is not asked while
            # another field is wrong: say it now, so nothing waits for a second submit.
            for name, field in self.fields.items():
                message = getattr(field, "needed_message", None)
                if message and name not in self._errors and not self.cleaned_data.get(name):
                    self.add_error(name, str(message))
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                field_id = f"id_{self.add_prefix(name)}"
                hint = f"{field_id}_helptext " if self.fields[name].help_text else ""
                attrs["aria-describedby"] = f"{hint}{field_id}-error"


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-input"


def submit(request, form: forms.Form, perform, success: str):
    """The one way a page runs a form through a service: validate, call `perform(cleaned_data)`, and on
    success add the message and return what perform returned (True if it returned nothing); otherwise put
    the service's Danish errors on the form and return None, so the page is shown again with them."""
    from django.contrib import messages

    if not form.is_valid():
        return None
    try:
        result = perform(form.cleaned_data)
    except ValidationError as e:
        apply_errors(form, e)
        return None
    messages.success(request, success)
    return True if result is None else result


# Field helpers every app's forms use (dates in Danish, text areas, yes/no, "required in practice").

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"]


def date_field(label, *, required: bool = True, help_text=None, **kwargs) -> forms.DateField:
    """A Danish date (dd.mm.åååå) in a plain text input, as everywhere else in Tidlig."""
    field = forms.DateField(
        label=label,
        required=required,
        help_text=help_text if help_text is not None else _("Fx 14.04.2025."),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(
            format="%d.%m.%Y",
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "form-input input-width-s"},
        ),
        error_messages={
            "invalid": _("Skriv datoen som dd.mm.åååå, fx 14.04.2025."),
            "required": _("Skriv datoen."),
        },
        **kwargs,
    )
    return field


def textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def yes_no_field(label, *, yes, no, required: bool = False, help_text="") -> forms.TypedChoiceField:
    """Yes/no as two radio buttons (DKFDS has no single-checkbox field in Tidlig's field template)."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("1", yes), ("0", no)],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


def needed(field: forms.Field, message=None) -> forms.Field:
    """A field the service requires: not marked "(frivilligt)", but the service writes the message.

    With `message` (the service's own words) an empty field is also named when another field stops the
    form before the service is asked, so every problem is said in one round (TidligForm.full_clean)."""
    field.required_in_practice = True
    field.needed_message = message
    return field


def time_field(label, *, required: bool = True) -> forms.TimeField:
    """A time of day (tt:mm) in a short text input (the network and course meeting forms)."""
    return forms.TimeField(
        label=label,
        required=required,
        help_text=_("Fx 13:30."),
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "form-input input-width-xs"}),
        error_messages={
            "invalid": _("Skriv klokkeslættet som tt:mm, fx 13:30."),
            "required": _("Skriv klokkeslættet."),
        },
    )
