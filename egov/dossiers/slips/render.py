"""Rendering slips to PDF with Typst.

`render_pdf(slip)` picks the layout in force on the slip's legal date (registry.py), turns
the slip into a JSON context of display strings (dates in Vietnamese words, money with
thousands separators) and compiles the template through egov.core.pdf (its fonts, its rule:
user text never becomes Typst source, the context goes in as inputs and the templates insert
its values as strings, which Typst prints literally).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from egov.core import pdf
from egov.core.pdf import PdfError as SlipRenderError
from egov.core.pdf import qr_svg
from egov.dossiers.slips.closure import ClosureNotice
from egov.dossiers.slips.data import (
    Apology,
    Applicant,
    ControlSheet,
    DossierRef,
    Office,
    ReceiptSlip,
    Refusal,
    Signer,
    Slip,
    StopNotice,
    SupplementRequest,
    TrackingBook,
)
from egov.dossiers.slips.registry import Layout, layout_for

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

__all__ = ["SlipRenderError", "context_for", "qr_svg", "render_pdf"]


# --- Vietnamese formatting -------------------------------------------------------------------


def local(moment: dt.datetime) -> dt.datetime:
    """The moment in Vietnam time; naive datetimes are taken as Vietnam time already."""
    return moment.astimezone(VIETNAM) if moment.tzinfo else moment


def day_month(day: int, month: int) -> tuple[str, str]:
    """Day and month as the date line writes them.

    Decree 30/2020/NĐ-CP, Annex I, on the place and date of issue: days below 10 and the months 1 and 2 take a
    leading zero ("ngày 05 tháng 02"), other months do not ("tháng 9", "tháng 12").
    """
    return f"{day:02d}", (f"{month:02d}" if month < 3 else str(month))


def vn_date(value: dt.date) -> str:
    """ "ngày 05 tháng 9 năm 2025"."""
    day, month = day_month(value.day, value.month)
    return f"ngày {day} tháng {month} năm {value.year}"


def vn_datetime(moment: dt.datetime) -> str:
    """ "14 giờ 05 phút, ngày 05 tháng 9 năm 2025", the wording of the forms' time lines."""
    moment = local(moment)
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, {vn_date(moment.date())}"


def short_datetime(moment: dt.datetime | None) -> str:
    """ "05/09/2025 14:05" for table cells; empty for no value."""
    if moment is None:
        return ""
    return local(moment).strftime("%d/%m/%Y %H:%M")


def short_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = local(value).date()
    return value.strftime("%d/%m/%Y")


def date_line(office: Office, moment: dt.datetime | dt.date) -> str:
    """Place and date: "Hà Nội, ngày 05 tháng 9 năm 2025" (no place: just the date)."""
    day = local(moment).date() if isinstance(moment, dt.datetime) else moment
    text = vn_date(day)
    return f"{office.locality}, {text}" if office.locality else text[0].upper() + text[1:]


def money(amount: int) -> str:
    """ "1.250.000 đồng": dots between thousands, as Vietnamese writes them."""
    return f"{amount:,}".replace(",", ".") + " đồng"


# --- contexts ---------------------------------------------------------------------------------


