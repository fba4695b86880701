"""Reads of the citizen's own space: the list of "my dossiers" by plain status, and one dossier as the
applicant sees it — its status in plain words, what is asked of them now, the timeline, fees and files.

The history labels are the dossier app's own (`transitions.label_of`, the ones the public look-up and the
audit log show); the rows hidden from the applicant are the look-up's (`lookup.NOT_SHOWN_TO_APPLICANT`). What
an officer typed is shown only where it was written for the applicant: the reason of a move that tells the
applicant (`Transition.notify_applicant`), never a note between officers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egov.dossiers import deadlines, limits, lookup, services, status_words
from egov.dossiers.models import Attachment, Dossier, DossierEvent, DossierFee, Outcome, Status
from egov.dossiers.moves import SUPPLEMENT_ACTIONS
from egov.dossiers.transitions import TABLE, label_of
from egov.feedback import permissions as feedback_permissions
from egov.feedback import selectors as feedback_selectors
from egov.feedback.models import Rating
from egov.portal import permissions

#: The moves the applicant takes from these pages (rows of egov.dossiers.transitions).
SUPPLEMENT_MOVES = ("resubmit", "supplement_online")
WITHDRAW = "withdraw"


@dataclass(frozen=True)
class Group:
    """A filter of the list, in the words a citizen uses, over the legal statuses."""

    key: str
    label: str | Promise
    statuses: tuple[str, ...]


GROUPS: tuple[Group, ...] = (
    Group("waiting", _("Waiting to be accepted"), (Status.SUBMITTED,)),
    Group("processing", _("Being processed"), (Status.RECEIVED, Status.PROCESSING)),
    Group("needs_you", _("Needs something from you"), (Status.SUPPLEMENT, Status.FINANCIAL)),
    Group("result", _("Has a result"), (Status.RESOLVED,)),
    Group("returned", _("Result returned"), (Status.RETURNED,)),
    Group(
        "ended",
        _("Ended without a result"),
        (Status.NOT_ACCEPTED, Status.WITHDRAWN, Status.STOPPED, Status.ABANDONED),
    ),
)
GROUP_BY_KEY = {g.key: g for g in GROUPS}


def my_dossiers(user: Any, group: str = "") -> QuerySet[Dossier]:
    """The user's dossiers, newest filing first, with what a list row shows; `group` one of GROUPS' keys
    (anything else: all)."""
    qs = permissions.my_dossiers(user)
    if group in GROUP_BY_KEY:
        qs = qs.filter(status__in=GROUP_BY_KEY[group].statuses)
    return qs.select_related("procedure", "receiving_agency", "organisation").order_by("-submitted_at", "-id")


def dossier_for(user: Any, pk: int) -> Dossier:
    """One of the user's dossiers; Dossier.DoesNotExist for any other (the page answers 404)."""
    return (
        permissions.my_dossiers(user)
        .select_related("procedure", "receiving_agency", "current_agency", "workflow", "organisation")
        .get(pk=pk)
    )


def plain_status(d: Dossier, *, held: bool | None = None) -> str:
    """The dossier's status as the applicant reads it: the words every channel uses (status_words);
    `held` as `status_words.state_of` takes it."""
    return status_words.of(d, held=held)


def is_submission_reference(d: Dossier) -> bool:
    """Not accepted yet: the dossier's `code` is still the online submission's reference."""
    return bool(d.submission_ref) and d.code == d.submission_ref


@dataclass(frozen=True)
class Step:
    """One row of the timeline as the applicant reads it."""

    at: dt.datetime
    label: str | Promise
    #: What the row says to the applicant: the officer's reason, the applicant's own answer, a new date.
    note: str
    by_applicant: bool


def timeline(d: Dossier) -> list[Step]:
    rows = d.events.exclude(action__in=lookup.NOT_SHOWN_TO_APPLICANT).select_related("actor")
    return [_step(e) for e in rows.order_by("at", "id")]


def _step(e: DossierEvent) -> Step:
    t = TABLE.get(e.action)
    # A citizen account acts on a dossier only as its applicant (dossiers.permissions.applicant).
    by_applicant = e.action in SUPPLEMENT_MOVES or bool(e.actor and e.actor.is_citizen)
    note = ""
    if by_applicant:
        note = e.comment  # the applicant's own words
    elif t is not None and t.notify_applicant:
        note = str(e.data.get("reason") or "")
    if e.action == "apologise" and e.due_at is not None:
        note = f"{note} → {deadlines.display(e.due_at)}".strip(" →")
    return Step(at=e.at, label=label_of(e.action), note=note, by_applicant=by_applicant)


