"""Import and export of the whole catalogue (province administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from egov.procedures import permissions
from egov.procedures.catalogue_io import export, importer, xlsx_write
from egov.procedures.forms import ImportForm
from egov.procedures.views.admin import actor_of


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    permissions.require_editor(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = importer.import_file(actor_of(request), upload.name, upload)
        if result.ok:
            messages.success(
                request,
                _("Import finished: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
                % {
                    "created": len(result.created),
                    "updated": len(result.updated),
                    "unchanged": len(result.unchanged),
                },
            )
            if result.groups_changed:
                messages.success(
                    request,
                    _("Linked groups created or changed: %(codes)s.")
                    % {"codes": ", ".join(result.groups_changed)},
                )
            return redirect("procedures:admin_list")
    return render(request, "procedures/admin/import.html", {"form": form, "result": result})


@login_required
@require_GET
def export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    permissions.require_editor(request.user)
    stamp = timezone.localdate().isoformat()
    if fmt == "json":
        response = HttpResponse(export.export_json(), content_type="application/json; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            xlsx_write.write(export.export_catalogue()),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="danh-muc-thu-tuc-{stamp}.{fmt}"'
    return response
