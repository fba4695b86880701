"""The records screens: the year's file list, a new file, one file with its documents (link, unlink, close)
and its export for the archive (PDF, XML). Pages work without JavaScript."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.core.audit import Actor
from egov.core.forms import apply_error
from egov.documents import search
from egov.documents import selectors as document_selectors
from egov.documents.models import Document
from egov.records import export, permissions, selectors, services
from egov.records.forms import FileForm, FindDocumentForm
from egov.records.models import RecordFile


def _actor(request: HttpRequest) -> Actor:
    # accounts.User satisfies Actor at run time; mypy reads its read-only is_authenticated as a mismatch.
    return cast(Actor, request.user)


def _guard(request: HttpRequest) -> None:
    if not permissions.may_read_any(request.user):
        raise PermissionDenied


def _file(request: HttpRequest, pk: int) -> RecordFile:
    _guard(request)
    record_file = selectors.file_for(request.user, pk)
    if record_file is None:
        raise Http404
    return record_file


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("nam", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 9999 else timezone.localdate().year


@login_required
def file_list(request: HttpRequest) -> HttpResponse:
    _guard(request)
    year = _year(request)
    office = document_selectors.office_of(request.user)
    return render(
        request,
        "records/list.html",
        {
            "year": year,
            "files": selectors.files_for(request.user, year),
            "office": office,
            "may_create": office is not None and permissions.may_create(request.user, office),
        },
    )


@login_required
def new_file(request: HttpRequest) -> HttpResponse:
    _guard(request)
    office = document_selectors.office_of(request.user)
    if office is None or not permissions.may_create(request.user, office):
        raise PermissionDenied
    form = FileForm(request.POST or None, agency=office)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        line = services.FileLine(
            year=d["year"],
            code=d["code"],
            title=d["title"],
            keeper=d["keeper"],
            retention_years=d["retention_years"],
            heading=d["heading"],
            rights=d["rights"],
            description=d["description"],
        )
        try:
            record_file = services.create_file(actor=_actor(request), agency=office, line=line)
        except (ValidationError, PermissionDenied) as exc:
            apply_error(form, exc)
        else:
            return redirect("records:detail", pk=record_file.pk)
    return render(request, "records/form.html", {"form": form, "office": office})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    record_file = _file(request, pk)
    may_change = permissions.may_change(request.user, record_file)
    find = FindDocumentForm(request.GET if "q" in request.GET else None)
    candidates: list[Document] = []
    if may_change and find.is_bound and find.is_valid():
        candidates = search.search(
            request.user, search.Criteria(text=find.cleaned_data["q"]), limit=10
        ).documents
    entries = selectors.entries(record_file)
    linked = {e.document_id for e in entries}
    return render(
        request,
        "records/detail.html",
        {
            "file": record_file,
            "entries": entries,
            "retention": export.retention(record_file),
            "may_change": may_change,
            "find": find,
            "candidates": [d for d in candidates if d.pk not in linked],
        },
    )


def _document(request: HttpRequest) -> Document:
    raw = request.POST.get("document", "")
    doc = Document.objects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 12 else None
    if doc is None:
        raise Http404
    return doc


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    record_file = _file(request, pk)
    try:
        if action == "them":
            services.add_document(actor=_actor(request), record_file=record_file, document=_document(request))
            messages.success(request, _("The document is linked into the file."))
        elif action == "bo":
            services.remove_document(
                actor=_actor(request), record_file=record_file, document=_document(request)
            )
            messages.success(request, _("The document is taken out of the file."))
        elif action == "dong":
            services.close_file(actor=_actor(request), record_file=record_file)
            messages.success(request, _("The file is closed."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("records:detail", pk=record_file.pk)


EXPORTS = {
    "pdf": (export.pdf_bytes, "application/pdf"),
    "xml": (export.xml_bytes, "application/xml; charset=utf-8"),
}


@login_required
def export_view(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The file for the archive: the PDF (cover, contents, the documents) or the XML of its metadata."""
    record_file = _file(request, pk)
    if fmt not in EXPORTS:
        raise Http404
    build, content_type = EXPORTS[fmt]
    response = HttpResponse(build(record_file), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="ho-so-{record_file.year}-{record_file.pk}.{fmt}"'
    )
    return response
