"""The e-office reports of the user's agency for a period (month, quarter, six or nine months, year): on
screen, as xlsx and as PDF, with links to the printable registers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.documents import permissions, report_exports, reports, selectors
from egov.organizations.models import Agency
from egov.organizations.permissions import has_role
from egov.stats.periods import KINDS, Period, period_for

PERIODS = [(k, label) for k, label in KINDS if k != "custom"]


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=PERIODS, required=False)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100, required=False)
    month = forms.IntegerField(label=gettext_lazy("Month"), min_value=1, max_value=12, required=False)
    quarter = forms.IntegerField(label=gettext_lazy("Quarter"), min_value=1, max_value=4, required=False)

    def chosen(self, today: dt.date) -> Period:
        """The period asked for; this month when the form is empty or wrong (its errors are shown)."""
        data = self.cleaned_data if self.is_valid() else {}
        return period_for(
            data.get("period") or "month",
            data.get("year") or today.year,
            month=data.get("month") or today.month,
            quarter=data.get("quarter") or (today.month - 1) // 3 + 1,
        )


def _office(request: HttpRequest) -> Agency:
    office = selectors.office_of(request.user)
    readers = permissions.WHOLE_AGENCY_READERS
    if office is None or not has_role(request.user, readers, office):
        raise PermissionDenied
    return office


def _unit_headers(first: str) -> list[str]:
    return [
        first,
        _("Due in the period"),
        _("On time"),
        _("Late"),
        _("Open, past the deadline"),
        _("Open, not yet due"),
        _("On time (%)"),
    ]


def _rows(items: list[reports.Timeliness]) -> list[list[Any]]:
    return [[t.unit or _("Total"), *t.cells()[1:]] for t in items]


def sections(office: Agency, period: Period, today: dt.date) -> list[dict[str, Any]]:
    """The report's tables, as the page, the xlsx and the PDF show them."""
    shares = [
        (a, reports.electronic_share(a, period.start, period.end)) for a in reports.reporting_agencies(office)
    ]
    return [
        {
            "sheet": _("Incoming documents"),
            "heading": _("Incoming documents handled on time, per lead unit"),
            "headers": _unit_headers(_("Lead unit")),
            "rows": _rows(reports.incoming_timeliness(office, period.start, period.end, today)),
            "note": _(
                "Documents whose lead unit's deadline falls in the period; on time: completed by the end "
                "of the deadline's day."
            ),
        },
        {
            "sheet": _("Tasks"),
            "heading": _("Tasks done on time, per lead unit"),
            "headers": _unit_headers(_("Lead unit")),
            "rows": _rows(reports.task_timeliness(office, period.start, period.end, today)),
            "note": _(
                "Tasks whose deadline (after any extension granted) falls in the period; on time: "
                "reported done by the end of the deadline's day and confirmed."
            ),
        },
        {
            "sheet": _("Electronic exchange"),
            "heading": _("Documents exchanged electronically, per agency"),
            "headers": [
                _("Agency"),
                _("Outgoing deliveries"),
                _("electronic"),
                _("Incoming registered"),
                _("electronic"),
                _("Electronic (%)"),
            ],
            "rows": [
                [a.name, s.outgoing, s.outgoing_electronic, s.incoming, s.incoming_electronic, s.percent]
                for a, s in shares
            ],
            "note": _(
                "Outgoing: deliveries of the documents issued, electronic when delivered inside this "
                "system or sent by the exchange or email; incoming: documents registered, electronic "
                "when received from this system or digitally signed."
            ),
        },
    ]


def _context(request: HttpRequest) -> tuple[Agency, PeriodForm, Period, list[dict[str, Any]]]:
    office = _office(request)
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    period = form.chosen(today)
    return office, form, period, sections(office, period, today)


def _title(office: Agency) -> str:
    return _("E-office report · %(agency)s") % {"agency": office.name}


@login_required
def report_view(request: HttpRequest) -> HttpResponse:
    office, form, period, tables = _context(request)
    return render(
        request,
        "documents/reports.html",
        {
            "office": office,
            "form": form,
            "period": period,
            "sections": tables,
            "query": request.GET.urlencode(),
            "year": period.start.year,
        },
    )


@login_required
def report_xlsx(request: HttpRequest) -> HttpResponse:
    office, _form, period, tables = _context(request)
    data = report_exports.xlsx_bytes(_title(office), str(period.label), tables)
    response = HttpResponse(data, content_type=report_exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-van-ban-{period.start:%Y%m%d}.xlsx"'
    return response


@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    office, _form, period, tables = _context(request)
    made = _("Made at %(t)s.") % {"t": timezone.localtime().strftime("%H:%M %d/%m/%Y")}
    data = report_exports.pdf_bytes(_title(office), str(period.label), tables, made)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-van-ban-{period.start:%Y%m%d}.pdf"'
    return response
