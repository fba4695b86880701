"""The applicant's forms: each carries the dossier version it was shown with and a one-time key
(`egov.dossiers.forms.OnceForm`), so a stale page is refused and a double click makes one move."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.dossiers.forms import MultipleFileField, OnceForm


class _DossierForm(OnceForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SupplementForm(_DossierForm):
    answer = forms.CharField(
        label=_("Your answer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Explain what you changed or send, if it helps the officer."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Named "files" as the dossier services name their errors (declared here: a class attribute of that
        # name would shadow the form's own uploaded files).
        self.fields["files"] = MultipleFileField(
            label=_("Papers asked for"),
            help_text=_("PDF, JPEG or PNG scans or photos, or office documents; up to 20 MB each."),
        )
        self.order_fields(["files", "answer"])


class WithdrawForm(_DossierForm):
    reason = forms.CharField(
        label=_("Why do you withdraw the dossier?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write why you withdraw the dossier.")},
    )