@dataclass(frozen=True)
class Ask:
    """What the dossier waits for from the applicant, or why it ended: the officer's own words."""

    kind: str  # "supplement", "complete", "payment", "refused", "not_accepted", "stopped", "closed"
    reason: str
    at: dt.datetime | None
    #: The last day to send the supplement (Decree 118/2025 art. 19.5), when the rules set one.
    last_day: dt.date | None = None


def _last(d: Dossier, actions: tuple[str, ...]) -> DossierEvent | None:
    return d.events.filter(action__in=actions).order_by("-at", "-id").first()


def asked_now(d: Dossier) -> Ask | None:
    """The supplement request with its deadline, the payment asked, or the refusal's reason."""
    if d.status == Status.SUPPLEMENT:
        e = _last(d, SUPPLEMENT_ACTIONS)
        first_closed = limits.closable_from(d)
        last_day = first_closed - dt.timedelta(days=1) if first_closed else None
        kind = "complete" if d.received_at is None else "supplement"
        return Ask(kind, _reason(e), e.at if e else None, last_day)
    kinds: dict[str, tuple[str, tuple[str, ...]]] = {
        Status.FINANCIAL: ("payment", ("request_payment",)),
        Status.NOT_ACCEPTED: ("not_accepted", ("reject",)),
        Status.STOPPED: ("stopped", ("stop",)),
        Status.ABANDONED: ("closed", ("close_unsupplemented",)),
    }
    actions: tuple[str, ...]
    if d.outcome == Outcome.REFUSED and d.status in (Status.RESOLVED, Status.RETURNED):
        kind, actions = "refused", ("refuse",)
    elif d.status in kinds:
        kind, actions = kinds[d.status]
    else:
        return None
    e = _last(d, actions)
    return Ask(kind, _reason(e), e.at if e else None)


def _reason(e: DossierEvent | None) -> str:
    return str(e.data.get("reason") or e.comment) if e is not None else ""


def fees(d: Dossier) -> list[DossierFee]:
    return list(d.fees.all())


#: Statuses in which the dossier ended without a result: nothing more is due, nor asked to be paid.
ENDED = (Status.NOT_ACCEPTED, Status.WITHDRAWN, Status.STOPPED, Status.ABANDONED)


def to_pay(d: Dossier, rows: list[DossierFee]) -> bool:
    """Whether the applicant is still asked to pay: a fee not paid, on a dossier that has not ended without
    a result (refunds of what was paid follow the procedure's law, Decree 118/2025 art. 21)."""
    return d.status not in ENDED and any(f.paid_at is None and f.amount > 0 for f in rows)


def results(d: Dossier) -> tuple[lookup.PublicResult, ...]:
    """The electronic results the applicant may download: the look-up's rule (none before the result is
    ready or while it is being corrected; after a correction, the corrected one only)."""
    return lookup.applicant_results(d)


def own_papers(d: Dossier) -> list[Attachment]:
    """The papers the applicant sent (with the submission and as supplements)."""
    kinds = (Attachment.Kind.PAPER, Attachment.Kind.SUPPLEMENT)
    return list(d.attachments.filter(kind__in=kinds).order_by("uploaded_at", "id"))


def downloadable(user: Any, dossier_pk: int, file_pk: int) -> Attachment:
    """A file of one of the user's dossiers that the applicant may download (a current result, or a paper
    they sent); Attachment.DoesNotExist for anything else."""
    d = dossier_for(user, dossier_pk)
    allowed = {r.pk for r in results(d)} | {a.pk for a in own_papers(d)}
    if file_pk not in allowed:
        raise Attachment.DoesNotExist
    return Attachment.objects.get(pk=file_pk, dossier=d)


def moves_open(d: Dossier, user: Any, now: dt.datetime | None = None) -> dict[str, Any]:
    """The applicant's moves open now: the supplement move (its action or None) and whether the dossier may
    be withdrawn."""
    allowed = {t.action for t in services.available_actions(d, user, now or timezone.now())}
    supplement = next((a for a in SUPPLEMENT_MOVES if a in allowed), None)
    return {"supplement": supplement, "withdraw": WITHDRAW in allowed}


def counter_dossiers_to_link(user: Any) -> int:
    """How many dossiers received at a counter in the user's proven ID number no account follows yet."""
    from egov.dossiers.ownership import linkable

    return linkable(permissions.proven_id_number(user)).count()


@dataclass(frozen=True)
class RatingState:
    """The satisfaction rating as the dossier page shows it (the feedback app's rules): the rating given,
    or whether the viewer may give it now (a returned dossier not rated yet)."""

    rating: Rating | None
    may_rate: bool


def rating_state(d: Dossier, user: Any) -> RatingState:
    if d.status != Status.RETURNED:
        return RatingState(None, False)
    rating = feedback_selectors.rating_of(d.pk)
    return RatingState(rating, rating is None and feedback_permissions.may_rate(user, d))