def _plain(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


def _office(office: Office) -> dict[str, str]:
    return _plain(office)


def _applicant(applicant: Applicant) -> dict[str, str]:
    return _plain(applicant)


def _signer(signer: Signer) -> dict[str, str]:
    return _plain(signer)


def _dossier(dossier: DossierRef) -> dict[str, Any]:
    return {
        "code": dossier.code,
        "submission_ref": dossier.submission_ref,
        "received": dossier.received,
        "procedure_name": dossier.procedure_name,
        "received_at": vn_datetime(dossier.received_at),
        # "06 tháng 10 năm 2025": the templates write "Ngày" before it.
        "received_on": vn_date(local(dossier.received_at).date()).removeprefix("ngày "),
        "due_at": vn_datetime(dossier.due_at) if dossier.due_at else "",
        "applicant": _applicant(dossier.applicant),
    }


def _base(layout: Layout, office: Office) -> dict[str, Any]:
    return {
        "office": _office(office),
        "counter_term": layout.terms.get("counter", ""),
        "form_number": layout.form_number,
        "form_name": layout.form_name,
        "citation": layout.citation,
        "doc_title": layout.form_name,
        "keywords": [layout.citation],
    }


def _receipt(slip: ReceiptSlip, layout: Layout) -> dict[str, Any]:
    received = slip.issued_at or slip.dossier.received_at
    copies = [
        "Liên 1: Giao người nộp hồ sơ",
        f"Liên 2: Lưu tại {layout.terms.get('counter', 'Bộ phận Một cửa')}",
    ]
    extra = [f"Liên {n}" for n in range(3, slip.copies + 1)]
    return {
        **_base(layout, slip.office),
        **_dossier(slip.dossier),
        "number": slip.number,
        "date_line": date_line(slip.office, received),
        "due_at": vn_datetime(slip.due_at),
        "received_by": slip.received_by,
        "processing_time": slip.processing_time,
        "return_place": slip.return_place,
        "channel": slip.channel,
        "lookup_url": slip.lookup_url,
        "keypad_number": slip.keypad_number,
        "ivr_phone": slip.ivr_phone,
        "rating_url": slip.rating_url,
        "book_ref": slip.book_ref,
        "copies": (copies + extra)[: max(slip.copies, 1)],
        "sets": f"{slip.sets:02d}",
        "papers": [
            {"name": p.name, "copy_kind": p.copy_kind, "quantity": str(p.quantity)} for p in slip.papers
        ],
        "fees": [{"name": f.name, "amount": money(f.amount), "note": f.note} for f in slip.fees],
        "fees_total": money(sum(f.amount for f in slip.fees)),
    }


def _supplement(slip: SupplementRequest, layout: Layout) -> dict[str, Any]:
    return {
        **_base(layout, slip.office),
        **_dossier(slip.dossier),
        "number": slip.number,
        "date_line": date_line(slip.office, slip.issued_at),
        "items": [{"content": i.content, "reason": i.reason} for i in slip.items],
        "officer": slip.officer,
        "contact_person": slip.contact_person,
        "contact_phone": slip.contact_phone,
        "lookup_url": slip.lookup_url,
    }


def _refusal(slip: Refusal, layout: Layout) -> dict[str, Any]:
    return {
        **_base(layout, slip.office),
        **_dossier(slip.dossier),
        "number": slip.number,
        "date_line": date_line(slip.office, slip.issued_at),
        "reasons": list(slip.reasons),
        "officer": slip.officer,
        "signer": _signer(slip.signer) if slip.signer else None,
        "lookup_url": slip.lookup_url,
    }


def _apology(slip: Apology, layout: Layout) -> dict[str, Any]:
    return {
        **_base(layout, slip.office),
        **_dossier(slip.dossier),
        "number": slip.number,
        "date_line": date_line(slip.office, slip.issued_at),
        "old_due": vn_datetime(slip.old_due_at),
        "new_due": vn_datetime(slip.new_due_at),
        "reason": slip.reason,
        "signer": _signer(slip.signer),
        "lookup_url": "",
    }


def _stop(slip: StopNotice, layout: Layout) -> dict[str, Any]:
    return {
        **_base(layout, slip.office),
        **_dossier(slip.dossier),
        "number": slip.number,
        "date_line": date_line(slip.office, slip.issued_at),
        "reason": slip.reason,
        "legal_basis": slip.legal_basis,
        "signer": _signer(slip.signer),
        "lookup_url": "",
    }


def _control(slip: ControlSheet, layout: Layout) -> dict[str, Any]:
    due = slip.due_at or slip.dossier.due_at
    return {
        **_base(layout, slip.office),
        **_dossier(slip.dossier),
        "number": "",
        "date_line": "",
        "due_at": vn_datetime(due) if due else "",
        "lookup_url": slip.lookup_url,
        "rows": [
            {
                "order": str(r.order),
                "from_unit": r.from_unit,
                "from_person": r.from_person,
                "to_unit": r.to_unit,
                "to_person": r.to_person,
                "handed_over_at": vn_datetime(r.handed_over_at),
                "due_at": short_datetime(r.due_at),
                "finished_at": short_datetime(r.finished_at),
                "timeliness": r.timeliness.label_vi if r.timeliness else "",
                "result": r.result,
                "note": r.note,
            }
            for r in slip.rows
        ],
    }


def _book(slip: TrackingBook, layout: Layout) -> dict[str, Any]:
    return {
        **_base(layout, slip.office),
        "counter_name": slip.counter_name,
        "period": f"Từ ngày {short_date(slip.period_start)} đến ngày {short_date(slip.period_end)}",
        "volume": slip.volume,
        "lookup_url": "",
        "rows": [
            {
                "order": str(n),
                "code": r.dossier_code,
                "procedure_name": r.procedure_name,
                "quantity": str(r.quantity),
                "applicant_name": r.applicant_name,
                "applicant_contact": "; ".join(x for x in (r.applicant_address, r.applicant_phone) if x),
                "handling_agency": r.handling_agency,
                "received_at": short_datetime(r.received_at),
                "due_at": short_datetime(r.due_at),
                "transferred_at": short_datetime(r.transferred_at),
                "result_received_at": short_datetime(r.result_received_at),
                "returned_at": short_datetime(r.returned_at),
                "note": r.note,
            }
            for n, r in enumerate(slip.rows, start=1)
        ],
    }


_CONTEXTS: dict[type, Any] = {
    ReceiptSlip: _receipt,
    SupplementRequest: _supplement,
    Refusal: _refusal,
    Apology: _apology,
    StopNotice: _stop,
    ControlSheet: _control,
    TrackingBook: _book,
}


def _closure(slip: ClosureNotice, layout: Layout) -> dict[str, Any]:
    return {
        **_base(layout, slip.office),
        **_dossier(slip.dossier),
        "number": slip.number,
        "date_line": date_line(slip.office, slip.issued_at),
        "notice_at": vn_datetime(slip.notice_at),
        "missing": list(slip.missing),
        "period_days": f"{slip.period_days:02d}",
        "legal_basis": slip.legal_basis,
        "signer": _signer(slip.signer),
        "lookup_url": "",
    }


# egov's own notice of closure (no prescribed form): its data lives in slips/closure.py.
_CONTEXTS[ClosureNotice] = _closure


def context_for(slip: Slip | ClosureNotice, layout: Layout | None = None) -> tuple[Layout, dict[str, Any]]:
    """The layout and the JSON-ready context the template receives."""
    builder = _CONTEXTS.get(type(slip))
    if builder is None:
        raise TypeError(f"Not a slip: {type(slip).__name__}")
    layout = layout or layout_for(type(slip), slip.legal_date)
    return layout, builder(slip, layout)


def render_pdf(slip: Slip | ClosureNotice, *, on: dt.date | None = None) -> bytes:
    """The slip as a PDF, in the layout in force on `on` (default: the slip's legal date)."""
    layout = layout_for(type(slip), on) if on else None
    layout, context = context_for(slip, layout)
    files = {"qr": qr_svg(context["lookup_url"])} if context.get("lookup_url") else {}
    if context.get("rating_url"):
        files["rating_qr"] = qr_svg(context["rating_url"])
    return pdf.render(TEMPLATES / layout.template, context, root=TEMPLATES, files=files)
