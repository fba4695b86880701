"""What the applicant may open again from their dossier's page after it was accepted: the receipt slip
(giấy tiếp nhận hồ sơ và hẹn trả kết quả, the form of the rule set the dossier was received under, built by
`egov.dossiers.slipbuild` exactly as the counter prints it) and the confirmation of each payment made
online (`egov.payments`' own pages). Access is the dossier page's (`selectors.dossier_for`): its applicant
accounts only."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from egov.dossiers import slipbuild
from egov.dossiers.models import Dossier
from egov.dossiers.slips import Slip
from egov.dossiers.slips.closure import ClosureNotice
from egov.payments.models import Payment

RECEIPT = "receipt"


def has_receipt(d: Dossier) -> bool:
    """A receipt slip exists once the dossier was received (or accepted online), if its rule set has one."""
    return d.received_at is not None and any(name == RECEIPT for name, _event in slipbuild.available(d))


def receipt(d: Dossier) -> Slip | ClosureNotice | None:
    """The receipt slip's data, or None before the dossier was received."""
    for name, event in slipbuild.available(d):
        if name == RECEIPT:
            return slipbuild.build(d, RECEIPT, event)
    return None


def paid(d: Dossier) -> QuerySet[Payment]:
    """The payments made online for this dossier, oldest first: its own, and the one payment of the linked
    filing it is part of (a bundle's payment is recorded on its first part)."""
    return (
        Payment.objects.filter(Q(dossier=d) | Q(bundle__parts__dossier=d), state=Payment.State.PAID)
        .distinct()
        .order_by("finished_at", "id")
    )
