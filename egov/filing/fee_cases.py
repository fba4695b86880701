"""The fee cases an applicant says are theirs (egov.payments.fees, `chosen`), checked the same way on every
filing path: the web steps of one procedure and of each part of a linked group, and the API's filings.

Only the ids of the procedure's lines asked on the form (`fees.questions`) may be given: a line charged
always, one an officer confirms from the papers, another procedure's line or anything not an id would let the
applicant pick what they are charged, so it is refused and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from egov.payments.fees import questions
from egov.procedures.models import GroupPart, Procedure


def _refused(procedure: Procedure) -> ValidationError:
    return ValidationError(
        {
            "cases": _("%(procedure)s: choose among the fee cases this procedure lists.")
            % {"procedure": procedure.name}
        }
    )


def checked(procedure: Procedure, chosen: Iterable[object]) -> list[int]:
    """`chosen` as the sorted ids of `procedure`'s case lines; ValidationError (on "cases") otherwise."""
    chosen = list(chosen)
    if not chosen:
        return []  # the common case: no query for the catalogue's lines
    asked = {line.pk for line in questions(procedure)}
    ids = set()
    for value in chosen:
        # JSON true is an int to Python; it is never a line's id.
        if isinstance(value, bool) or not isinstance(value, int) or value not in asked:
            raise _refused(procedure)
        ids.add(value)
    return sorted(ids)


def checked_parts(parts: Iterable[GroupPart], given: Mapping[str, object]) -> dict[int, list[int]]:
    """The fee cases of each filed part of a linked group, keyed by its order number ("1", "2"… as JSON
    keys are): each part's as `checked`; a number that is not a part filed is refused too. Every reason
    at once (ValidationError)."""
    by_position = {str(part.position): part for part in parts}
    problems: list[str] = []
    found: dict[int, list[int]] = {}
    for position, chosen in given.items():
        part = by_position.get(str(position))
        if part is None:
            problems.append(_("Part %(n)s is not among the procedures you file.") % {"n": position})
            continue
        try:
            if not isinstance(chosen, list):
                raise _refused(part.procedure)
            found[part.position] = checked(part.procedure, chosen)
        except ValidationError as error:
            problems += error.messages
    if problems:
        raise ValidationError(problems)
    return found
