"""The e-office reports: incoming documents and tasks handled on time or late per lead unit, the share of
documents exchanged electronically per agency, for a month, quarter, six or nine months or a year; on
screen, as xlsx and as PDF; read by the agency's clerks, leaders and auditors only."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from egov.documents import reports, services
from egov.tasks import services as tasks
from tests.documents.conftest import MONDAY, received
from tests.tasks.conftest import assigned

JUNE = (dt.date(2026, 6, 1), dt.date(2026, 6, 30))
TODAY = dt.date(2026, 6, 20)


def _assigned(office, due: dt.date, unit=None):
    doc = received(office)
    services.register(doc, actor=office.clerk.user, now=MONDAY)
    ins = services.Instruction(text="Xử lý", lead_unit=unit or office.commune_office, due_on=due)
    return services.instruct(doc, actor=office.leader.user, instruction=ins, now=MONDAY)


def _done(office, doc, day: dt.date):
    at = MONDAY.replace(month=day.month, day=day.day, hour=16)
    return services.complete(doc, actor=office.specialist.user, result="Xong", now=at)


def test_incoming_documents_on_time_late_and_open_past_the_deadline_per_lead_unit(office):
    """Due 10/06: completed 10/06 (on time, the deadline's whole day) and 11/06 (late); due 12/06 and open
    on 20/06 (open past the deadline); due 25/06 (open, not yet due); due in July (another period)."""
    _done(office, _assigned(office, dt.date(2026, 6, 10)), dt.date(2026, 6, 10))
    _done(office, _assigned(office, dt.date(2026, 6, 10)), dt.date(2026, 6, 11))
    _assigned(office, dt.date(2026, 6, 12))
    _assigned(office, dt.date(2026, 6, 25), unit=office.commune)
    _assigned(office, dt.date(2026, 7, 2))
    rows = reports.incoming_timeliness(office.commune, *JUNE, TODAY)
    table = {r.unit: (r.on_time, r.late, r.open_late, r.open) for r in rows}
    assert table == {
        office.commune_office.name: (1, 1, 1, 0),
        office.commune.name: (0, 0, 0, 1),
        "": (1, 1, 1, 1),
    }
    assert rows[-1].on_time_percent == Decimal("33.3")
    assert reports.incoming_timeliness(office.justice, *JUNE, TODAY) == []


def test_tasks_on_time_and_late_per_lead_unit_count_the_confirmed_report_against_the_deadline(office):
    on_time = assigned(office, due_on=dt.date(2026, 6, 10))
    tasks.complete(on_time, actor=office.specialist.user, text="Xong", now=MONDAY)
    tasks.confirm(on_time, actor=office.leader.user, now=MONDAY + dt.timedelta(days=12))
    late = assigned(office, due_on=dt.date(2026, 6, 10))
    tasks.complete(late, actor=office.specialist.user, text="Xong", now=MONDAY + dt.timedelta(days=10))
    tasks.confirm(late, actor=office.leader.user, now=MONDAY + dt.timedelta(days=10))
    awaiting = assigned(office, due_on=dt.date(2026, 6, 12))
    tasks.complete(awaiting, actor=office.specialist.user, text="Xong", now=MONDAY)  # not confirmed yet
    assigned(office, due_on=dt.date(2026, 6, 29))
    rows = reports.task_timeliness(office.commune, *JUNE, TODAY)
    assert [(r.unit, r.on_time, r.late, r.open_late, r.open) for r in rows] == [
        (office.commune_office.name, 1, 1, 1, 1),
        ("", 1, 1, 1, 1),
    ]


@pytest.mark.parametrize(
    "query, label",
    [
        ({"period": "month", "year": "2026", "month": "6"}, "06/2026"),
        ({"period": "quarter", "year": "2026", "quarter": "2"}, "2/2026"),
        ({"period": "half", "year": "2026"}, "2026"),
        ({"period": "nine", "year": "2026"}, "2026"),
        ({"period": "year", "year": "2026"}, "2026"),
    ],
)
def test_the_report_page_for_each_period(client, login, office, query, label):
    c = login(office.leader)
    response = c.get(reverse("documents:reports"), query)
    assert response.status_code == 200 and label in response.content.decode()


def test_a_wrong_period_is_shown_in_vietnamese_and_this_month_is_reported(client, login, office):
    response = login(office.leader).get(reverse("documents:reports"), {"period": "x", "month": "13"})
    assert response.status_code == 200 and "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()


def test_xlsx_and_pdf_carry_the_figures_of_the_page(client, login, office):
    _done(office, _assigned(office, dt.date(2026, 6, 10)), dt.date(2026, 6, 11))
    c = login(office.clerk)
    query = {"period": "month", "year": "2026", "month": "6"}
    book = load_workbook(io.BytesIO(c.get(reverse("documents:reports_xlsx"), query).content))
    sheet = book.worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [office.commune_office.name, 1, 0, 1, 0, 0, 0.0] in rows
    pdf = PdfReader(io.BytesIO(c.get(reverse("documents:reports_pdf"), query).content))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert office.commune_office.name in text and "tháng 06/2026" in text


PERSONAS = ("clerk", "leader", "specialist", "outsider", "justice_leader", "desk_officer", "anonymous")
ALLOWED = {"clerk": 200, "leader": 200, "justice_leader": 200, "anonymous": 302}


@pytest.mark.parametrize("who", PERSONAS)
def test_who_reads_the_reports(client, login, office, cast, who):
    c = (
        client
        if who == "anonymous"
        else login(cast.desk_officer if who == "desk_officer" else getattr(office, who))
    )
    for name in ("documents:reports", "documents:reports_xlsx", "documents:reports_pdf"):
        assert c.get(reverse(name)).status_code == ALLOWED.get(who, 403)
        assert c.post(reverse(name)).status_code in (ALLOWED.get(who, 403), 405)


def test_electronic_share_counts_deliveries_of_issued_documents_and_registered_arrivals(
    office, ca, agency_certificates
):
    """Issued on 01/06 to the Department of Justice (internal: electronic) and the post office (waiting for
    the exchange: not yet); a scan registered (not electronic). June: outgoing 1 of 2, incoming 0 of 1;
    the exchange marks the post office's delivery sent: outgoing 2 of 2; July counts nothing."""
    from egov.documents import outgoing
    from egov.documents.models import Recipient
    from tests.documents.conftest import signed

    doc = outgoing.issue(signed(office, ca), actor=office.clerk.user, now=MONDAY)
    services.register(received(office), actor=office.clerk.user, now=MONDAY)
    share = reports.electronic_share(office.commune, *JUNE)
    assert (share.outgoing_electronic, share.outgoing, share.incoming_electronic, share.incoming) == (
        1,
        2,
        0,
        1,
    )
    assert share.outgoing_percent == Decimal("50.0") and share.percent == Decimal("33.3")
    Recipient.objects.filter(document=doc, agency__isnull=True).update(exchange_status="sent")
    assert reports.electronic_share(office.commune, *JUNE).outgoing_electronic == 2
    assert reports.electronic_share(office.commune, dt.date(2026, 7, 1), dt.date(2026, 7, 31)).total == 0
