"""The documents list, one document with its actions, its files, and every move's form."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from egov.backoffice import audit_labels
from egov.core import signing
from egov.core.forms import apply_error
from egov.core.querystring import without_page
from egov.documents import forms, outgoing, permissions, selectors, services, transitions
from egov.documents.models import Direction, Document, DocumentFile, Status
from egov.documents.rules import rules_for


def _guard(request: HttpRequest) -> None:
    if not permissions.may_read_any(request.user):
        raise PermissionDenied


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    _guard(request)
    direction = request.GET.get("huong", Direction.INCOMING)
    direction = direction if direction in Direction.values else Direction.INCOMING
    status = request.GET.get("trang-thai", "")
    status = status if status in Status.values else ""
    query = request.GET.get("q", "")[:100]
    overdue = request.GET.get("qua-han") == "1"
    order = request.GET.get("sap-xep", "")
    order = order if order in selectors.ORDERS else ""
    documents = selectors.documents_for(request.user, direction, query, status, overdue=overdue, order=order)
    page = Paginator(documents, 25).get_page(request.GET.get("page"))
    office = selectors.office_of(request.user)
    return render(
        request,
        "documents/list.html",
        {
            "page_obj": page,
            "direction": direction,
            "status": status,
            "query": query,
            "overdue": overdue,
            "order": order,
            "statuses": Status.choices,
            "office": office,
            "may_receive": office is not None and permissions.is_clerk(request.user, office),
            "may_draft": office is not None and permissions.may_draft(request.user, office),
            "may_read_registers": office is not None and permissions.may_read_registers(request.user, office),
            "year": timezone.localdate().year,
            "querystring_without_page": without_page(request),
        },
    )


def _document(request: HttpRequest, pk: int) -> Document:
    _guard(request)
    doc = selectors.document_for(request.user, pk)
    if doc is None:
        raise Http404
    return doc


ACTION_LABELS = {
    "register": _("Enter in the register"),
    "submit": _("Submit to a leader"),
    "instruct": _("Give the instruction"),
    "forward": _("Forward to a person"),
    "start": _("Start handling"),
    "complete": _("Complete"),
    "new_version": _("Upload a new version"),
    "comment": _("Comment"),
    "send_for_review": _("Send for review"),
    "send_back": _("Send back"),
    "approve": _("Approve"),
    "sign": _("Sign and number"),
    "issue": _("Issue"),
    "recall": _("Recall"),
    "replace": _("Replace with a new document"),
}


def _actions(doc: Document, user: Any) -> list[tuple[str, Any]]:
    names = transitions.allowed(doc, user)
    issued = doc.direction == Direction.OUTGOING and doc.status == Status.ISSUED
    if issued and permissions.may_draft(user, doc.agency):
        names.append("replace")
    return [(n, ACTION_LABELS[n]) for n in names if n in ACTION_LABELS]  # the exchange's moves have none


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document(request, pk)
    events = list(doc.events.select_related("actor"))
    for e in events:
        e.label = audit_labels.label_of(f"documents.{e.action}")  # type: ignore[attr-defined]
    return render(
        request,
        "documents/detail.html",
        {
            "doc": doc,
            "type_name": rules_for(timezone.localdate()).types.get(doc.doc_type, doc.doc_type),
            "actions": _actions(doc, request.user),
            "files": doc.files.all(),
            "events": events,
            "assignments": doc.assignments.select_related("unit", "person"),
            "comments": doc.comments.select_related("author"),
            "recipients": doc.recipients.select_related("agency", "delivered"),
            "deliveries": doc.deliveries.select_related("agency")
            if doc.direction == Direction.OUTGOING
            else [],
            "replies": list(doc.replies.all()) if doc.direction == Direction.INCOMING else [],
            "may_reply": doc.direction == Direction.INCOMING
            and permissions.may_draft(request.user, doc.agency)
            and selectors.office_of(request.user) == doc.agency,
        },
    )


@login_required
def download(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    doc = _document(request, pk)
    item = DocumentFile.objects.filter(document=doc, pk=file_id).first()
    if item is None:
        raise Http404
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.name, content_type=item.content_type
    )


def _form(action: str, doc: Document, data: Any = None, files: Any = None) -> Any:
    agency = doc.agency
    if action == "instruct":
        return forms.InstructForm(data, agency=agency)
    if action == "forward":
        return forms.PersonForm(data, agency=agency)
    if action in ("complete", "comment", "send_back", "recall"):
        return forms.TextForm(data)
    if action in ("new_version", "replace"):
        return forms.FileForm(data, files)
    if action == "send_for_review":
        return forms.ApproverForm(data, agency=agency)
    if action == "sign":
        return forms.SignForm(data, files)
    return forms.ConfirmForm(data)


def _run(action: str, doc: Document, user: Any, data: dict[str, Any]) -> Document:
    if action == "register":
        return services.register(doc, actor=user)
    if action == "submit":
        return services.submit(doc, actor=user)
    if action == "instruct":
        ins = services.Instruction(
            text=data["text"],
            lead_unit=data["lead_unit"],
            co_units=list(data["co_units"]),
            lead_person=data["lead_person"],
            due_on=data["due_on"],
        )
        return services.instruct(doc, actor=user, instruction=ins)
    if action == "forward":
        return services.forward(doc, actor=user, person=data["person"], note=data["note"])
    if action == "start":
        return services.start(doc, actor=user)
    if action == "complete":
        return services.complete(doc, actor=user, result=data["text"])
    if action == "new_version":
        return outgoing.new_version(doc, actor=user, main=data["main"])
    if action == "comment":
        return outgoing.comment(doc, actor=user, text=data["text"])
    if action == "send_for_review":
        return outgoing.send_for_review(doc, actor=user, approver=data["approver"])
    if action == "send_back":
        return outgoing.send_back(doc, actor=user, reason=data["text"])
    if action == "approve":
        return outgoing.approve(doc, actor=user)
    if action == "sign":
        try:
            key = signing.load_pkcs12(data["certificate"].read(), data["password"].encode())
        except signing.SigningError:
            raise ValidationError(_("The certificate cannot be opened with this password.")) from None
        return outgoing.sign(doc, actor=user, key=key, position=data["position"])
    if action == "issue":
        return outgoing.issue(doc, actor=user)
    if action == "recall":
        return outgoing.recall(doc, actor=user, reason=data["text"])
    if action == "replace":
        return outgoing.start_replacement(doc, actor=user, main=data["main"], summary=data["summary"])
    raise Http404


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    doc = _document(request, pk)
    if action not in ACTION_LABELS:
        raise Http404
    if action not in dict(_actions(doc, request.user)):
        raise PermissionDenied(_("You may not do this with this document now."))
    status = 200
    if request.method == "POST":
        form = _form(action, doc, request.POST, request.FILES)
        if form.is_valid():
            try:
                result = _run(action, doc, request.user, form.cleaned_data)
                return redirect("documents:detail", pk=result.pk)
            except (ValidationError, PermissionDenied) as error:
                apply_error(form, error)
        status = 400
    else:
        form = _form(action, doc)
    return render(
        request,
        "documents/action.html",
        {"doc": doc, "form": form, "action": action, "label": ACTION_LABELS[action]},
        status=status,
    )
