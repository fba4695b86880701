"""A small catalogue built through the services, on top of the fixed cast (tests/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from egov.organizations.models import Role, Staff
from egov.procedures.models import Field, Procedure
from egov.procedures.services import catalogue as services
from egov.procedures.services import forms as form_services
from egov.procedures.services import workflows
from egov.procedures.services.catalogue import ProcedureData
from tests.conftest import Cast
from tests.factories import SYSTEM, make_staff

BIRTH_FORM: dict[str, Any] = {
    "fields": [
        {
            "name": "ho_ten",
            "label": "Họ, chữ đệm và tên",
            "type": "text",
            "required": True,
            "max_length": 100,
        },
        {"name": "ngay_sinh", "label": "Ngày sinh", "type": "date", "required": True, "max": "today"},
        {
            "name": "gioi_tinh",
            "label": "Giới tính",
            "type": "choice",
            "required": True,
            "choices": [["nam", "Nam"], ["nu", "Nữ"]],
        },
        {"name": "so_cccd", "label": "Số định danh cá nhân người đi khai", "type": "cccd", "required": True},
        {"name": "noi_cu_tru", "label": "Nơi cư trú", "type": "address", "required": True},
        {"name": "dien_thoai", "label": "Số điện thoại", "type": "phone"},
        {"name": "email", "label": "Email", "type": "email"},
        {"name": "so_con", "label": "Số con", "type": "number", "min": 0, "max": 20},
        {
            "name": "thanh_vien",
            "label": "Thành viên hộ",
            "type": "group",
            "min": 0,
            "max": 3,
            "fields": [
                {"name": "ho_ten", "label": "Họ tên", "type": "text", "required": True},
                {"name": "quan_he", "label": "Quan hệ", "type": "text"},
            ],
        },
    ]
}

#: 1 working day = 8 working hours (Labour Code 2019 art. 105).
BIRTH_STEPS = [
    ("receive", "Tiếp nhận hồ sơ", "desk_officer", "0.5"),
    ("process", "Công chức tư pháp - hộ tịch kiểm tra, ghi sổ", "specialist", "6"),
    ("approve", "Chủ tịch UBND xã ký", "leader", "1"),
    ("return", "Trả kết quả", "desk_officer", "0.5"),
]


def steps(rows: list[tuple[str, str, str, str]] = BIRTH_STEPS) -> list[dict[str, Any]]:
    return [
        {"kind": k, "name": n, "role": r, "agency": None, "allotted_hours": Decimal(h)} for k, n, r, h in rows
    ]


@dataclass
class Catalogue:
    civil: Field
    land: Field
    birth: Procedure
    draft: Procedure


def build_procedure(actor: Any, field: Field, agencies: list, publish: bool = True, **data: Any) -> Procedure:
    values = {
        "code": "1.001193",
        "name": "Thủ tục đăng ký khai sinh",
        "field": field,
        "levels": ["commune"],
        "processing_time": Decimal(1),
        "time_unit": "days",
        "applicant_types": ["citizen"],
        "channels": ["counter", "online", "post"],
        "service_level": "partly_online",
        "online_payment": True,
        "legal_basis": "Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP",
        "result": "Giấy khai sinh",
        **data,
    }
    procedure = services.create_procedure(actor, ProcedureData(**values), agencies=agencies)
    services.save_documents(
        actor,
        procedure,
        [
            {"name": "Tờ khai đăng ký khai sinh", "copy_kind": "original", "quantity": 1, "required": True,
             "reusable": False, "online": "form", "template_name": "Tờ khai đăng ký khai sinh", "note": ""},
            {"name": "Giấy chứng sinh", "copy_kind": "original", "quantity": 1, "required": True,
             "reusable": True, "template_name": "", "note": ""},
        ],
    )  # fmt: skip
    services.save_fees(
        actor,
        procedure,
        [{"kind": "charge", "name": "Lệ phí đăng ký khai sinh", "amount": Decimal(0),
          "condition": "Đăng ký đúng hạn", "legal_basis": "Thông tư 85/2019/TT-BTC"}],
    )  # fmt: skip
    if publish:
        template = workflows.new_workflow_draft(actor, procedure)
        workflows.save_workflow_steps(actor, template, steps())
        workflows.publish_workflow(actor, template)
        form = form_services.new_form_draft(actor, procedure)
        form_services.save_form_schema(actor, form, BIRTH_FORM)
        form_services.publish_form(actor, form)
        services.set_status(actor, procedure, "published")
    procedure.refresh_from_db()
    return procedure


@pytest.fixture
def catalogue(cast: Cast) -> Catalogue:
    civil = services.save_field(SYSTEM, code="HT", name="Hộ tịch", sort_order=1)
    land = services.save_field(SYSTEM, code="DD", name="Đất đai", sort_order=2)
    p = cast.province
    # The birth workflow's steps name no agency: they happen at commune A's counter, where somebody must
    # hold each step's role or the workflow is refused at publication (workflows.unstaffed_steps).
    make_staff("chuyenvien.anbinh", p.commune_a, (Role.SPECIALIST,), "Lý Thị Hộ")
    make_staff("chutich.anbinh", p.commune_a, (Role.LEADER,), "Trịnh Văn Chủ")
    birth = build_procedure(SYSTEM, civil, [p.commune_a, p.commune_b])
    draft = build_procedure(
        SYSTEM,
        land,
        [p.justice],
        publish=False,
        code="1.012755",
        name="Đăng ký đất đai lần đầu",
        processing_time=Decimal(17),
        levels=["commune", "province"],
        channels=["counter"],
        online_payment=False,
    )
    return Catalogue(civil, land, birth, draft)


@pytest.fixture
def commune_admin(cast: Cast) -> Staff:
    """An agency administrator of commune A, which carries out the birth registration with commune B."""
    return make_staff("quantri.anbinh", cast.province.commune_a, (Role.AGENCY_ADMIN,), "Đinh Văn Trị")
