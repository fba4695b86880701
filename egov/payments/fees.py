"""What an applicant owes for a procedure, by the channel it is filed through.

    fees_due(procedure, Channel.ONLINE)   # [(name, amount), ...] to record on the dossier at submission

One place computes it, so the filing summary, the dossier's fee rows and the payment agree.
"""

from __future__ import annotations

from decimal import Decimal

from egov.procedures.models import Procedure


def fees_due(procedure: Procedure, channel: str) -> list[tuple[str, Decimal]]:
    """The fees and charges of `procedure` (phí, lệ phí) filed through `channel`, in the catalogue's order."""
    return [(fee.name, fee.amount) for fee in procedure.fees.all()]
