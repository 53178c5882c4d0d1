from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError


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


class TidligForm(forms.Form):
    """A form whose widgets carry DKFDS classes and point to their hint and error texts."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.HiddenInput):
                continue
            if isinstance(w, forms.Select):
                w.attrs.setdefault("class", "form-select")
            elif isinstance(w, forms.ClearableFileInput):
                w.attrs.setdefault("class", "form-file-input")
            else:
                w.attrs.setdefault("class", "form-input")

    def full_clean(self):
        super().full_clean()
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
