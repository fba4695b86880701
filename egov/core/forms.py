"""Small helpers shared by every app's screens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from egov.core.validators import normalise_phone, validate_phone


class PhoneField(forms.CharField):
    """A Vietnamese phone number, one rule everywhere (`core.validators.validate_phone`): citizens online,
    the counter, staff accounts, feedback. Kept as the national form, "0912345678" (SMS goes there)."""

    default_validators = [validate_phone]
    widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        return normalise_phone(text) if text else text


def apply_error(form: Any, error: ValidationError | PermissionDenied) -> None:
    """Show a service's refusal on the form: on its field when the service named one, else on top."""
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error))
    elif hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
