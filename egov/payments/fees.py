"""What an applicant owes for a procedure, by the channel it is filed through.

    fees_due(procedure, Channel.ONLINE)   # [(name, amount), ...] to record on the dossier at submission

One place computes it, so the filing summary, the dossier's fee rows and the payment agree. A fee whose own
rule charges less for online filing (`Fee.online_amount`, with its legal basis and the dates it applies
between) is charged that amount on the online channel; every other channel pays `Fee.amount`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from egov.procedures.models import Channel, Fee, Procedure


def amount_for(fee: Fee, channel: str, day: dt.date) -> Decimal:
    """What `fee` costs filed through `channel` on `day`."""
    if channel != Channel.ONLINE or fee.online_amount is None:
        return fee.amount
    if fee.online_from is not None and day < fee.online_from:
        return fee.amount
    if fee.online_until is not None and day > fee.online_until:
        return fee.amount
    return fee.online_amount


def fees_due(procedure: Procedure, channel: str, on: dt.date | None = None) -> list[tuple[str, Decimal]]:
    """The fees and charges of `procedure` (phí, lệ phí) filed through `channel` on `on` (default today),
    in the catalogue's order."""
    day = on or timezone.localdate()
    return [(fee.name, amount_for(fee, channel, day)) for fee in procedure.fees.all()]
