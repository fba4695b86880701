"""A record file exported for the archive (Decree 30/2020 Appendix VI, Part I, III.4.g: "kết xuất toàn bộ
văn bản, tài liệu, dữ liệu đặc tả của hồ sơ sang định dạng (.pdf), (.xml) và bảo đảm trình tự thời gian").

The PDF: a cover, the table of contents (Appendix V, IV: STT, số và ký hiệu, ngày tháng, tên loại và trích
yếu, tác giả, tờ số/trang số, ghi chú), then each document's current PDF files in the order they came into
being. The XML: the file's metadata with the element names of Appendix VI, Part II, III and each document's
with those of Part II, I (outgoing) and II (incoming). The wrapper elements (`HoSo`, `VanBan`) and the
`egov:` extras are egov's own: the archive's XML schema (Circular 02/2019/TT-BNV) was not read
(unverified).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from egov.core import pdf, signing
from egov.documents import files as document_files
from egov.documents import search_index
from egov.documents.models import Document
from egov.documents.rules import rules_for
from egov.records import selectors
from egov.records.models import RecordFile

TEMPLATE = Path(__file__).resolve().parent / "pdf" / "record.typ"
COLUMNS = [
    "STT",
    "Số, ký hiệu văn bản",
    "Ngày tháng năm văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Tác giả văn bản",
    "Tờ số/ Trang số",
    "Ghi chú",
]
EGOV_NS = "https://egov.example/ns/records/1"


@dataclass
class Part:
    document: Document
    pdfs: list[bytes]
    pages: int
    note: str


def _parts(record_file: RecordFile) -> list[Part]:
    parts = []
    for entry in selectors.entries(record_file):
        pdfs, skipped = [], 0
        for item in search_index.current_files(entry.document):
            data = document_files.content(item)
            if signing.is_pdf(data):
                pdfs.append(data)
            else:
                skipped += 1
        pages = sum(len(PdfReader(io.BytesIO(d)).pages) for d in pdfs)
        note = f"{skipped} tệp không phải PDF, không ghép" if skipped else ""
        parts.append(Part(entry.document, pdfs, pages, note))
    return parts


def _date(value: Any) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _type_name(doc: Document) -> str:
    return rules_for(doc.issued_on or timezone.localdate(doc.created_at)).types.get(
        doc.doc_type, doc.doc_type
    )


def retention(record_file: RecordFile) -> str:
    return "Vĩnh viễn" if record_file.retention_years is None else f"{record_file.retention_years} năm"


def _span(parts: list[Part]) -> tuple[Any, Any]:
    days = [p.document.issued_on or timezone.localdate(p.document.created_at) for p in parts]
    return (min(days), max(days)) if days else (None, None)


def _data(record_file: RecordFile, parts: list[Part], first_pages: list[str]) -> dict[str, Any]:
    start, end = _span(parts)
    agency = record_file.agency
    rows = [
        [
            str(i),
            p.document.number_symbol,
            _date(p.document.issued_on),
            f"{_type_name(p.document)}: {p.document.summary}",
            p.document.issuer_name,
            first_pages[i - 1],
            p.note,
        ]
        for i, p in enumerate(parts, start=1)
    ]
    return {
        "parent": agency.parent.name if agency.parent else "",
        "agency": agency.name,
        "code": record_file.code,
        "title": record_file.title,
        "year": str(record_file.year),
        "dates": f"{_date(start)} – {_date(end)}" if start else "",
        "doc_total": str(len(parts)),
        "page_total": str(sum(p.pages for p in parts)),
        "retention": retention(record_file),
        "keeper": record_file.keeper.get_full_name(),
        # The printed form is Vietnamese whatever the language of the person exporting it.
        "state": {"open": "Đang lập", "closed": "Đã đóng"}[record_file.state],
        "columns": COLUMNS,
        "rows": rows,
    }


def pdf_bytes(record_file: RecordFile) -> bytes:
    """Cover, table of contents with each document's first page, then the documents' pages."""
    parts = _parts(record_file)
    # The table of contents is rendered once to learn how many pages it takes, then with the page numbers.
    draft = pdf.render(TEMPLATE, _data(record_file, parts, ["0000"] * len(parts)))
    page = len(PdfReader(io.BytesIO(draft)).pages) + 1
    first_pages = []
    for p in parts:
        first_pages.append(str(page) if p.pages else "")
        page += p.pages
    front = pdf.render(TEMPLATE, _data(record_file, parts, first_pages))
    writer = PdfWriter()
    writer.append(io.BytesIO(front))
    for p in parts:
        for data in p.pdfs:
            writer.append(io.BytesIO(data))
    writer.add_metadata({"/Title": f"{record_file.code} {record_file.title}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _text(parent: ET.Element, tag: str, value: Any) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = "" if value is None else str(value)
    return element


def _file_code(parent: ET.Element, record_file: RecordFile) -> None:
    code = ET.SubElement(parent, "FileCode")
    _text(code, "OrganId", record_file.agency.code)
    _text(code, "FileCatalog", record_file.year)
    _text(code, "FileNotation", record_file.code)


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def xml_bytes(record_file: RecordFile) -> bytes:
    """The file's and its documents' metadata (Appendix VI, Part II, III; I and II for each document)."""
    parts = _parts(record_file)
    start, end = _span(parts)
    ET.register_namespace("egov", EGOV_NS)
    root = ET.Element("HoSo")
    _file_code(root, record_file)
    _text(root, "Title", record_file.title)
    _text(root, "Maintenance", retention(record_file))
    _text(root, "Rights", record_file.rights)
    _text(root, "Creator", record_file.keeper.get_full_name()[:30])
    _text(root, "Language", record_file.language)
    _text(root, "StartDate", _iso(start))
    _text(root, "EndDate", _iso(end))
    _text(root, "DocTotal", len(parts))
    _text(root, "PageTotal", sum(p.pages for p in parts))
    _text(root, "Description", record_file.description)
    for ordinal, p in enumerate(parts, start=1):
        doc = p.document
        number, _slash, notation = doc.number_symbol.partition("/")
        item = ET.SubElement(root, "VanBan")
        _file_code(item, record_file)
        _text(item, "DocOrdinal", ordinal)
        _text(item, "TypeName", _type_name(doc))
        _text(item, "CodeNumber", number)
        _text(item, "CodeNotation", notation)
        _text(item, "IssuedDate", _iso(doc.issued_on))
        _text(item, "OrganName", doc.issuer_name)
        _text(item, "Subject", doc.summary)
        _text(item, "Language", record_file.language)
        _text(item, "PageAmount", doc.pages or p.pages)
        _text(item, "Description", p.note)
        if doc.is_incoming:
            _text(item, "ArrivalDate", _iso(timezone.localdate(doc.arrived_at)) if doc.arrived_at else "")
            _text(item, "ArrivalNumber", doc.register_number or "")
        signer = ET.SubElement(item, "SignerInfo")
        _text(signer, "Position", doc.signer_position)
        _text(signer, "FullName", doc.signer_name)
        for f in search_index.current_files(doc):
            stored = ET.SubElement(item, f"{{{EGOV_NS}}}File")
            stored.set("name", f.name)
            stored.set("sha256", f.sha256)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
