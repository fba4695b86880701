"""The registers as tables and as the PDF printed and bound (Appendix IV: ten columns each)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone

from egov.core import pdf
from egov.documents import selectors
from egov.documents.models import Direction, Document
from egov.documents.rules import rules_for
from egov.organizations.models import Agency

TEMPLATE = Path(__file__).resolve().parent / "pdf" / "register.typ"
#: Relative column widths, in the order of Appendix IV's columns.
WIDTHS = {
    Direction.OUTGOING: [1.3, 1.0, 3.0, 1.4, 2.2, 1.2, 0.7, 1.0, 0.9, 1.0],
    Direction.INCOMING: [1.0, 0.7, 1.8, 1.3, 1.0, 3.0, 1.8, 1.0, 0.9, 1.0],
}


def first_day(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def _date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return f"{value:%d/%m/%Y}"


def _type_and_summary(doc: Document) -> str:
    name = rules_for(doc.issued_on or timezone.localdate()).types.get(doc.doc_type, doc.doc_type)
    return f"{name}: {doc.summary}"


def _note(doc: Document) -> str:
    return doc.get_status_display() if doc.status in ("recalled", "replaced") else ""


def rows(agency: Agency, direction: str, year: int, series: str = "main") -> list[list[str]]:
    """The register's lines, each in the order of the decree's columns."""
    out = []
    for doc in selectors.register_entries(agency, direction, year, series):
        if direction == Direction.OUTGOING:
            recipients = "; ".join(r.name for r in doc.recipients.all())
            out.append(
                [
                    doc.number_symbol,
                    _date(doc.issued_on),
                    _type_and_summary(doc),
                    doc.signer_name,
                    recipients,
                    doc.drafting_unit.name if doc.drafting_unit else "",
                    str(doc.copies or ""),
                    _date(doc.registered_at),
                    "",
                    _note(doc),
                ]
            )
        else:
            units = "; ".join(a.unit.name for a in doc.assignments.all())
            forwarded = min((a.assigned_at for a in doc.assignments.all()), default=None)
            out.append(
                [
                    _date(doc.arrived_at),
                    f"{doc.register_number:02d}",
                    doc.issuer_name,
                    doc.number_symbol,
                    _date(doc.issued_on),
                    _type_and_summary(doc),
                    units,
                    _date(forwarded),
                    "",
                    _note(doc),
                ]
            )
    return out


def register_pdf(agency: Agency, direction: str, year: int, series: str = "main") -> bytes:
    lines = rows(agency, direction, year, series)
    numbers = [int(r[0].split("/")[0]) if direction == Direction.OUTGOING else int(r[1]) for r in lines]
    title = "Sổ đăng ký văn bản đi" if direction == Direction.OUTGOING else "Sổ đăng ký văn bản đến"
    if series == "secret":
        title += " mật"
    data = {
        "title": title,
        "year": str(year),
        "agency": agency.name,
        "parent": agency.parent.name if agency.parent else "",
        "first": _date(first_day(year)),
        "last": _date(dt.date(year, 12, 31)),
        "from_number": f"{min(numbers):02d}" if numbers else "",
        "to_number": f"{max(numbers):02d}" if numbers else "",
        "columns": rules_for(first_day(year)).columns(direction),
        "widths": WIDTHS[Direction(direction)],
        "rows": lines,
    }
    return pdf.render(TEMPLATE, data)
