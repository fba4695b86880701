"""Officers' work queues: one page per queue, with filters, sorting and pagination."""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from egov.accounts.http import AuthedRequest
from egov.core.paging import BoundedPaginator
from egov.core.querystring import without_page
from egov.dossiers import list_rows, online_queue, permissions, selectors
from egov.dossiers.queue_filter import QueueFilterForm, fields_html
from egov.dossiers.rules import rules_for
from egov.organizations.roles import Role

PAGE_SIZE = 25


@functools.cache
def _reversed(name: str, arg: str, prefix: str) -> str:
    """The address of a tab or, with "{}", the pattern of each row's link: reversed once per process and
    script prefix instead of once per row (a row's link is the pattern with its key put in)."""
    if arg == "{}":
        return reverse(name, args=[987654321]).replace("987654321", "{}")
    return reverse(name, args=[arg])


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    queues = selectors.queues_for(request.user)
    if not queues:
        raise PermissionDenied
    return redirect("dossiers:queue", key=queues[0].key)


@login_required
def queue(request: AuthedRequest, key: str) -> HttpResponse:
    if key not in selectors.QUEUE_BY_KEY:
        raise Http404
    queues = selectors.queues_for(request.user)
    if key not in {q.key for q in queues}:
        raise PermissionDenied
    form = QueueFilterForm(request.GET or None)
    criteria = form.cleaned_data if form.is_valid() else {}
    online = key == "to_receive"
    sort = criteria.get("sort") or "due"
    if online and sort in ("due", "-due"):
        sort = sort.replace("due", "accept")  # a new submission's due moment is its acceptance limit
    filters = {
        "procedure": criteria["procedure"].pk if criteria.get("procedure") else None,
        "field": criteria["field"].pk if criteria.get("field") else None,
        "applicant": criteria.get("applicant", ""),
        "received_from": criteria.get("received_from"),
        "received_to": criteria.get("received_to"),
        "code": criteria.get("code", ""),
    }
    now = timezone.now()
    number = request.GET.get("page")
    paginator = BoundedPaginator(
        [],
        PAGE_SIZE,
        page=number,
        fetch=lambda ids: list_rows.list_rows(ids, online=online),
        find_ids=lambda n: selectors.queue_ids(request.user, key, n, sort=sort, now=now, **filters),
        count_ids=lambda bound: selectors.queue_count(request.user, key, bound, now=now, **filters),
    )
    page = paginator.get_page(number)
    prefix = get_script_prefix()
    for d in page:
        d.url = _reversed("dossiers:detail", "{}", prefix).format(d.pk)
        d.overdue = d.is_overdue(now)
        if online:
            d.limits = online_queue.online_limit_marks(d, now)
    return render(
        request,
        "dossiers/queue.html",
        {
            "queues": [(q, q.key == key, _reversed("dossiers:queue", q.key, prefix)) for q in queues],
            "current": selectors.QUEUE_BY_KEY[key],
            "form": form,
            "form_fields": fields_html(form),
            "page_obj": page,
            "online": online,
            "querystring_without_page": without_page(request),
            "now": now,
            "online_limits": online_queue.online_limits(
                permissions.agency_ids(request.user, (Role.DESK_OFFICER,)), now=now
            )
            if online
            else None,
            "online_rules": rules_for(now),
        },
    )
