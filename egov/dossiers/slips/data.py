"""What each one-stop slip needs to be printed: plain frozen dataclasses, no ORM.

The dossier code builds one of these from its models and calls
`egov.dossiers.slips.render_pdf(slip)`. Nothing here touches the database, so a
slip can be rendered (and tested) from any source.

The slips are the forms annexed to the Government Office circulars on the
one-stop mechanism (see docs/slips.md for the form numbers):

- Circular 01/2018/TT-VPCP (guiding Decree 61/2018/NĐ-CP), forms 01-06;
- Circular 03/2025/TT-VPCP of 15 September 2025 (guiding Decree 118/2025/NĐ-CP),
  Annex I, forms 01-07, which replaced it.

Datetimes should be timezone-aware; they are printed in Vietnam time
(Asia/Ho_Chi_Minh). Naive datetimes are taken as already in Vietnam time.
Money is in đồng (VND), as integers.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Office:
    """The agency that issues the slip: printed top left, its locality in the date line.

    `parent_name` is the governing body (cơ quan chủ quản), printed above `name`
    in the header (Decree 30/2020/NĐ-CP, Annex I, item 2: tên cơ quan chủ quản
    trực tiếp, then tên cơ quan ban hành). `locality` is the place name of the
    date line ("Hà Nội, ngày 05 tháng 9 năm 2025").
    """

    name: str
    parent_name: str = ""
    locality: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Applicant:
    """The person or organisation who filed the dossier (người nộp hồ sơ / tổ chức, cá nhân)."""

    name: str
    id_number: str = ""  # số định danh cá nhân / CCCD, or the enterprise code of an organisation
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Signer:
    """Who signs a slip issued in the agency's name (Decree 30/2020/NĐ-CP, Annex I, item 8).

    `authority` is the signing-authority line, e.g. "TM. ỦY BAN NHÂN DÂN" or "KT. GIÁM ĐỐC",
    `title` the signer's own position ("PHÓ GIÁM ĐỐC"), `name` their full name.
    """

    name: str
    title: str = ""
    authority: str = ""


@dataclass(frozen=True)
class Paper:
    """One paper in the dossier (thành phần hồ sơ) as listed on the receipt."""

    name: str
    copy_kind: str = ""  # "Bản chính", "Bản sao", "Bản sao có chứng thực", "Bản điện tử"...
    quantity: int = 1


@dataclass(frozen=True)
class Fee:
    """A fee or charge (phí, lệ phí) collected or due for the dossier, in đồng."""

    name: str
    amount: int
    note: str = ""


@dataclass(frozen=True)
class SupplementItem:
    """One thing the applicant must add or correct, and why (Phiếu yêu cầu bổ sung)."""

    content: str
    reason: str = ""


class Timeliness(enum.StrEnum):
    """How a step or a dossier finished against its deadline (control sheet, tracking book)."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"

    @property
    def label_vi(self) -> str:
        # The wording of the control-sheet column: "Trước hạn/đúng hạn/quá hạn".
        return {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}[self.value]


@dataclass(frozen=True)
class StepRow:
    """One hand-over on the control sheet (Phiếu kiểm soát quá trình giải quyết hồ sơ).

    The unit/person handing the dossier over, the unit/person receiving it, when,
    the step's deadline, when the receiving unit finished, and whether that was
    early, on time or late. `timeliness` None means the step is still open.
    """

    order: int
    from_unit: str
    to_unit: str
    handed_over_at: dt.datetime
    from_person: str = ""
    to_person: str = ""
    due_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    timeliness: Timeliness | None = None
    result: str = ""  # free text, e.g. "Trình ký", "Đã có kết quả"
    note: str = ""


@dataclass(frozen=True)
class BookRow:
    """One dossier on the tracking book (Sổ theo dõi hồ sơ)."""

    dossier_code: str
    procedure_name: str
    applicant_name: str
    received_at: dt.datetime
    due_at: dt.datetime | None = None
    applicant_address: str = ""
    applicant_phone: str = ""
    quantity: int = 1  # số lượng hồ sơ (bộ)
    handling_agency: str = ""  # cơ quan chủ trì giải quyết
    transferred_at: dt.datetime | None = None  # chuyển hồ sơ đến cơ quan giải quyết
    result_received_at: dt.datetime | None = None  # nhận kết quả từ cơ quan giải quyết
    returned_at: dt.datetime | None = None  # trả kết quả cho tổ chức, cá nhân
    note: str = ""  # status or remarks: "Đã trả", "Đang giải quyết", "Rút hồ sơ"...


@dataclass(frozen=True)
class DossierRef:
    """The dossier a slip is about: code, procedure and when it was received.

    A dossier code exists only once the dossier is received (Decree 118/2025/NĐ-CP art. 17.3): papers
    guided or refused at the counter without receiving have no `code`, and an online submission not yet
    accepted has its `submission_ref` instead; both have `received=False`, and `received_at` is then the
    moment the papers were brought or filed.
    """

    code: str
    procedure_name: str
    received_at: dt.datetime
    applicant: Applicant
    due_at: dt.datetime | None = None
    submission_ref: str = ""  # "NOP-261204-7KQ3MZ9P", printed as such, never as a dossier code
    received: bool = True


