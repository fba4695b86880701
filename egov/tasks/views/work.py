"""Assigning a task, one task with its history and files, and every move's form."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from egov.accounts.http import AuthedRequest
from egov.backoffice import audit_labels
from egov.core.forms import apply_error
from egov.documents.selectors import document_for, office_of
from egov.tasks import forms, permissions, selectors, services, transitions
from egov.tasks.models import Task, TaskFile
from egov.tasks.views.lists import guard

ACTION_LABELS = {
    "report": _("Report progress"),
    "request_extension": _("Ask for more time"),
    "grant_extension": _("Grant the extension"),
    "refuse_extension": _("Refuse the extension"),
    "complete": _("Report done"),
    "confirm": _("Confirm done"),
    "send_back": _("Return"),
}

FORMS: dict[str, Any] = {
    "report": forms.ReportForm,
    "request_extension": forms.ExtensionForm,
    "grant_extension": forms.GrantForm,
    "refuse_extension": forms.ReasonForm,
    "complete": forms.CompleteForm,
    "confirm": forms.NoteForm,
    "send_back": forms.ReasonForm,
}


def _source_document(request: AuthedRequest) -> Any:
    pk = request.GET.get("van-ban", "") or request.POST.get("document", "")
    if not (pk.isdigit() and len(pk) < 10):
        return None
    doc = document_for(request.user, int(pk))
    if doc is None:
        raise Http404
    return doc


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assign_view(request: AuthedRequest) -> HttpResponse:
    """A new task; `?van-ban=<pk>` starts it from a document, prefilled from the leader's instruction."""
    guard(request)
    office = office_of(request.user)
    if office is None or not permissions.may_assign(request.user, office):
        raise PermissionDenied(_("Only a leader of the agency assigns tasks."))
    doc = _source_document(request)
    status = 200
    if request.method == "POST":
        form = forms.AssignForm(request.POST, agency=office)
        if form.is_valid():
            data = form.cleaned_data
            spec = services.Assignment(
                title=data["title"],
                description=data["description"],
                meeting=data["meeting"],
                lead_unit=data["lead_unit"],
                co_units=list(data["co_units"]),
                people=list(data["people"]),
                due_on=data["due_on"],
                document=doc,
            )
            try:
                task = services.assign(actor=request.user, agency=office, task=spec)
                return redirect("tasks:detail", pk=task.pk)
            except (ValidationError, PermissionDenied) as error:
                apply_error(form, error)
        status = 400
    else:
        form = forms.AssignForm(initial=_initial(doc), agency=office)
    return render(request, "tasks/assign.html", {"form": form, "doc": doc, "office": office}, status=status)


def _initial(doc: Any) -> dict[str, Any]:
    if doc is None:
        return {}
    initial: dict[str, Any] = {"title": doc.summary[:300], "due_on": doc.due_on}
    for a in doc.assignments.filter(completed_at__isnull=True):
        if a.part == "lead":
            initial.update(lead_unit=a.unit_id, description=a.instruction, due_on=a.due_on or doc.due_on)
            initial["people"] = [a.person_id] if a.person_id else []
        else:
            initial.setdefault("co_units", []).append(a.unit_id)
    return initial


def _task(request: AuthedRequest, pk: int) -> Task:
    guard(request)
    task = selectors.task_for(request.user, pk)
    if task is None:
        raise Http404
    return task


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    events = list(task.events.prefetch_related("files"))
    for e in events:
        e.label = audit_labels.label_of(f"tasks.{e.action}")  # type: ignore[attr-defined]
    actions = [(n, ACTION_LABELS[n]) for n in transitions.allowed(task, request.user)]
    return render(
        request,
        "tasks/detail.html",
        {
            "task": task,
            "actions": actions,
            "events": events,
            "co_units": task.co_units.all(),
            "people": task.people.all(),
            "document_readable": task.document_id is not None
            and document_for(request.user, task.document_id) is not None,
        },
    )


@login_required
def download(request: AuthedRequest, pk: int, file_id: int) -> FileResponse:
    task = _task(request, pk)
    item = TaskFile.objects.filter(task=task, pk=file_id).first()
    if item is None:
        raise Http404
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.name, content_type=item.content_type
    )


def _run(action: str, task: Task, user: Any, data: dict[str, Any]) -> Task:
    text = data.get("text", "")
    if action == "report":
        files = data["attachments"]
        return services.report(task, actor=user, progress=data["progress"], text=text, attachments=files)
    if action == "request_extension":
        return services.request_extension(task, actor=user, due_on=data["due_on"], reason=text)
    if action == "grant_extension":
        return services.grant_extension(task, actor=user, due_on=data["due_on"], note=text)
    if action == "refuse_extension":
        return services.refuse_extension(task, actor=user, reason=text)
    if action == "complete":
        return services.complete(task, actor=user, text=text, attachments=data["attachments"])
    if action == "confirm":
        return services.confirm(task, actor=user, note=text)
    return services.send_back(task, actor=user, reason=text)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    task = _task(request, pk)
    if action not in ACTION_LABELS:
        raise Http404
    if action not in transitions.allowed(task, request.user):
        raise PermissionDenied(_("You may not do this with this task now."))
    status = 200
    if request.method == "POST":
        form = FORMS[action](request.POST, request.FILES)
        if form.is_valid():
            try:
                result = _run(action, task, request.user, form.cleaned_data)
                return redirect("tasks:detail", pk=result.pk)
            except (ValidationError, PermissionDenied) as error:
                apply_error(form, error)
        status = 400
    else:
        form = FORMS[action]()
    return render(
        request,
        "tasks/action.html",
        {"task": task, "form": form, "action": action, "label": ACTION_LABELS[action]},
        status=status,
    )
