"""The moves of Decree 118/2025 art. 20.1.a and 23.1, as guards and effects for the transition table:
sending a returned result back for correction, and the paper dossier's way to the competent agency.
The rules themselves (limits, where a result was issued) are in `egov.dossiers.results`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from egov.dossiers import permissions, results, steps
from egov.dossiers.models import Timeliness
from egov.dossiers.moves import Change, Guard
from egov.dossiers.rules import rules_by_version

CORRECTION_IN_RULES = Guard(
    lambda d: rules_by_version(d.rules_version).correction_days is not None,
    _("The rules this dossier was received under have no correction of a returned result."),
)
HAS_ISSUING_STEP = Guard(
    lambda d: results.issuing_event(d) is not None,
    _("No step of the workflow issued this result: it cannot be sent back for correction."),
)
PAPERS_TO_SEND = Guard(
    lambda d: d.paper_forward_to_id is not None and d.papers_sent_at is None,
    _("There is no paper dossier to send to the competent agency."),
)
PAPERS_ON_THE_WAY = Guard(
    lambda d: d.papers_sent_at is not None and d.papers_arrived_at is None,
    _("No paper dossier is on its way to this agency."),
)


def send_for_correction(c: Change) -> None:
    """Art. 23.1: the one-stop unit sends the dossier, the result and the error back to the step that issued
    the result (to whoever issued it, if they still may), which must bring the corrected result back within
    the rules' working days; the step's clock and the dossier's clock both run to that moment."""
    d, now = c.d, c.request.now
    event = results.issuing_event(d)
    due = results.correction_due(d, now)
    assert event is not None and event.from_step is not None and due is not None
    target = event.from_step
    holders = {u.pk for u in permissions.holders(target.role, steps.step_agency(d, target))}
    handler = event.actor if event.actor is not None and event.actor.pk in holders else None
    steps.close_visit(d, now)
    steps.point_to(d, target, handler, now)
    d.step_due_at = due
    steps.open_visit(d, now)
    d.correction_due_at = due
    d.corrections += 1
    d.correction_timeliness = Timeliness.NONE
    c.data.update({"correction_due": steps.local_iso(due), "issued_by_event": event.pk})


def papers_sent(c: Change) -> None:
    """Art. 20.1.a: the receiving counter records that the paper dossier left for the competent agency."""
    d, now = c.d, c.request.now
    d.papers_sent_at = now
    late = d.paper_forward_due_at is not None and now > d.paper_forward_due_at
    c.data.update({"to": d.paper_forward_to_id, "late": late})


def papers_arrived(c: Change) -> None:
    c.d.papers_arrived_at = c.request.now
