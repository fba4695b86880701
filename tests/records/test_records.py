"""Record files (hồ sơ công việc): the file list per agency and year, documents linked without copies,
closing, and the export for the archive (Decree 30/2020 Appendix V; Appendix VI, Part I, III.4 and Part II,
III)."""

from __future__ import annotations

import datetime as dt
import io
from xml.etree import ElementTree as ET

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from egov.core.models import AuditEntry
from egov.documents.models import Document, DocumentFile
from egov.records import export, services
from egov.records.models import RecordEntry, RecordFile
from tests.documents.conftest import MONDAY, received
from tests.documents.search_helpers import text_pdf

pytestmark = pytest.mark.django_db


def new_file(office, code="01.VP", keeper=None, **fields):
    line = services.FileLine(
        year=fields.pop("year", 2026),
        code=code,
        title=fields.pop("title", "Hồ sơ về công tác chuyển đổi số năm 2026"),
        keeper=keeper or office.clerk.user,
        **fields,
    )
    return services.create_file(actor=office.clerk.user, agency=office.commune, line=line, now=MONDAY)


def test_a_document_sits_in_several_files_without_copies_decree_30_appendix_vi_iii_4_e(office):
    doc = received(office)
    first, second = new_file(office, "01.VP"), new_file(office, "02.VP", title="Hồ sơ khác")
    before = (Document.objects.count(), DocumentFile.objects.count())
    for f in (first, second):
        services.add_document(actor=office.clerk.user, record_file=f, document=doc, now=MONDAY)
    assert (Document.objects.count(), DocumentFile.objects.count()) == before
    assert set(RecordEntry.objects.values_list("record_file_id", "document_id")) == {
        (first.pk, doc.pk),
        (second.pk, doc.pk),
    }
    with pytest.raises(ValidationError):
        services.add_document(actor=office.clerk.user, record_file=first, document=doc)
    assert AuditEntry.objects.filter(action="records.add").count() == 2


def test_a_closed_file_no_longer_changes(office):
    doc, other = received(office), received(office, number_symbol="2/UBND")
    f = new_file(office)
    with pytest.raises(ValidationError, match="chưa có văn bản"):
        services.close_file(actor=office.clerk.user, record_file=f)
    services.add_document(actor=office.clerk.user, record_file=f, document=doc)
    closed = services.close_file(actor=office.clerk.user, record_file=f)
    assert closed.state == RecordFile.State.CLOSED and closed.closed_at is not None
    for change in (
        lambda: services.add_document(actor=office.clerk.user, record_file=f, document=other),
        lambda: services.remove_document(actor=office.clerk.user, record_file=f, document=doc),
        lambda: services.close_file(actor=office.clerk.user, record_file=f),
    ):
        with pytest.raises(ValidationError):
            change()
    assert list(f.entries.values_list("document_id", flat=True)) == [doc.pk]


def test_file_list_lines_are_checked(office):
    new_file(office, "01.VP")
    with pytest.raises(ValidationError, match=r"01\.VP"):
        new_file(office, "01.VP")
    new_file(office, "01.VP", year=2027)  # a new year's list starts again
    with pytest.raises(ValidationError):
        new_file(office, "X" * 21)
    with pytest.raises(ValidationError):
        new_file(office, "03.VP", keeper=office.outsider.user)  # not of this agency's staff
    with pytest.raises(PermissionDenied):
        services.create_file(
            actor=office.specialist.user,
            agency=office.commune,
            line=services.FileLine(year=2026, code="09.VP", title="x", keeper=office.specialist.user),
        )
    assert RecordFile.objects.count() == 2


def test_keeper_links_only_documents_they_may_read(office):
    f = new_file(office, keeper=office.specialist.user)
    unassigned = received(office)  # art. 22.1: not the specialist's until assigned
    with pytest.raises(PermissionDenied):
        services.add_document(actor=office.specialist.user, record_file=f, document=unassigned)
    assert not f.entries.exists()


def _two_documents(office, tmp_path):
    from egov.documents import services as document_services
    from tests.documents.conftest import META

    later = document_services.receive(
        actor=office.clerk.user,
        agency=office.commune,
        meta=document_services.Metadata(
            **{**vars(META), "number_symbol": "20/UBND-VX", "issued_on": dt.date(2026, 5, 30)}
        ),
        main=text_pdf(tmp_path, "Văn bản sau: hai trang nội dung"),
        now=MONDAY,
    )
    earlier = document_services.receive(
        actor=office.clerk.user,
        agency=office.commune,
        meta=document_services.Metadata(
            **{
                **vars(META),
                "number_symbol": "10/QĐ-UBND",
                "doc_type": "QĐ",
                "issued_on": dt.date(2026, 5, 2),
            }
        ),
        main=text_pdf(tmp_path, "Văn bản trước về cây xanh"),
        now=MONDAY,
    )
    return earlier, later


def test_export_pdf_has_cover_contents_and_the_documents_in_date_order(office, tmp_path):
    earlier, later = _two_documents(office, tmp_path)
    f = new_file(office, retention_years=10)
    for d in (later, earlier):  # linked in the wrong order: the export sorts by date
        services.add_document(actor=office.clerk.user, record_file=f, document=d)
    data = export.pdf_bytes(f)
    pages = PdfReader(io.BytesIO(data)).pages
    texts = [p.extract_text() for p in pages]
    assert len(pages) == 4  # cover, contents, one page per document
    assert "HỒ SƠ" in texts[0] and "01.VP" in texts[0] and "10 năm" in texts[0]
    assert "MỤC LỤC VĂN BẢN" in texts[1]
    assert texts[1].index("10/QĐ-UBND") < texts[1].index("20/UBND-VX")
    assert "cây xanh" in texts[2] and "Văn bản sau" in texts[3]
    (tmp_path / "record.pdf").write_bytes(data)


def test_export_xml_holds_the_metadata_of_appendix_vi_part_ii_iii(office, tmp_path):
    earlier, later = _two_documents(office, tmp_path)
    f = new_file(office)
    for d in (later, earlier):
        services.add_document(actor=office.clerk.user, record_file=f, document=d)
    root = ET.fromstring(export.xml_bytes(f))
    assert root.findtext("FileCode/OrganId") == office.commune.code
    assert root.findtext("FileCode/FileCatalog") == "2026"
    assert root.findtext("FileCode/FileNotation") == "01.VP"
    assert root.findtext("Maintenance") == "Vĩnh viễn"
    assert (root.findtext("StartDate"), root.findtext("EndDate")) == ("2026-05-02", "2026-05-30")
    assert root.findtext("DocTotal") == "2" and root.findtext("PageTotal") == "2"
    docs = root.findall("VanBan")
    assert [d.findtext("CodeNumber") for d in docs] == ["10", "20"]
    assert [d.findtext("DocOrdinal") for d in docs] == ["1", "2"]
    assert docs[0].findtext("CodeNotation") == "QĐ-UBND"
    assert docs[0].findtext("TypeName").startswith("Quyết định")
    assert docs[0].findtext("SignerInfo/FullName") == "Phạm Văn Tỉnh"
