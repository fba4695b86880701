"""The feedback app's forms. They check the shape of what is typed; the services decide the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.core.forms import PhoneField
from egov.feedback.criteria import CriteriaSet, Level
from egov.feedback.models import Topic
from egov.organizations.models import Agency

NO_NUL = {"null_characters_not_allowed": _("Remove the unusual characters from this text.")}


class RatingForm(forms.Form):
    """One choice of level per content of the criteria set, and a comment."""

    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=NO_NUL,
    )

    def __init__(self, *args: Any, criteria: CriteriaSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria.criteria:
            choices: list[tuple[str, Any]] = [(str(level.value), level.label) for level in reversed(Level)]
            if criterion.optional:
                choices.append(("", _("Does not apply")))
            self.fields[f"c_{criterion.key}"] = forms.ChoiceField(
                label=str(criterion.label),
                choices=choices,
                required=not criterion.optional,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a level for this content.")},
            )
        self.order_fields([*(f"c_{c.key}" for c in criteria.criteria), "comment"])

    def levels(self) -> dict[str, int]:
        return {
            c.key: int(self.cleaned_data[f"c_{c.key}"])
            for c in self.criteria.criteria
            if self.cleaned_data.get(f"c_{c.key}")
        }


class FeedbackForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("Your feedback is about"), choices=Topic.choices, widget=forms.RadioSelect
    )
    code = forms.CharField(
        label=_("Dossier code or procedure code"),
        required=False,
        max_length=64,
        help_text=_(
            "For a dossier, the code printed on your receipt; for a procedure, its code in the catalogue."
        ),
        error_messages=NO_NUL,
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.filter(is_active=True).order_by("path"),
        required=False,
        help_text=_(
            "Needed for feedback about an agency, or about a procedure that several agencies carry out."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200, error_messages=NO_NUL)
    content = forms.CharField(
        label=_("Your feedback"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=NO_NUL,
    )
    name = forms.CharField(label=_("Your name"), required=False, max_length=200, error_messages=NO_NUL)
    phone = PhoneField(label=_("Phone"), required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    #: Left empty by people (it is hidden from them); a program that fills every field fills it.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args: Any, citizen: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if citizen:  # the account's details are the contact
            for name in ("name", "phone", "email"):
                del self.fields[name]
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class AssignForm(forms.Form):
    assignee: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Give to"), queryset=None)

    def __init__(self, *args: Any, handlers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            get_user_model().objects.filter(pk__in=[u.pk for u in handlers]).order_by("full_name")
        )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}), error_messages=NO_NUL
    )


class PublishForm(forms.Form):
    public_content = forms.CharField(
        label=_("Feedback as published"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Remove names, numbers, addresses and anything else that identifies a person."),
        error_messages=NO_NUL,
    )
