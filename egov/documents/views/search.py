"""The document search page (GET, works without JavaScript), its exports (xlsx, CSV) and saved searches."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from egov.core.audit import Actor
from egov.documents import permissions, saved_searches, search, search_exports
from egov.documents.search_forms import SaveSearchForm, SearchForm

PER_PAGE = 20
#: The deepest page offered (the count stops at search.COUNT_BOUND as well).
MAX_PAGE = 50


def _guard(request: HttpRequest) -> None:
    if not permissions.may_read_any(request.user):
        raise PermissionDenied


def _actor(request: HttpRequest) -> Actor:
    # accounts.User satisfies Actor at run time; mypy reads its read-only is_authenticated as a mismatch.
    return cast(Actor, request.user)


def _page(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return min(max(int(raw), 1), MAX_PAGE) if raw.isdigit() and len(raw) < 6 else 1


@login_required
@require_GET
def search_view(request: HttpRequest) -> HttpResponse:
    _guard(request)
    form = SearchForm(request.GET or None, user=request.user)
    results = None
    no_words = False
    page = _page(request)
    if form.is_bound and form.is_valid():
        criteria = form.criteria()
        if not criteria.empty:
            no_words = bool(criteria.text.strip()) and not criteria.words()
            results = search.search(request.user, criteria, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    query = form.query_string() if form.is_bound and form.is_valid() else ""
    shown = min(results.total, search.COUNT_BOUND) if results else 0
    last_page = min(MAX_PAGE, max(1, -(-shown // PER_PAGE)))
    return render(
        request,
        "documents/search.html",
        {
            "form": form,
            "results": results,
            "no_words": no_words,
            "page": page,
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if results and page < last_page else None,
            "first_number": (page - 1) * PER_PAGE + 1,
            "query": query,
            "saved": saved_searches.of(request.user),
            "save_form": SaveSearchForm(),
        },
    )


@login_required
@require_GET
def export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    _guard(request)
    if fmt not in ("xlsx", "csv"):
        raise Http404
    form = SearchForm(request.GET, user=request.user)
    if not form.is_valid() or form.criteria().empty:
        messages.error(request, _("Correct the search before exporting it."))
        return redirect(reverse("documents:search") + "?" + request.GET.urlencode())
    documents = search.export_rows(request.user, form.criteria())
    if fmt == "csv":
        return search_exports.csv_response(documents)
    return search_exports.xlsx_response(documents)


@login_required
@require_POST
def save_view(request: HttpRequest) -> HttpResponse:
    _guard(request)
    search_form = SearchForm(request.GET, user=request.user)
    name_form = SaveSearchForm(request.POST)
    query = search_form.query_string() if search_form.is_valid() else ""
    back = reverse("documents:search") + ("?" + query if query else "")
    if not name_form.is_valid():
        messages.error(request, _("Give the search a name (at most 100 characters)."))
        return redirect(back)
    try:
        saved_searches.save(actor=_actor(request), name=name_form.cleaned_data["name"], query=query)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The search is saved."))
    return redirect(back)


@login_required
@require_POST
def delete_saved_view(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    saved_searches.delete(actor=_actor(request), saved_id=pk)
    messages.success(request, _("The saved search is deleted."))
    return redirect("documents:search")
