"""The catalogue screens: who may open them, and building a procedure through the screens alone."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egov.procedures.models import Procedure, PublicationStatus, RequiredDocument
from tests.conftest import Cast
from tests.procedures.conftest import Catalogue

pytestmark = pytest.mark.django_db


def test_public_pages_need_no_login(catalogue: Catalogue, client: Any) -> None:
    assert client.get(reverse("procedures:index")).status_code == 200
    page = client.get(reverse("procedures:detail", args=["1.001193"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Giấy chứng sinh" in html and "Luật Hộ tịch 2014" in html and "Lệ phí đăng ký khai sinh" in html
    assert client.get(reverse("procedures:online_form", args=["1.001193"])).status_code == 200
    pdf = client.get(reverse("procedures:blank_form", args=["1.001193"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert 'filename="to-khai-1.001193-v1.pdf"' in pdf["Content-Disposition"]
    assert reverse("procedures:blank_form", args=["1.001193"]) in html
    # Drafts are not public.
    assert client.get(reverse("procedures:detail", args=["1.012755"])).status_code == 404


def test_search_page_and_autocomplete(catalogue: Catalogue, client: Any) -> None:
    marked = client.get(reverse("procedures:index"), {"q": "đăng ký khai sinh"}).content.decode()
    plain = client.get(reverse("procedures:index"), {"q": "dang ky khai sinh"}).content.decode()
    assert "1.001193" in marked and "1.001193" in plain
    suggestions = client.get(reverse("procedures:suggest"), {"q": "dang ky kh"}).json()
    assert suggestions["results"] == [
        {"code": "1.001193", "name": "Thủ tục đăng ký khai sinh", "url": "/thu-tuc/1.001193/"}
    ]
    wards = client.get(reverse("procedures:wards", args=["01"])).json()["wards"]
    assert ["00070", "Phường Hoàn Kiếm"] in wards
    assert client.get(reverse("procedures:wards", args=["00"])).status_code == 404


def formset(prefix: str, rows: list[dict[str, Any]], initial: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "200",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def test_an_administrator_builds_a_procedure_through_the_screens(
    catalogue: Catalogue, cast: Cast, login: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = login(cast.province_admin)
    commune = cast.province.commune_a
    response = client.post(
        reverse("procedures:admin_create"),
        {
            "code": "1.004884",
            "name": "Thủ tục đăng ký thường trú",
            "field": catalogue.civil.pk,
            "levels": ["commune"],
            "agencies": [commune.pk],
            "processing_time": "7",
            "time_unit": "days",
            "applicant_types": ["citizen"],
            "channels": ["counter", "online"],
            "service_level": "fully_online",
            "online_payment": "on",
            "legal_basis": "Luật Cư trú 2020; Nghị định 154/2024/NĐ-CP",
            "result": "Thông báo kết quả đăng ký cư trú",
        },
    )
    procedure = Procedure.objects.get(code="1.004884")
    assert response.status_code == 302 and procedure.status == PublicationStatus.DRAFT
    detail = reverse("procedures:admin_detail", args=[procedure.pk])

    template_file = SimpleUploadedFile(
        "CT01.docx", b"PK\x03\x04 word", content_type="application/octet-stream"
    )
    client.post(
        reverse("procedures:admin_documents", args=[procedure.pk]),
        {
            **formset("rows", [
                {"name": "Tờ khai thay đổi thông tin cư trú", "copy_kind": "original", "quantity": "1",
                 "required": "on", "online": "form", "template_name": "Mẫu CT01", "template": template_file},
                # An untouched extra row, as a browser sends it: ignored.
                {"name": "", "copy_kind": "original", "quantity": "1", "required": "on", "reusable": "on",
                 "online": "upload"},
            ]),
        },
    )  # fmt: skip
    document = procedure.documents.get()
    assert document.template.name.endswith(".docx")
    assert document.online == RequiredDocument.Online.FORM  # the online form is this declaration
    client.post(
        reverse("procedures:admin_fees", args=[procedure.pk]),
        formset("rows", [{"kind": "charge", "name": "Lệ phí đăng ký cư trú", "amount": "20000",
                          "condition": "Nộp hồ sơ trực tiếp"}]),
    )  # fmt: skip
    assert procedure.fees.get().amount == 20000

    response = client.post(reverse("procedures:admin_workflow_new", args=[procedure.pk]))
    template = procedure.workflows.get()
    assert response["Location"] == reverse("procedures:admin_workflow", args=[procedure.pk, template.pk])
    rows = [
        {"kind": "receive", "name": "Tiếp nhận", "role": "desk_officer", "allotted_hours": "4", "ORDER": "1"},
        {"kind": "process", "name": "Công an xã thẩm định", "role": "specialist", "allotted_hours": "44",
         "ORDER": "2"},
        {"kind": "approve", "name": "Trưởng Công an xã duyệt", "role": "leader", "allotted_hours": "4",
         "ORDER": "3"},
        {"kind": "return", "name": "Trả kết quả", "role": "desk_officer", "allotted_hours": "4",
         "ORDER": "4"},
    ]  # fmt: skip
    url = reverse("procedures:admin_workflow", args=[procedure.pk, template.pk])
    # 4 + 44 + 4 + 4 = 56 = 7 working days × 8; first a wrong total is refused with the figures.
    wrong = [dict(r) for r in rows]
    wrong[1]["allotted_hours"] = "40"
    page = client.post(url, {**formset("steps", wrong, initial=4), "action": "save"}).content.decode()
    assert "52" in page and "56" in page
    assert [s.allotted_hours for s in template.steps.order_by("position")][1] == 56  # the starting draft
    client.post(url, {**formset("steps", rows, initial=4), "action": "save"})
    assert [s.name for s in template.steps.order_by("position")][1] == "Công an xã thẩm định"
    client.post(url, {**formset("steps", rows, initial=4), "action": "publish"})
    template.refresh_from_db()
    assert template.status == PublicationStatus.PUBLISHED

    client.post(reverse("procedures:admin_form_new", args=[procedure.pk]))
    form_version = procedure.forms.get()
    form_url = reverse("procedures:admin_form", args=[procedure.pk, form_version.pk])
    fields = [
        {"name": "ho_ten", "label": "Họ và tên", "type": "text", "required": "on", "max_length": "100",
         "ORDER": "1"},
        {"name": "so_cccd", "label": "Số định danh cá nhân", "type": "cccd", "required": "on", "ORDER": "2"},
        {"name": "noi_o_moi", "label": "Nơi thường trú mới", "type": "address", "required": "on",
         "ORDER": "3"},
        {"name": "nguoi_di_cung", "label": "Người cùng đăng ký", "type": "group", "max": "5", "ORDER": "4"},
        {"group": "nguoi_di_cung", "name": "ho_ten", "label": "Họ tên", "type": "text", "required": "on",
         "ORDER": "5"},
        {"group": "nguoi_di_cung", "name": "quan_he", "label": "Quan hệ với chủ hộ", "type": "choice",
         "choices": "con|Con\nvo_chong|Vợ/chồng", "ORDER": "6"},
    ]  # fmt: skip
    client.post(form_url, {**formset("fields", fields), "action": "save"})
    form_version.refresh_from_db()
    assert [f["name"] for f in form_version.schema["fields"]] == [
        "ho_ten",
        "so_cccd",
        "noi_o_moi",
        "nguoi_di_cung",
    ]
    assert form_version.schema["fields"][3]["fields"][1]["choices"] == [
        ["con", "Con"],
        ["vo_chong", "Vợ/chồng"],
    ]
    preview = client.get(reverse("procedures:admin_form_preview", args=[procedure.pk, form_version.pk]))
    assert 'name="nguoi_di_cung-0-quan_he"' in preview.content.decode()
    client.post(form_url, {**formset("fields", fields, initial=6), "action": "publish"})
    form_version.refresh_from_db()
    assert form_version.status == PublicationStatus.PUBLISHED

    assert client.get(reverse("procedures:admin_preview", args=[procedure.pk])).status_code == 200
    client.post(reverse("procedures:admin_status", args=[procedure.pk]), {"status": "published"})
    procedure.refresh_from_db()
    assert procedure.status == PublicationStatus.PUBLISHED
    assert client.get(detail).status_code == 200

    client.logout()
    found = client.get(reverse("procedures:index"), {"q": "dang ky thuong tru"}).content.decode()
    assert "1.004884" in found
    page = client.get(reverse("procedures:detail", args=["1.004884"])).content.decode()
    download = reverse("procedures:template_file", args=["1.004884", document.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"PK\x03\x04 word"
    assert "attachment" in response["Content-Disposition"]


def test_admin_list_searches_within_what_the_viewer_may_edit(
    catalogue: Catalogue, cast: Cast, login: Any
) -> None:
    url = reverse("procedures:admin_list")
    html = login(cast.justice_admin).get(url, {"q": "dang ky"}).content.decode()
    assert "1.012755" in html and "1.001193" not in html  # the justice admin's draft only
    html = login(cast.province_admin).get(url, {"q": "dang ky", "status": "draft"}).content.decode()
    assert "1.012755" in html and "1.001193" not in html
