"""The clerk receives a document: its metadata typed from it, its file uploaded and its signatures read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from egov.accounts.http import AuthedRequest
from egov.core.forms import apply_error
from egov.documents import permissions, selectors, services
from egov.documents.forms import ReceiveForm


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def receive_view(request: AuthedRequest) -> HttpResponse:
    office = selectors.office_of(request.user)
    if office is None or not permissions.is_clerk(request.user, office):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = ReceiveForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            meta = services.Metadata(
                doc_type=data["doc_type"],
                issuer_name=data["issuer_name"],
                number_symbol=data["number_symbol"],
                issued_on=data["issued_on"],
                summary=data["summary"],
                signer_name=data["signer_name"],
                signer_position=data["signer_position"],
                urgency=data["urgency"],
                confidentiality=data["confidentiality"],
                due_on=data["due_on"],
                pages=data["pages"],
            )
            extra = [data["attachment"]] if data["attachment"] else []
            try:
                doc = services.receive(
                    actor=request.user, agency=office, meta=meta, main=data["main"], attachments=extra
                )
                return redirect("documents:detail", pk=doc.pk)
            except (ValidationError, PermissionDenied) as error:
                apply_error(form, error)
        status = 400
    else:
        form = ReceiveForm()
    return render(request, "documents/receive.html", {"form": form, "office": office}, status=status)
