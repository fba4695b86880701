"""Printable one-stop slips (PDF) in the layouts of the Government Office circulars.

Build a slip from `egov.dossiers.slips.data` and render it with `render_pdf`.
"""

from egov.dossiers.slips.data import (
    Apology,
    Applicant,
    BookRow,
    ControlSheet,
    DossierRef,
    Fee,
    Office,
    Paper,
    ReceiptSlip,
    Refusal,
    Signer,
    Slip,
    StepRow,
    StopNotice,
    SupplementItem,
    SupplementRequest,
    Timeliness,
    TrackingBook,
)
from egov.dossiers.slips.render import SlipRenderError, render_pdf

__all__ = [
    "Apology",
    "Applicant",
    "BookRow",
    "ControlSheet",
    "DossierRef",
    "Fee",
    "Office",
    "Paper",
    "ReceiptSlip",
    "Refusal",
    "Signer",
    "Slip",
    "SlipRenderError",
    "StepRow",
    "StopNotice",
    "SupplementItem",
    "SupplementRequest",
    "Timeliness",
    "TrackingBook",
    "render_pdf",
]
