"""The leader's dashboard, the dossiers behind each figure, the bottleneck page and the exports. Who sees
what is egov.stats.permissions: the agencies of the person's subtrees as leader or auditor."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from egov.dossiers.models import Dossier
from egov.organizations.models import Agency
from egov.stats import bottlenecks, drilldown, exports, permissions, selectors
from egov.stats.forms import FIRST_DAY, LAST_DAY
from egov.stats.report import COUNTER_VIEW
from egov.stats.views.common import choose, chosen_filter, headers, table, timeliness_chart

#: A key in a list's address: ASCII digits, at most 18 (below 2**63, every database's integer range).
KEY = re.compile(r"[0-9]{1,18}")


def _scope(request: HttpRequest) -> list[Agency]:
    if not permissions.may_see_dashboard(request.user):
        raise PermissionDenied
    return permissions.dashboard_agencies(request.user)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    chosen = choose(request, _scope(request), views=True)
    r = chosen.report
    return render(
        request,
        "stats/dashboard.html",
        {
            "form": chosen.form,
            "report": r,
            "headers": headers(r),
            "total": table(chosen, [r.total], links=True),
            "by_agency": table(chosen, r.by_agency, links=True),
            "by_resolver": table(chosen, r.by_resolver, links=True),
            "by_field": table(chosen, r.by_field, links=True),
            "by_procedure": table(chosen, r.by_procedure, links=True),
            "chart": timeliness_chart(r),
            "query": request.GET.urlencode(),
            "no_counter": not any(a.has_counter for a in chosen.agencies),
        },
    )


@login_required
@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    chosen = choose(request, _scope(request), views=True)
    if fmt == "xlsx":
        return exports.xlsx_response(chosen.report, names=True)
    if fmt == "pdf":
        return exports.pdf_response(chosen.report)
    raise Http404


def _key(request: HttpRequest, name: str) -> int | None:
    """A key the list's address names (absent: None). Anything but a number a key can be answers 404: a
    number past the database's integer range, or a Unicode digit `int()` refuses, made a 500."""
    value = request.GET.get(name, "")
    if not value:
        return None
    if not KEY.fullmatch(value):
        raise Http404
    return int(value)


def _date(value: str | None) -> dt.date | None:
    """A day of the list's address, within the days a report may name (`forms.FIRST_DAY`, `LAST_DAY`)."""
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


@login_required
@require_GET
def dossiers(request: HttpRequest) -> HttpResponse:
    """The dossiers behind one figure of the dashboard: as many rows as the figure says."""
    scope = _scope(request)
    measure = request.GET.get("measure", "")
    start, end = _date(request.GET.get("start")), _date(request.GET.get("end"))
    if measure not in drilldown.MEASURES or start is None or end is None or start > end:
        raise Http404
    by_id = {a.pk: a for a in scope}
    ids = list(by_id)
    at, root = _key(request, "at"), _key(request, "in")
    if at is not None:
        if at not in by_id:
            raise Http404
        ids = [at]
    elif root is not None:
        if root not in by_id:
            raise Http404
        ids = [a.pk for a in scope if a.path.startswith(by_id[root].path)]
    by_counter = request.GET.get("view", "") == COUNTER_VIEW
    rows = Dossier.objects.filter(drilldown.measure_q(measure, ids, start, end, timezone.now(), by_counter))
    if by_counter and (resolver := _key(request, "resolver")) is not None:
        # Any agency: it narrows the counters' own dossiers (a department outside the centre's subtree).
        rows = rows.filter(competent_agency_id=resolver)
    if (procedure := _key(request, "procedure")) is not None:
        rows = rows.filter(procedure_id=procedure)
    elif (field := _key(request, "field")) is not None:
        rows = rows.filter(procedure__field_id=field) if field else rows.filter(procedure__field=None)
    rows = rows.select_related("procedure", "current_agency", "receiving_agency").order_by("-id")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {"page_obj": page, "measure": drilldown.label(measure), "start": start, "end": end}
    context["now_figure"] = measure in drilldown.NOW_MEASURES
    context["by_counter"] = by_counter
    return render(request, "stats/dossiers.html", {**context, "now": timezone.now()})


@login_required
@require_GET
def stuck(request: HttpRequest) -> HttpResponse:
    # Only the filter and the open dossiers per handler: the dashboard's report (the period's figures and
    # last year's) is not on this page, and building it was a third of the page's time.
    chosen = chosen_filter(request, _scope(request))
    ids = [a.pk for a in chosen.agencies]
    steps, all_steps = bottlenecks.ranked_steps(ids, chosen.period)
    open_rows = selectors.open_counts(ids, chosen.procedure_ids, handlers=True)
    return render(
        request,
        "stats/bottlenecks.html",
        {
            "form": chosen.form,
            "period": chosen.period,
            "steps": steps,
            "all_steps": all_steps,
            "officers": bottlenecks.officers(steps, chosen.period),
            "handlers": bottlenecks.overdue_holders(open_rows),
            "query": request.GET.urlencode(),
            "last_update": selectors.last_update(),
        },
    )
