"""The form of the linked group's own question: which optional procedures to file too."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class PartsForm(forms.Form):
    parts = forms.TypedMultipleChoiceField(
        label=_("Which of these do you also want to file?"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick what applies to you; you may tick none."),
    )

    def __init__(self, *args: Any, optional: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["parts"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(p.position, p.procedure.name) for p in optional]
