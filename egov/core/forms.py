"""Small helpers shared by every app's screens."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError


def apply_error(form: Any, error: ValidationError | PermissionDenied) -> None:
    """Show a service's refusal on the form: on its field when the service named one, else on top."""
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error))
    elif hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
