"""What every filing page shares: the draft of the request, the error summary's links, where to go next."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from egov.accounts.http import AuthedRequest
from egov.citizens.access import citizen_required
from egov.citizens.selectors import organisations_of
from egov.filing import journey, permissions, selectors
from egov.filing.models import Draft


def filer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Every filing page: a citizen account (`citizen_required`) that may file now. An account whose email
    and phone are not verified gets a page (403) sending it to verify; its drafts are kept as they are."""

    @citizen_required
    @wraps(view)
    def guarded(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.may_file(request.user):
            return render(request, "filing/verify_first.html", status=403)
        return view(request, *args, **kwargs)

    return guarded


def draft_for(request: AuthedRequest, pk: int) -> Draft:
    """The request's draft: the signed-in citizen's own, or 404."""
    return selectors.draft_of(request.user, pk)


def from_check(request: AuthedRequest) -> bool:
    """Whether the citizen came from the check page's "Change" link (then they go back to it)."""
    return request.GET.get("from") == "check"


def error_links(*parts: Any) -> list[tuple[str, str]]:
    """(field id, message) for the error summary at the top of a page, in the page's order, for Django
    forms and formsets (a repeated group of the online form). Each message names its field ("Năm sinh: …")
    unless it already does, so the summary alone says where to go (GOV.UK's error summary)."""
    links: list[tuple[str, str]] = []
    for part in parts:
        if part is None:
            continue
        if isinstance(part, forms.BaseFormSet):
            prefix = part.prefix
            for message in part.non_form_errors():
                links.append((f"group-{prefix}", str(message)))
            for form in part.forms:
                links.extend(error_links(form))
            continue
        for message in part.non_field_errors():
            links.append(("errors", message))
        for name, errors in part.errors.items():
            if name == "__all__" or name not in part.fields:
                continue
            bound = part[name]
            widget = bound.field.widget
            anchor = bound.id_for_label
            if isinstance(widget, forms.RadioSelect):
                anchor = f"{bound.auto_id}_0"
            label = str(bound.label or "")
            for message in errors:
                named = message if not label or label.lower() in message.lower() else f"{label}: {message}"
                links.append((anchor or name, named))
    return links


def add_errors(form: forms.Form, error: ValidationError, field: str | None = None) -> None:
    """A service's refusal shown on the form: under its field when it names one. The form may be unbound
    (a paper page's "continue" with no file chosen): it then shows only the service's message."""
    if not form.is_bound and not hasattr(form, "cleaned_data"):
        form.full_clean()  # an unbound form's errors start empty
        form.cleaned_data = {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        form.add_error(field, error.messages)


def saved_later(request: AuthedRequest) -> HttpResponse:
    """The "Save and come back later" button: the step is saved; the drafts list says so."""
    messages.success(request, _("Your application is saved. You can come back to it from any device."))
    return redirect("filing:drafts")


def go_on(request: AuthedRequest, draft: Draft, steps: list[journey.Step], key: str) -> HttpResponse:
    if "later" in request.POST:
        return saved_later(request)
    return redirect(journey.after(draft, steps, key, back_to_check=from_check(request)))


def previous_url(draft: Draft, steps: list[journey.Step], key: str) -> str:
    """The back link: the step before, or the start page before the first one."""
    from django.urls import reverse

    keys = [s.key for s in steps]
    if key in keys and keys.index(key) > 0:
        return steps[keys.index(key) - 1].url()
    if key == "check" and steps:
        return steps[-1].url()
    return reverse("filing:start", args=(draft.procedure.code,))


def organisations_to_file_for(request: AuthedRequest, draft: Draft) -> list[Any]:
    """The organisations the citizen may file this procedure for: none, and the "who files" question answers
    itself and is never shown."""
    if not selectors.files_for_organisations(draft.procedure):
        return []
    return list(organisations_of(request.user))


def step_context(draft: Draft, steps: list[journey.Step], key: str, request: AuthedRequest) -> dict[str, Any]:
    # Count the pages the citizen sees: the "who files" question answered by itself is not one of them.
    shown = [s for s in steps if s.key != journey.WHO or organisations_to_file_for(request, draft)]
    keys = [s.key for s in shown]
    return {
        "draft": draft,
        "procedure": draft.procedure,
        "back_url": reverse_check(draft) if from_check(request) else previous_url(draft, shown, key),
        "step_number": keys.index(key) + 1 if key in keys else len(keys),
        "step_total": len(keys),
        "query": "?from=check" if from_check(request) else "",
    }


def reverse_check(draft: Draft) -> str:
    from django.urls import reverse

    return reverse("filing:check", args=(draft.pk,))