@dataclass(frozen=True)
class ReceiptSlip:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả (form 01 of both circulars).

    `processing_time` is the legal time limit as worded in the procedure
    ("10 ngày làm việc"). `lookup_url` is encoded as the QR code so the
    applicant can look the dossier up; `channel` is how it was filed
    ("Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính").
    """

    office: Office
    dossier: DossierRef
    received_by: str
    papers: tuple[Paper, ...]
    due_at: dt.datetime
    processing_time: str = ""
    return_place: str = ""
    channel: str = ""
    lookup_url: str = ""
    #: The dossier's number for the telephone line's keypad (egov.dossiers.keypad), and the line's number.
    keypad_number: str = ""
    ivr_phone: str = ""
    fees: tuple[Fee, ...] = ()
    #: Where the applicant rates the service once the result is returned (egov.feedback.links): printed with
    #: its own QR code in the applicant's copy's lower part, "Đánh giá sau khi nhận kết quả". Egov has no
    #: slip given at the return, so the receipt carries it.
    rating_url: str = ""
    sets: int = 1  # số lượng hồ sơ (bộ)
    copies: int = 2  # the form is made in two copies (liên): applicant and the office
    book_ref: str = ""  # "Vào Sổ theo dõi hồ sơ, Quyển số ..., Số thứ tự ..."
    issued_at: dt.datetime | None = None  # defaults to dossier.received_at
    number: str = ""  # the "Số:" line, "05/TNHS-TTPVHCC"

    @property
    def legal_date(self) -> dt.date:
        return self.dossier.received_at.date()


@dataclass(frozen=True)
class SupplementRequest:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (form 02 of both circulars).

    `contact_person`/`contact_phone`: whom the applicant calls while completing
    the dossier, as the form asks.
    """

    office: Office
    dossier: DossierRef
    items: tuple[SupplementItem, ...]
    officer: str
    issued_at: dt.datetime
    contact_person: str = ""
    contact_phone: str = ""
    lookup_url: str = ""
    number: str = ""  # the "Số:" line

    @property
    def legal_date(self) -> dt.date:
        return self.dossier.received_at.date()


@dataclass(frozen=True)
class Refusal:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ (form 03 of both circulars)."""

    office: Office
    dossier: DossierRef
    reasons: tuple[str, ...]
    officer: str
    issued_at: dt.datetime
    lookup_url: str = ""
    number: str = ""  # the "Số:" line
    #: The competent body's signature, for a refusal after reception (Decree 118/2025/NĐ-CP art. 19);
    #: None for a refusal at the counter, which the receiving officer signs.
    signer: Signer | None = None

    @property
    def legal_date(self) -> dt.date:
        return self.dossier.received_at.date()


@dataclass(frozen=True)
class Apology:
    """The apology for a late result with a new date.

    Circular 01/2018: form 04 "Phiếu xin lỗi và hẹn lại ngày trả kết quả".
    Circular 03/2025: form 04 "Văn bản xin lỗi và đề nghị gia hạn thời gian
    giải quyết". `number` is the document number/symbol ("Số: 12/TB-TTPVHCC").
    """

    office: Office
    dossier: DossierRef
    old_due_at: dt.datetime
    new_due_at: dt.datetime
    reason: str
    signer: Signer
    issued_at: dt.datetime
    number: str = ""

    @property
    def legal_date(self) -> dt.date:
        return self.dossier.received_at.date()


@dataclass(frozen=True)
class StopNotice:
    """Thông báo dừng giải quyết hồ sơ (Circular 03/2025/TT-VPCP, form 05; none in 01/2018).

    `legal_basis`: the provision or fact the stop rests on (e.g. the applicant's
    withdrawal request, or a reply of a competent authority).
    """

    office: Office
    dossier: DossierRef
    reason: str
    signer: Signer
    issued_at: dt.datetime
    legal_basis: str = ""
    number: str = ""

    @property
    def legal_date(self) -> dt.date:
        return self.issued_at.date()


@dataclass(frozen=True)
class ControlSheet:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ (form 05 in 01/2018, form 06 in 03/2025)."""

    office: Office
    dossier: DossierRef
    rows: tuple[StepRow, ...]
    due_at: dt.datetime | None = None
    lookup_url: str = ""

    @property
    def legal_date(self) -> dt.date:
        return self.dossier.received_at.date()


@dataclass(frozen=True)
class TrackingBook:
    """Sổ theo dõi hồ sơ for one counter and period (form 06 in 01/2018, form 07 in 03/2025)."""

    office: Office
    counter_name: str
    period_start: dt.date
    period_end: dt.date
    rows: tuple[BookRow, ...] = field(default_factory=tuple)
    volume: str = ""  # quyển số

    @property
    def legal_date(self) -> dt.date:
        return self.period_start


Slip = ReceiptSlip | SupplementRequest | Refusal | Apology | StopNotice | ControlSheet | TrackingBook
