"""What an applicant owes for a procedure, by the channel it is filed through and the applicant's case.

    fees_due(procedure, Channel.ONLINE, chosen={late.pk})   # [Due(name, amount, why, fee_id), ...]

One place computes it, so the filing's questions, its summary, the dossier's fee rows, the payment and the
officer's correction agree. Each catalogue line (`procedures.Fee`) says when it is charged (`applies`):

- always;
- when the applicant says the line's case is theirs (`chosen`: the ids of those lines, asked on the online
  form, e.g. "Đăng ký quá hạn");
- when an officer confirms the case from the papers (`confirmed`: an exemption or a reduction).

A line that applies is charged instead of the lines it `replaces` (by name). A fee whose own rule charges
less for online filing (`Fee.online_amount`, with its legal basis and the dates it applies between) is
charged that amount on the online channel; every other channel pays `Fee.amount`.

A line charged per unit (`Fee.per_field`: each copy, each certificate from the third on) is charged for the
number the online form's answers give (`answers`), and not at all for none: the applicant says how many
copies once, in the form. Without answers (the counter, where the officer ticks what is paid; the start
page's list of fees) it counts once. A case the form's answers decide (`Fee.when_field`, `when_days`: a late
registration, the child's birth date more than 60 days back) is not asked on the fee step
(`applicants_questions`) and is charged as the date says.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.procedures.formschema import date_answer
from egov.procedures.models import Channel, Fee, Procedure
from egov.procedures.selectors import current_form, fee_lines


@dataclass(frozen=True)
class Due:
    """One line owed: its name and amount, why it is charged (its case; empty when always), and the
    catalogue line it comes from."""

    name: str
    amount: Decimal
    why: str = ""
    fee_id: int | None = None
    #: The units charged (a line charged per unit); 1 for any other line.
    count: int = 1
    #: Counted from the form's answers (`why` is then the form's question and its answer, changed on the
    #: form's page, not on the fee step).
    counted: bool = False


def amount_for(fee: Fee, channel: str, day: dt.date) -> Decimal:
    """What `fee` costs filed through `channel` on `day`."""
    if channel != Channel.ONLINE or fee.online_amount is None:
        return fee.amount
    if fee.online_from is not None and day < fee.online_from:
        return fee.amount
    if fee.online_until is not None and day > fee.online_until:
        return fee.amount
    return fee.online_amount


def decided(fee: Fee, answers: Mapping[str, Any] | None, day: dt.date) -> bool | None:
    """Whether the form's answers put the applicant in the line's case (`Fee.when_field`, `when_days`:
    more than that many days from the date answered to `day`); None when the line is not decided so, or
    the date is not answered."""
    if not fee.when_field or fee.when_days is None or answers is None:
        return None
    date = date_answer(answers, fee.when_field)
    return None if date is None else (day - date).days > fee.when_days


def applicants_questions(procedure: Procedure) -> list[Fee]:
    """The case lines the applicant is asked on the fee step: not those the form's answers decide."""
    return [fee for fee in questions(procedure) if not fee.when_field]


def applying(
    lines: Iterable[Fee], chosen: Collection[int] = (), confirmed: Collection[int] = ()
) -> list[Fee]:
    """The lines charged for this case, in the catalogue's order: those that always apply, the applicant's
    chosen cases and the officer's confirmed ones, less every line one of them replaces."""
    picked: dict[str, set[int]] = {Fee.Applies.CHOSEN: set(chosen), Fee.Applies.CONFIRMED: set(confirmed)}
    kept = [
        fee for fee in lines if fee.applies == Fee.Applies.ALWAYS or fee.pk in picked.get(fee.applies, ())
    ]
    replaced = {name for fee in kept for name in fee.replaces}
    return [fee for fee in kept if fee.name not in replaced]


#: A count as the online form keeps a number: whole, at most four digits (the catalogue bounds the field
#: to formschema.MAX_UNITS; an answer that did not go through the form, the group API's, is held to this).
WHOLE = re.compile(r"\d{1,4}(?:\.0+)?")
#: The largest amount a dossier's fee row holds (DossierFee.amount: 14 digits).
LARGEST = Decimal(10) ** 14


def units(fee: Fee, answers: Mapping[str, Any] | None) -> int | None:
    """How many units a line charged per unit charges for `answers`: the number in its field from
    `per_from` on, none for an empty answer; None for a line charged once, or when no answers are known.
    ValidationError for an answer that is no whole number of at most four digits (never charged rounded)."""
    if not fee.per_field or answers is None:
        return None
    raw = answers.get(fee.per_field)
    text = "" if raw is None or isinstance(raw, bool) else str(raw).strip()
    if not text:
        return 0
    if not WHOLE.fullmatch(text):
        raise ValidationError(
            _("%(line)s: give the number as a whole number, such as 2.") % {"line": fee.name}, code="units"
        )
    return max(0, int(text.split(".")[0]) - fee.per_from + 1)


def _counted_why(procedure: Procedure, fee: Fee, count: int) -> str:
    """Why a line charged per unit costs what it does: the form's question and the number answered."""
    form = current_form(procedure)
    specs = form.schema.get("fields", []) if form is not None else []
    label = next((str(s.get("label", "")) for s in specs if s.get("name") == fee.per_field), fee.per_field)
    answered = count + fee.per_from - 1
    return f"{label[:280]}: {answered}"


def fees_due(
    procedure: Procedure,
    channel: str,
    on: dt.date | None = None,
    chosen: Collection[int] = (),
    confirmed: Collection[int] = (),
    answers: Mapping[str, Any] | None = None,
) -> list[Due]:
    """The fees and charges of `procedure` (phí, lệ phí) filed through `channel` on `on` (default today)
    for the case the applicant chose and the officer confirmed (ids of catalogue lines) and, for a line
    charged per unit, the number the form's `answers` give, in the catalogue's order."""
    day = on or timezone.localdate()
    lines = fee_lines(procedure)
    picked = set(chosen)
    for fee in lines:  # a case the form's answers decide is as they say, whatever was chosen
        case = decided(fee, answers, day)
        if case is not None:
            picked = picked | {fee.pk} if case else picked - {fee.pk}
    found = []
    for fee in applying(lines, picked, confirmed):
        count = units(fee, answers)
        if count == 0:
            continue
        why = fee.case if fee.applies != Fee.Applies.ALWAYS else ""
        if count is not None:
            why = _counted_why(procedure, fee, count)
        amount = amount_for(fee, channel, day) * (count or 1)
        if amount >= LARGEST:
            raise ValidationError(_("%(line)s: too many units.") % {"line": fee.name}, code="units")
        found.append(Due(fee.name, amount, why, fee.pk, count or 1, count is not None))
    return found


def questions(procedure: Procedure) -> list[Fee]:
    """The lines whose case the applicant is asked on the online form."""
    return [fee for fee in fee_lines(procedure) if fee.applies == Fee.Applies.CHOSEN]


def exemptions(procedure: Procedure) -> list[Fee]:
    """The lines an officer confirms from the papers (exemptions, reductions): told to the applicant, never
    chosen by them."""
    return [fee for fee in fee_lines(procedure) if fee.applies == Fee.Applies.CONFIRMED]


def total(lines: Iterable[Due]) -> Decimal:
    return sum((line.amount for line in lines), start=Decimal(0))
