"""The template form: the rules (known variables, SMS length) are the service's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300, required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), required=False)

    def __init__(self, *args: Any, channel: str, editable: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if channel != "email":
            del self.fields["subject"]
            self.fields["body"].widget.attrs["rows"] = 4
        if not editable:
            for field in self.fields.values():
                field.disabled = True
