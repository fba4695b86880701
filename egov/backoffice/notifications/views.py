"""Screens for the notification templates: the list, one template with its preview, and reset to default.

Administrators see them; only a province administrator saves or resets, always through
egov.backoffice.notifications.services. Works without JavaScript: "Preview" is a submit button.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from egov.accounts.http import AuthedRequest
from egov.backoffice.notifications import selectors, services
from egov.backoffice.notifications.forms import TemplateForm
from egov.backoffice.permissions import can_edit_notifications, can_view_notifications
from egov.channels.notifications.events import EVENTS, VARIABLES, Channel
from egov.core.forms import apply_error


def _require_viewer(request: AuthedRequest) -> None:
    if not can_view_notifications(request.user):
        raise PermissionDenied


def _require_editor(request: AuthedRequest) -> None:
    if not can_edit_notifications(request.user):
        raise PermissionDenied(_("Only a province administrator may change the notification templates."))


def _known(event: str, channel: str) -> None:
    if event not in EVENTS or channel not in Channel.values:
        raise Http404


@login_required
@require_safe
def template_list(request: AuthedRequest) -> HttpResponse:
    _require_viewer(request)
    context = {"events": selectors.overview(), "can_edit": can_edit_notifications(request.user)}
    return render(request, "backoffice/notifications/list.html", context)


@login_required
def template_edit(request: AuthedRequest, event: str, channel: str) -> HttpResponse:
    _known(event, channel)
    _require_viewer(request)
    editable = can_edit_notifications(request.user)
    if request.method == "POST":
        _require_editor(request)
    now = selectors.current(event, channel)
    initial = {"subject": now.subject, "body": now.body}
    form = TemplateForm(request.POST or None, initial=initial, channel=channel, editable=editable)
    shown = services.preview(event, channel, now.subject, now.body)
    if request.method == "POST" and form.is_valid():
        subject, body = form.cleaned_data.get("subject", ""), form.cleaned_data["body"]
        if request.POST.get("action") == "save":
            try:
                services.save_template(
                    actor=request.user, event=event, channel=channel, subject=subject, body=body
                )
            except ValidationError as exc:
                apply_error(form, exc)
            else:
                messages.success(request, _("The template was saved."))
                return redirect("core:notification_template", event=event, channel=channel)
        shown = services.preview(event, channel, subject, body)
        for name, error in (shown.errors or {}).items():
            if name in form.fields and not form.has_error(name):
                form.add_error(name, error)
    spec = EVENTS[event]
    context = {
        "form": form,
        "event": spec,
        "channel": channel,
        "channel_label": Channel(channel).label,
        "current": now,
        "preview": shown,
        "variables": [(name, VARIABLES[name]) for name in spec.variables],
        "can_edit": editable,
        "how_to": _(
            "Write the text as it should read; put a variable between double braces, for example "
            "{{ code }}. {%% if reason %%}…{%% endif %%} shows a part only when the variable is not empty."
        )
        % {},
    }
    return render(request, "backoffice/notifications/edit.html", context)


@login_required
def template_reset(request: AuthedRequest, event: str, channel: str) -> HttpResponse:
    _known(event, channel)
    _require_editor(request)
    if request.method == "POST":
        if services.reset_template(actor=request.user, event=event, channel=channel):
            messages.success(request, _("The shipped text is used again."))
        return redirect("core:notification_template", event=event, channel=channel)
    now = selectors.current(event, channel)
    return render(
        request,
        "backoffice/notifications/reset.html",
        {"event": EVENTS[event], "channel": channel, "channel_label": Channel(channel).label, "current": now},
    )
