"""The catalogue workbook's sheets and columns: fixed Vietnamese headers (a file format, not screen text).

Sheets: Lĩnh vực, Thủ tục, Thành phần hồ sơ, Phí lệ phí, Trường biểu mẫu, Bước quy trình (one row per
field, procedure, paper, fee, form field, step; child rows name their procedure by its code, in order),
plus a "Hướng dẫn" sheet that lists the allowed codes and is ignored on import. Lists are written as
codes separated by commas, yes/no as "Có"/"Không".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

YES, NO = "Có", "Không"
TRUE_WORDS = {"co", "x", "1", "true", "yes", "dung"}
FALSE_WORDS = {"khong", "0", "false", "no", "sai", ""}
LIST_SPLIT = re.compile(r"[,;\n]+")


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple[tuple[str, str], ...]  # (key, header)

    def header(self, key: str) -> str:
        return dict(self.columns).get(key, key)


FIELDS = Sheet(
    "fields", "Lĩnh vực", (("code", "Mã lĩnh vực"), ("name", "Tên lĩnh vực"), ("sort_order", "Thứ tự"))
)
PROCEDURES = Sheet(
    "procedures",
    "Thủ tục",
    (
        ("code", "Mã thủ tục"),
        ("name", "Tên thủ tục"),
        ("field", "Mã lĩnh vực"),
        ("levels", "Cấp thực hiện"),
        ("agencies", "Cơ quan thực hiện (mã)"),
        ("processing_time", "Thời hạn giải quyết"),
        ("time_unit", "Đơn vị thời hạn"),
        ("processing_note", "Ghi chú thời hạn"),
        ("applicant_types", "Đối tượng thực hiện"),
        ("channels", "Cách thức thực hiện"),
        ("service_level", "Mức độ dịch vụ công trực tuyến"),
        ("online_payment", "Thanh toán trực tuyến"),
        ("inter_agency_group", "Nhóm TTHC liên thông"),
        ("legal_basis", "Căn cứ pháp lý"),
        ("result", "Kết quả thực hiện"),
        ("result_type_code", "Mã loại kết quả"),
        ("requirements", "Yêu cầu, điều kiện"),
        ("steps_text", "Trình tự thực hiện"),
        ("source", "Nguồn dữ liệu"),
        ("status", "Trạng thái"),
        # Added after the agreed columns, so existing workbooks keep their column letters.
        ("same_day_cutoff", "Giờ chốt nhận trong ngày"),
        ("time_limit_source", "Căn cứ thời hạn"),
    ),
)
DOCUMENTS = Sheet(
    "documents",
    "Thành phần hồ sơ",
    (
        ("procedure", "Mã thủ tục"),
        ("position", "STT"),
        ("name", "Tên giấy tờ"),
        ("copy_kind", "Bản chính/bản sao"),
        ("quantity", "Số lượng"),
        ("required", "Bắt buộc"),
        ("reusable", "Dùng lại bản số hóa"),
        ("template_name", "Tên mẫu đơn, tờ khai"),
        ("note", "Ghi chú"),
        # last, so that the columns of files written before it keep their letters
        ("online", "Khi nộp trực tuyến (upload/form/database)"),
    ),
)
FEES = Sheet(
    "fees",
    "Phí lệ phí",
    (
        ("procedure", "Mã thủ tục"),
        ("position", "STT"),
        ("kind", "Loại (phí/lệ phí)"),
        ("name", "Tên phí, lệ phí"),
        ("amount", "Mức thu (đồng)"),
        ("condition", "Trường hợp áp dụng"),
        ("legal_basis", "Căn cứ thu"),
        ("online_amount", "Mức thu khi nộp trực tuyến (đồng)"),
        ("online_basis", "Căn cứ mức thu trực tuyến"),
        ("online_from", "Mức trực tuyến từ ngày"),
        ("online_until", "Mức trực tuyến đến ngày"),
        ("applies", "Khi nào thu (always/chosen/confirmed)"),
        ("case", "Trường hợp (câu hỏi cho người nộp)"),
        ("case_basis", "Căn cứ của trường hợp"),
        ("replaces", "Thu thay cho (tên khoản, mỗi dòng một khoản)"),
        # last, so that the columns of files written before them keep their letters
        ("per_field", "Tính theo số lượng ở trường biểu mẫu (mã trường)"),
        ("per_from", "Tính từ đơn vị thứ"),
        ("when_field", "Trường hợp xác định theo ngày ở trường biểu mẫu (mã trường)"),
        ("when_days", "Áp dụng khi quá số ngày"),
    ),
)
FORM_FIELDS = Sheet(
    "form",
    "Trường biểu mẫu",
    (
        ("procedure", "Mã thủ tục"),
        ("position", "STT"),
        ("group", "Thuộc nhóm"),
        ("name", "Tên trường"),
        ("label", "Nhãn"),
        ("type", "Kiểu"),
        ("required", "Bắt buộc"),
        ("help", "Hướng dẫn"),
        ("max_length", "Độ dài tối đa"),
        ("min", "Tối thiểu"),
        ("max", "Tối đa"),
        ("choices", "Lựa chọn (giá trị|nhãn)"),
        ("pattern", "Mẫu kiểm tra"),
        ("pattern_message", "Thông báo khi sai mẫu"),
    ),
)
STEPS = Sheet(
    "steps",
    "Bước quy trình",
    (
        ("procedure", "Mã thủ tục"),
        ("template_agency", "Quy trình riêng của cơ quan (mã)"),
        ("position", "STT"),
        ("kind", "Loại bước"),
        ("name", "Tên bước"),
        ("role", "Vai trò"),
        ("agency", "Cơ quan thực hiện bước (mã)"),
        ("allotted_hours", "Số giờ làm việc"),
        # last, so that the columns of files written before it keep their letters
        ("local_unit", "Đơn vị của cơ quan phục vụ xã nơi nhận hồ sơ"),
    ),
)
SHEETS = (FIELDS, PROCEDURES, DOCUMENTS, FEES, FORM_FIELDS, STEPS)
TEXT_COLUMNS = {"code", "field", "procedure", "agencies", "template_agency", "agency", "name", "group"}
LIST_KEYS = ("levels", "applicant_types", "channels", "agencies")
BOOL_KEYS = ("online_payment", "inter_agency_group", "required", "reusable")
NUMBER_KEYS = (
    "processing_time",
    "amount",
    "allotted_hours",
    "quantity",
    "sort_order",
    "max_length",
    "per_from",
    "when_days",
)
