"""Public pages of the catalogue: browse, search, a procedure's page, its forms. No login needed."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from egov.core.querystring import without_page
from egov.procedures import addresses, facets, groups, printable, search_kept, search_markup, selectors
from egov.procedures.models import (
    ApplicantType,
    Channel,
    Level,
    Procedure,
    ServiceLevel,
)
from egov.procedures.onlineform import SchemaForm, summarise

#: The filing app names its start page so; the button appears once that page exists.
FILE_ONLINE_URL = "filing:start"


def online_filing_url(procedure: Procedure) -> str | None:
    """The "File online" button's address: a procedure with an online service level (partly or fully
    online, Decree 42/2022) and a published online form; None otherwise."""
    if procedure.service_level == ServiceLevel.INFORMATION or selectors.current_form(procedure) is None:
        return None
    try:
        return reverse(FILE_ONLINE_URL, kwargs={"code": procedure.code})
    except NoReverseMatch:
        return None


def _query(request: HttpRequest) -> selectors.Query:
    agency = request.GET.get("agency", "")
    level = request.GET.get("level", "")
    return selectors.Query(
        text=request.GET.get("q", "").strip()[:200],
        field=request.GET.get("field", "").strip()[:30],
        # ASCII digits only ("²".isdigit() is true, and int() refuses it), and few enough for a key column.
        agency=int(agency) if agency.isascii() and agency.isdigit() and len(agency) <= 18 else None,
        level=level if level in Level.values else "",
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    searching = bool(query.text or query.field or query.agency or query.level)
    page = None
    if searching:
        # The ids found, kept per query under the catalogue's token (search_kept): no query built or run
        # for a search asked before, whichever page of it.
        page = Paginator(search_kept.found(query), 20).get_page(request.GET.get("page"))
    lists = facets.facets()
    return render(
        request,
        "procedures/public/index.html",
        {
            "query": query,
            "searching": searching,
            "no_words": bool(query.text) and not selectors.has_words(query.text),
            "page_obj": page,
            "options": search_markup.select_options(lists, query),
            "result_items": search_kept.items(page.object_list) if page is not None else "",
            "fields": lists["fields"],
            "agencies": lists["agencies"],
            "levels": [(f.value, Level(f.value).label, f.n) for f in lists["levels"]],
            "querystring_without_page": without_page(request),
        },
    )


def procedure_context(procedure: Procedure, preview: bool = False) -> dict[str, Any]:
    form = selectors.current_form(procedure)
    if preview:
        form = selectors.latest_form(procedure)
    return {
        "procedure": procedure,
        "agencies": procedure.agencies.order_by("path"),
        "documents": procedure.documents.all(),
        "fees": procedure.fees.all(),
        "form": form,
        "workflow": selectors.current_workflow(procedure) if not preview else _latest_default(procedure),
        "file_online_url": online_filing_url(procedure) if procedure.is_published else None,
        "preview": preview,
        "level_labels": [Level(v).label for v in procedure.levels if v in Level.values],
        "applicant_labels": [
            ApplicantType(v).label for v in procedure.applicant_types if v in ApplicantType.values
        ],
        "channel_labels": [Channel(v).label for v in procedure.channels if v in Channel.values],
        "linked_groups": groups.groups_of(procedure.pk),
    }


def _latest_default(procedure: Procedure) -> Any:
    return procedure.workflows.filter(agency__isnull=True).order_by("-version").first()


@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = get_object_or_404(selectors.public_procedures(), code=code)
    return render(request, "procedures/public/detail.html", procedure_context(procedure))


def online_form(request: HttpRequest, code: str) -> HttpResponse:
    """The online form, to read or to fill in and check; nothing typed here is stored."""
    procedure = get_object_or_404(selectors.public_procedures(), code=code)
    version = selectors.current_form(procedure)
    if version is None:
        raise Http404
    form = SchemaForm(version.schema, data=request.POST if request.method == "POST" else None)
    answers = summarise(version.schema, form.cleaned_data) if form.is_valid() else None
    return render(
        request,
        "procedures/public/online_form.html",
        {
            "procedure": procedure,
            "version": version,
            "form": form,
            "answers": answers,
            "file_online_url": online_filing_url(procedure),
        },
    )


@require_GET
@cache_control(max_age=300, public=True)
def blank_form(request: HttpRequest, code: str) -> HttpResponse:
    """The published online form as a printable PDF, for filing on paper."""
    procedure = get_object_or_404(selectors.public_procedures(), code=code)
    version = selectors.current_form(procedure)
    if version is None:
        raise Http404
    response = HttpResponse(printable.blank_form_pdf(procedure, version), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="to-khai-{procedure.code}-v{version.version}.pdf"'
    )
    return response


@require_GET
def template_file(request: HttpRequest, code: str, document_id: int) -> FileResponse:
    procedure = get_object_or_404(selectors.public_procedures(), code=code)
    document = get_object_or_404(procedure.documents.exclude(template=""), pk=document_id)
    name = document.template.name.rsplit("/", 1)[-1]
    return FileResponse(document.template.open("rb"), as_attachment=True, filename=name)


@require_GET
@cache_control(max_age=60, public=True)
def suggest(request: HttpRequest) -> JsonResponse:
    """Autocomplete: up to 10 published procedures for the typed text, marks optional."""
    text = request.GET.get("q", "")[:100]
    results = [
        {**row, "url": reverse("procedures:detail", kwargs={"code": row["code"]})}
        for row in selectors.autocomplete(text)
    ]
    return JsonResponse({"results": results})


@require_GET
@cache_control(max_age=86400, public=True)
def wards(request: HttpRequest, province: str) -> JsonResponse:
    """The communes of a province, for the address picker."""
    if addresses.province_name(province) is None:
        raise Http404
    return JsonResponse({"wards": addresses.wards(province)})
