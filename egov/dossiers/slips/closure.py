"""Thông báo đóng hồ sơ: the notice that a dossier was closed because the applicant did not complete it
within the period after the supplement notice (Decree 118/2025/NĐ-CP art. 19.5, "đóng hồ sơ").

No form is prescribed for it: the decree names no slip for the closure and Circular 03/2025/TT-VPCP's Annex I
has none (its Mẫu 05 is the stop at the applicant's request). This is egov's own notice, laid out like the
others (Decree 30/2020/NĐ-CP, Annex I) and marked on the page as not a prescribed form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from egov.dossiers.slips.data import DossierRef, Office, Signer

#: Printed under the title: this notice follows no form of a circular.
NOT_A_FORM = "Không có mẫu quy định (Nghị định 118/2025/NĐ-CP, Điều 19 khoản 5); mẫu của hệ thống egov"


@dataclass(frozen=True)
class ClosureNotice:
    """The dossier, when the supplement was asked for (`notice_at`) and what, the period the rules give
    (`period_days`, plain days), and the signature of the one-stop unit's body (`signers.body_signature`)."""

    office: Office
    dossier: DossierRef
    notice_at: dt.datetime
    missing: tuple[str, ...]
    period_days: int
    signer: Signer
    issued_at: dt.datetime
    legal_basis: str = "khoản 5 Điều 19 Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ"
    number: str = ""

    @property
    def legal_date(self) -> dt.date:
        return self.issued_at.date()
