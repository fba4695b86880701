"""A dossier's status in plain Vietnamese, as the applicant reads it: the one table every channel takes its
words from — the public look-up page and its QR link, the JSON API, SMS "TRACUU", the telephone line and
"My dossiers" — so no two of them word the same state differently (docs/lookup.md, "One wording").

The legal names of the statuses (`models.Status`, the national portal's ten) stay on the staff screens. The
applicant is told a little more than the status alone where it changes what they must do: a refusal is not
"a result", a submission sent back before acceptance is completed and sent again, and a part of a linked
filing held for an earlier part's result is not waiting for its counter.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egov.dossiers.models import Outcome, Status

#: The words of each state: a status, or a status and what sets it apart ("<status>:<variant>").
WORDS: dict[str, Promise] = {
    Status.SUBMITTED: _("Waiting for the counter to accept it"),
    f"{Status.SUBMITTED}:held": _("Waiting for the earlier result"),
    Status.RECEIVED: _("Accepted, being processed"),
    Status.NOT_ACCEPTED: _("Not accepted"),
    Status.PROCESSING: _("Being processed"),
    Status.SUPPLEMENT: _("Needs a supplement from you"),
    f"{Status.SUPPLEMENT}:unreceived": _("Needs completing: send it again"),
    Status.FINANCIAL: _("Waiting for you to pay the financial obligations"),
    Status.WITHDRAWN: _("Withdrawn"),
    Status.STOPPED: _("Processing was stopped"),
    Status.RESOLVED: _("Result ready to collect"),
    f"{Status.RESOLVED}:refused": _("Refused: the notice is ready"),
    Status.RETURNED: _("Result handed over"),
    f"{Status.RETURNED}:refused": _("Refusal notice handed over"),
    Status.ABANDONED: _("Closed: the supplement did not come in time"),
}


def state(status: str, *, refused: bool = False, received: bool = True, held: bool = False) -> str:
    """The key of WORDS for a status and what sets it apart: `refused` (the outcome of a resolved or
    returned dossier), `received` (a supplement asked before or after acceptance), `held` (a submitted part
    of a linked filing waiting for an earlier part's result)."""
    if status == Status.SUBMITTED and held:
        return f"{status}:held"
    if status == Status.SUPPLEMENT and not received:
        return f"{status}:unreceived"
    if status in (Status.RESOLVED, Status.RETURNED) and refused:
        return f"{status}:refused"
    return str(status)


def words(key: str) -> str:
    """The plain words of a state key (`state`), in the active language; an unknown key is shown as is."""
    found = WORDS.get(key)
    return str(found) if found is not None else key


def label(status: str, *, refused: bool = False, received: bool = True, held: bool = False) -> str:
    return words(state(status, refused=refused, received=received, held=held))


def is_held(dossier_pk: int) -> bool:
    """A part of a linked filing not yet released to its counter (egov.dossiers.linked)."""
    from egov.dossiers.bundle_models import BundlePart

    return BundlePart.objects.filter(
        dossier_id=dossier_pk, waits_for__isnull=False, released_at__isnull=True
    ).exists()


def state_of(d: Any, *, held: bool | None = None) -> str:
    """The state key of a dossier. `held` None: asked of the database, only while it is submitted (one
    query then); a caller that knows (a list without linked parts) passes it."""
    if held is None:
        held = d.status == Status.SUBMITTED and is_held(d.pk)
    refused = d.outcome == Outcome.REFUSED
    return state(d.status, refused=refused, received=d.received_at is not None, held=held)


def of(d: Any, *, held: bool | None = None) -> str:
    """The plain words of a dossier's state, as every channel says them."""
    return words(state_of(d, held=held))
