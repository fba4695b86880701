"""The officer corrects the case a dossier's fees were charged for.

    cases_of(dossier)                                   # (chosen, confirmed): the case lines charged now
    correct_fees(actor=officer, dossier=d, chosen={late.pk}, confirmed={poor.pk}, note="Sổ hộ nghèo 2026")

The applicant chose their case on the online form (egov.payments.fees); the desk officer sees it beside the
papers and corrects it: a case the papers do not bear out, or an exemption or reduction the papers prove.
The dossier's fee lines become those the corrected case selects, in one transaction with its audit row and
the applicant's message (outbox, event "fees_corrected"):

- a line no longer owed is removed; if it had been charged, a ledger row "charge withdrawn" (`waiver`,
  key `waive:fee:<row id>`) cancels the charge, so what was paid for it shows as money to give back
  (a negative balance). egov does not send refunds through the gateway (docs/payments.md, "Not done"): the
  officer is told the amount, and the agency gives it back by its own procedure;
- a line newly owed is added unpaid: the applicant pays it from the same pay page (a top-up);
- lines still owed are left as they are, paid or not.

The catalogue lines are taken as they are now; the amount of a line (online or not) is that of the day the
dossier was submitted or received.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.audit import Actor
from egov.core.money import format_vnd
from egov.dossiers.models import Dossier, DossierFee
from egov.dossiers.notifications import tell_applicant
from egov.payments import permissions, selectors
from egov.payments.fees import Due, fees_due
from egov.payments.models import LedgerEntry
from egov.procedures.models import Fee


@dataclass(frozen=True)
class Corrected:
    """What the correction changed: the names of the lines removed and added, what is left to pay, and
    what was paid too much (to give back outside egov)."""

    removed: list[str]
    added: list[str]
    owed: Decimal
    give_back: Decimal


def cases_of(dossier: Dossier) -> tuple[set[int], set[int]]:
    """The catalogue lines of the applicant's case (chosen) and of the officer's (confirmed) that the
    dossier is charged now."""
    chosen: set[int] = set()
    confirmed: set[int] = set()
    for row in dossier.fees.filter(fee__isnull=False).select_related("fee"):
        assert row.fee is not None
        if row.fee.applies == Fee.Applies.CHOSEN:
            chosen.add(row.fee.pk)
        elif row.fee.applies == Fee.Applies.CONFIRMED:
            confirmed.add(row.fee.pk)
    return chosen, confirmed


def _match(rows: list[DossierFee], wanted: list[Due]) -> tuple[list[DossierFee], list[Due]]:
    """The rows no longer wanted and the lines not yet there. A row made before rows kept their catalogue
    line is matched by name."""
    left = list(rows)
    missing = []
    for line in wanted:
        row = next((r for r in left if r.fee_id is not None and r.fee_id == line.fee_id), None)
        row = row or next((r for r in left if r.fee_id is None and r.name == line.name), None)
        if row is None:
            missing.append(line)
        else:
            left.remove(row)
    return left, missing


def correct_fees(
    *,
    actor: Actor,
    dossier: Dossier,
    chosen: Collection[int],
    confirmed: Collection[int],
    note: str,
    now: dt.datetime | None = None,
) -> Corrected:
    """Charge the dossier for the case as the officer corrected it (see the module's docstring). `note`
    says what the papers show; required. Refused, changing nothing, for anyone but a desk officer of the
    receiving agency, without a note, or for a case the procedure does not list."""
    now = now or timezone.now()
    note = note.strip()
    if not permissions.may_correct_fees(actor, dossier):
        raise PermissionDenied(_("Only a desk officer of the receiving agency may correct the fees."))
    if not note:
        raise ValidationError({"note": _("Say what the papers show, for the applicant and the record.")})
    with transaction.atomic():
        d = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("procedure", "receiving_agency")
            .get(pk=dossier.pk)
        )
        lines = list(d.procedure.fees.all())
        asked = {f.pk for f in lines if f.applies == Fee.Applies.CHOSEN}
        proved = {f.pk for f in lines if f.applies == Fee.Applies.CONFIRMED}
        if not set(chosen) <= asked or not set(confirmed) <= proved:
            raise ValidationError(_("Choose among the cases this procedure lists."))
        day = timezone.localdate(d.submitted_at or d.received_at or now)
        # A line charged per unit (copies) follows the number the applicant gave or the counter charged,
        # not the case: left as it is.
        due = fees_due(d.procedure, d.channel, on=day, chosen=chosen, confirmed=confirmed)
        # ... unless a line the case now charges is charged instead of it (an exemption replacing it).
        due_ids = {w.fee_id for w in due}
        replaced = {name for f in lines if f.pk in due_ids for name in f.replaces}
        counted = {f.pk for f in lines if f.per_field and f.name not in replaced}
        counted_names = {f.name for f in lines if f.per_field and f.name not in replaced}
        wanted = [line for line in due if line.fee_id not in counted]
        rows = [
            r
            for r in DossierFee.objects.select_for_update().filter(dossier=d).order_by("id")
            if r.fee_id not in counted and not (r.fee_id is None and r.name in counted_names)
        ]
        before = [(r.name, str(r.amount), r.paid_at is not None) for r in rows]
        gone, new = _match(rows, wanted)
        if not gone and not new:
            raise ValidationError(_("The dossier is already charged for this case: nothing to correct."))
        charged = {
            e.idempotency_key: e
            for e in LedgerEntry.objects.filter(idempotency_key__in=[f"charge:fee:{r.pk}" for r in gone])
        }
        LedgerEntry.objects.bulk_create(
            [
                LedgerEntry(
                    dossier=d,
                    kind=LedgerEntry.Kind.WAIVER,
                    amount=charged[f"charge:fee:{r.pk}"].amount,
                    idempotency_key=f"waive:fee:{r.pk}",
                    payload={"fee": r.name, "note": note},
                    at=now,
                )
                for r in gone
                if f"charge:fee:{r.pk}" in charged
            ]
        )
        DossierFee.objects.filter(pk__in=[r.pk for r in gone]).delete()
        DossierFee.objects.bulk_create(
            [DossierFee(dossier=d, name=n.name, amount=n.amount, why=n.why, fee_id=n.fee_id) for n in new]
        )
        owed = sum((f.amount for f in selectors.unpaid_fees(d)), start=Decimal(0))
        give_back = max(Decimal(0), -selectors.balance(d))
        result = Corrected([r.name for r in gone], [n.name for n in new], owed, give_back)
        audit.record(
            actor,
            "payment.fees_corrected",
            d,
            before={"fees": before},
            after={
                "fees": [(w.name, str(w.amount)) for w in wanted],
                "note": note,
                "give_back": str(give_back),
            },
            agency_path=d.receiving_agency.path,
        )
        _tell(d, result, note, now)
    return result


def _tell(d: Dossier, result: Corrected, note: str, now: dt.datetime) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        owed = format_vnd(result.owed)
        if result.give_back:
            owed = _("%(owed)s (%(back)s paid too much is given back to you)") % {
                "owed": owed,
                "back": format_vnd(result.give_back),
            }
        tell_applicant(d, "fees_corrected", now, {"reason": note, "owed": owed})
