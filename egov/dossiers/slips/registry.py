"""Which official form (and so which template) prints a slip, by the rule in force on a date.

Each slip type has one `Layout` per legal version: the template file, the form number and
name in the annex, the legal source and the day it took effect. The form numbers are read
from the `slips` section of the rule set that cites them (egov/dossiers/rules/*.json).
`layout_for(type, on)` picks the newest layout in force on that day, so a dossier received
under Circular 01/2018/TT-VPCP can still be printed in that circular's layout after Circular
03/2025/TT-VPCP replaced it.

Sources (docs/slips.md gives more):
- Circular 01/2018/TT-VPCP of 23 November 2018 guiding Decree 61/2018/NĐ-CP, annex forms
  01-06 (05 the control sheet, 06 the tracking book); in force from 8 January 2019 (unverified).
- Circular 03/2025/TT-VPCP of 15 September 2025 guiding Decree 118/2025/NĐ-CP, Annex I forms
  01-07, applied from 15 September 2025 (list of forms as published, e.g.
  thuviennhadat.vn "Tải file word biểu mẫu Thông tư 03/2025/TT-VPCP ...").

The 2025 circular renamed "Bộ phận tiếp nhận và trả kết quả" to "Bộ phận Một cửa" (after
Decree 118/2025/NĐ-CP), renumbered the control sheet (05 → 06) and the tracking book
(06 → 07), turned the apology into "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết" and
added form 05 "Thông báo dừng giải quyết hồ sơ". Slips whose layout did not change share one
template; the wording that changed is passed to it as `terms`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from egov.dossiers.rules import rules_by_version
from egov.dossiers.slips.data import (
    Apology,
    ControlSheet,
    ReceiptSlip,
    Refusal,
    StopNotice,
    SupplementRequest,
    TrackingBook,
)

CIRCULAR_2018 = "Thông tư số 01/2018/TT-VPCP"
CIRCULAR_2025 = "Thông tư số 03/2025/TT-VPCP"
ANNEX_I_2025 = CIRCULAR_2025 + ", Phụ lục I"
FROM_2018 = dt.date(2019, 1, 8)
FROM_2025 = dt.date(2025, 9, 15)
# The rule sets (egov/dossiers/rules/*.json) whose `slips` section numbers each circular's forms.
RULES_2018 = "nd61-2018"
RULES_2025 = "nd118-2025"

# The counter's name in each circular.
_TERMS_2018 = {"counter": "Bộ phận tiếp nhận và trả kết quả"}
_TERMS_2025 = {"counter": "Bộ phận Một cửa"}


@dataclass(frozen=True)
class Layout:
    """One legal version of one slip: which template prints it and where the form comes from."""

    kind: type
    template: str  # file name under templates/
    form_number: str  # "01"
    form_name: str  # as the annex names it
    source: str  # the circular and annex
    effective_from: dt.date
    terms: dict[str, str] = field(default_factory=dict)

    @property
    def citation(self) -> str:
        # egov's own notices have no form number: their source says that no form is prescribed.
        return f"Mẫu số {self.form_number} - {self.source}" if self.form_number else self.source


def _form(version: str, slip: str) -> str:
    """The form number ("05") of a slip in a rule set's `slips` section (egov/dossiers/rules/*.json).

    The numbers are legal data: they live with the rule set that cites them, not here.
    """
    number = rules_by_version(version).slip_form(slip)
    if number is None:
        raise LookupError(f"{version} has no form for {slip}")
    return number.removeprefix("Mẫu số ").strip()


# (slip type, key in the rules JSON's `slips` section, template, form name).
_SLIPS_2018 = (
    (ReceiptSlip, "receipt", "receipt.typ", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    (SupplementRequest, "supplement", "supplement.typ", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    (Refusal, "refusal", "refusal.typ", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    (Apology, "apology", "apology_2018.typ", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
    (ControlSheet, "control", "control.typ", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
    (TrackingBook, "book", "book.typ", "Sổ theo dõi hồ sơ"),
)
_SLIPS_2025 = (
    (ReceiptSlip, "receipt", "receipt.typ", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    (SupplementRequest, "supplement", "supplement.typ", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    (Refusal, "refusal", "refusal.typ", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    (Apology, "apology", "apology_2025.typ", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"),
    (StopNotice, "stop", "stop.typ", "Thông báo dừng giải quyết hồ sơ"),
    (ControlSheet, "control", "control.typ", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
    (TrackingBook, "book", "book.typ", "Sổ theo dõi hồ sơ"),
)

LAYOUTS: tuple[Layout, ...] = tuple(
    Layout(kind, template, _form(RULES_2018, key), name, CIRCULAR_2018, FROM_2018, _TERMS_2018)
    for kind, key, template, name in _SLIPS_2018
) + tuple(
    Layout(kind, template, _form(RULES_2025, key), name, ANNEX_I_2025, FROM_2025, _TERMS_2025)
    for kind, key, template, name in _SLIPS_2025
)


# egov's own notices, for which no form is prescribed (the form number is left empty).
from egov.dossiers.slips.closure import NOT_A_FORM, ClosureNotice  # noqa: E402

LAYOUTS += (
    Layout(
        ClosureNotice,
        "closure.typ",
        "",
        "Thông báo đóng hồ sơ",
        # Printed at the top right where the others cite their form, and in the PDF's metadata.
        NOT_A_FORM,
        dt.date(2025, 7, 1),
        _TERMS_2025,
    ),
)


def layout_for(kind: type, on: dt.date) -> Layout:
    """The layout of `kind` in force on `on`.

    A date before a slip's first legal version (a stop notice, which only Circular
    03/2025/TT-VPCP prescribes) gets that first version: there is no older form to use.
    """
    versions = sorted((lay for lay in LAYOUTS if lay.kind is kind), key=lambda lay: lay.effective_from)
    if not versions:
        raise LookupError(f"No layout for {kind.__name__}")
    in_force = [lay for lay in versions if lay.effective_from <= on]
    return in_force[-1] if in_force else versions[0]
