"""The fee rows a dossier is filed with: (name, amount) pairs, or lines with their reason as
egov.payments.fees computes them (`Due`), without the dossiers app importing payments."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol

from egov.dossiers.models import Dossier, DossierFee


class FeeLine(Protocol):
    """A line owed as egov.payments.fees computes it (`Due`): dossiers does not import payments."""

    @property
    def name(self) -> str: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def why(self) -> str: ...
    @property
    def fee_id(self) -> int | None: ...


def fee_rows(dossier: Dossier, lines: Iterable[tuple[str, Decimal] | FeeLine]) -> list[DossierFee]:
    """The unsaved fee rows of `dossier` for `lines`: (name, amount) pairs, or lines with their reason."""
    rows = []
    for line in lines:
        if isinstance(line, tuple):
            rows.append(DossierFee(dossier=dossier, name=line[0], amount=line[1]))
        else:
            rows.append(
                DossierFee(
                    dossier=dossier, name=line.name, amount=line.amount, why=line.why, fee_id=line.fee_id
                )
            )
    return rows
