"""Document search and record files in Chromium, without JavaScript needed: the clerk finds a document by its
number typed without marks, saves the search, enters a record file, links the document and closes the file.
Screenshots (1280 and 360 px): var/screenshots/documents-search-*.png, documents-record-*.png."""

from __future__ import annotations

from tests.browser.test_documents_journey import _shot
from tests.browser.test_dossier_journey import as_staff, chromium  # noqa: F401
from tests.documents.conftest import _signing, ca, office, received  # noqa: F401


def test_search_save_and_file_a_document(office, as_staff):  # noqa: F811
    from egov.records.models import RecordFile

    received(office, number_symbol="1565/QĐ-UBND", doc_type="QĐ", summary="Quyết định về chuyển đổi số")
    received(office, number_symbol="77/UBND-VX", summary="V/v đăng ký đất đai")
    clerk = as_staff(office.clerk)
    clerk.goto("/van-ban/")
    clerk.click("a.button:has-text('Tìm kiếm văn bản')")
    clerk.fill("input[name=q]", "1565 qd ubnd")
    clerk.click("form.search-form button[type=submit]")
    clerk.wait_for_selector("text=1565/QĐ-UBND")
    assert clerk.locator("tbody tr").count() == 1
    clerk.fill("input[name=name]", "Quyết định 1565")
    clerk.click("button:has-text('Lưu')")
    clerk.wait_for_selector("text=Đã lưu yêu cầu tìm kiếm.")
    _shot(clerk, "search-results")

    clerk.goto("/ho-so-cong-viec/")
    clerk.click("a.button:has-text('Lập hồ sơ mới')")
    clerk.fill("input[name=code]", "01.VP")
    clerk.fill("textarea[name=title]", "Hồ sơ về chuyển đổi số năm 2026")
    clerk.fill("input[name=retention_years]", "10")
    clerk.select_option("select[name=keeper]", label="Vũ Thị Lan")
    _shot(clerk, "record-new")
    clerk.click("main form button[type=submit]")
    clerk.fill("input[name=q]", "chuyen doi so")
    clerk.click("main form.filters button[type=submit]")
    clerk.click("button:has-text('Đưa vào hồ sơ')")
    clerk.wait_for_selector("text=Đã đưa văn bản vào hồ sơ.")
    clerk.click("button:has-text('Kết thúc hồ sơ')")
    clerk.wait_for_selector("text=Đã kết thúc hồ sơ.")
    _shot(clerk, "record-file")
    record_file = RecordFile.objects.get()
    assert record_file.state == "closed" and record_file.entries.count() == 1
