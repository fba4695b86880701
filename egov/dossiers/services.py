"""The transition service: the only way a dossier's status or step moves once it exists.

`transition()` stores the move's files, then in one transaction locks the dossier row, refuses a repeated
request (one-time key) or a stale one (version), checks the row of the transition table (status, step,
guards, who may act, what was entered), applies the row's effects, writes the step pointer, the history
row, the attachments, the outbox rows and the audit row. Nothing here knows which move it runs.
Creating a dossier is `egov.dossiers.intake`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit, statements
from egov.core.audit import Actor
from egov.datastore import services as store
from egov.dossiers import files as filestore
from egov.dossiers import limits, lookup_cache, notifications, result_signing, results, steps
from egov.dossiers.errors import NotAllowedNow, NotPermitted, StaleDossier, TransitionRefused

# Creation moved to egov.dossiers.intake; these names stay until tests/dossiers/test_slipbuild.py (the
# look-up engineer's) imports them from there.
from egov.dossiers.intake import Applicant, receive, submit_online  # noqa: F401
from egov.dossiers.models import Attachment, Dossier, DossierEvent, Status
from egov.dossiers.moves import Change, Request
from egov.dossiers.transitions import TABLE, Transition
from egov.stats import keeping as stats

__all__ = [
    "NotAllowedNow",
    "NotPermitted",
    "StaleDossier",
    "TransitionRefused",
    "available_actions",
    "check",
    "close_unsupplemented_dossiers",
    "transition",
]

#: Every column a move may write: the status and clock columns and the step pointer.
WRITTEN = (
    "code",
    "status",
    "outcome",
    "received_at",
    "alert_due_at",
    "accept_due_at",
    "rules_version",
    "supplement_mode",
    "due_at",
    "original_due_at",
    "finished_at",
    "returned_at",
    "timeliness",
    "paused_at",
    "paused_from",
    "apologies",
    "correction_due_at",
    "corrections",
    "correction_timeliness",
    "papers_sent_at",
    "papers_arrived_at",
    *steps.POINTER,
    "status_changed_at",
    "version",
)


#: The attribute of each column in WRITTEN (a foreign key's id).
_ATTNAMES = tuple(Dossier._meta.get_field(name).attname for name in WRITTEN)  # type: ignore[union-attr]


def _written_values(d: Dossier) -> list[Any]:
    return [getattr(d, attname) for attname in _ATTNAMES]


def check(dossier: Dossier, action: str, actor: Actor, now: dt.datetime | None = None) -> Transition:
    """Raise NotAllowedNow or NotPermitted unless `actor` may take `action` on the dossier as it is now
    (at `now`, default the present: some guards are time limits of the rules)."""
    t = TABLE.get(action)
    if t is None:
        raise NotAllowedNow(_("Unknown action."))
    if dossier.status not in t.sources:
        raise NotAllowedNow(
            _("This cannot be done while the dossier is “%(status)s”.")
            % {"status": dossier.get_status_display()}
        )
    if dossier.current_kind not in t.kinds:
        raise NotAllowedNow(_("This cannot be done at the current step."))
    moment = now or timezone.now()
    for guard in t.guards:
        if (refusal := guard.refusal(dossier, moment)) is not None:
            raise NotAllowedNow(refusal)
    if not t.who(dossier, actor):
        raise NotPermitted(_("You may not do this on this dossier now."))
    return t


def available_actions(dossier: Dossier, actor: Actor, now: dt.datetime | None = None) -> list[Transition]:
    """The moves this person may take on the dossier now, in table order."""
    allowed = []
    moment = now or timezone.now()
    for action, t in TABLE.items():
        # The cheap tests of `check` first, and who before the guards (a guard may read the history): the
        # set of moves is the same, and the dossier page no longer builds ~25 refusal messages per view.
        if (
            dossier.status not in t.sources
            or dossier.current_kind not in t.kinds
            or not t.who(dossier, actor)
        ):
            continue
        try:
            allowed.append(check(dossier, action, actor, moment))
        except TransitionRefused:
            continue
    return allowed


def transition(
    dossier: Dossier | int,
    action: str,
    *,
    actor: Actor,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
    comment: str = "",
    reason: str = "",
    handler: Any = None,
    new_due: dt.datetime | None = None,
    files: Sequence[UploadedFile] = (),
    now: dt.datetime | None = None,
) -> Dossier:
    """Take one move of the transition table on a dossier, or refuse it and change nothing (its files are
    removed from storage again)."""
    pk = dossier if isinstance(dossier, int) else dossier.pk
    if (event := steps.existing_event(idempotency_key)) is not None:
        return _repeated(event, pk, action)
    request = Request(
        actor=actor,
        now=now or timezone.now(),
        reason=reason.strip(),
        comment=comment.strip(),
        handler=handler,
        new_due=new_due,
    )
    if files and (TABLE.get(action) is None or not TABLE[action].accepts_files):
        raise ValidationError({"files": _("This action takes no files.")})
    stored = filestore.store(files, request.now)
    try:
        with filestore.kept_only_if_committed(stored), transaction.atomic():
            return _apply(pk, action, request, expected_version, idempotency_key, stored)
    except IntegrityError:
        # The same one-time key committed by a concurrent request: that one won.
        if (event := steps.existing_event(idempotency_key)) is not None:
            return _repeated(event, pk, action)
        raise


def _repeated(event: DossierEvent, pk: int, action: str) -> Dossier:
    if event.dossier_id != pk or event.action != action:
        raise StaleDossier(_("This form was already used for another action. Reload the page."))
    return event.dossier


def _apply(
    pk: int,
    action: str,
    request: Request,
    expected_version: int | None,
    idempotency_key: str | None,
    stored: list[filestore.StoredFile],
) -> Dossier:
    # The row lock: a concurrent move on this dossier waits here and then sees this one's result. The
    # statement is built once per process (egov.core.statements).
    found = statements.select_objects(_locked, pk)
    if not found:
        raise Dossier.DoesNotExist("Dossier matching query does not exist.")
    d: Dossier = found[0]
    if expected_version is not None and d.version != expected_version:
        raise StaleDossier(
            _("Dossier %(code)s was changed by someone else a moment ago. Nothing was saved; check it again.")
            % {"code": d.code}
        )
    t = check(d, action, request.actor, request.now)
    errors: dict[str, Any] = {}
    for validate in t.checks:
        for name, message in validate(d, request).items():
            errors.setdefault(name, message)
    if errors:
        raise ValidationError(errors)

    before = audit.snapshot(d, steps.AUDIT_FIELDS)
    # The summary tables follow the move in its transaction (docs/stats.md). The finished step visits are
    # read once, and again after the move only if it finished one (steps.close_visit).
    visits = stats.finished_visits(d)
    closed = steps.closed_visits(d)
    counted = stats.snapshot(d, visits)
    origin = steps.pointer(d)
    read = _written_values(d)
    # The agency at whose step the move is taken: it issues (and signs) a result the move brings.
    acting_agency = d.current_agency or d.receiving_agency
    change = Change(d=d, request=request, from_status=d.status)
    if request.reason:
        change.data["reason"] = request.reason
    if t.target is not None:
        d.status = t.target
    for effect in t.effects:
        effect(change)
    if d.status != change.from_status or d.current_step_id != origin["current_step"]:
        d.status_changed_at = request.now

    old_version = d.version
    d.version = old_version + 1
    # The UPDATE … WHERE version = the version read, of the columns the move changed (the others hold the
    # values read under the row lock already), each set of columns built once per process
    # (egov.core.statements): an assignment sets 2-3 columns instead of converting and sending 30.
    pairs = zip(WRITTEN, read, _written_values(d), strict=True)
    changed = tuple(name for name, old, new in pairs if new != old)
    written = statements.update(d, changed, where={"version": old_version})
    if written != 1:  # cannot happen under the row lock; kept as a last line of defence
        raise StaleDossier(_("Dossier %(code)s was changed by someone else a moment ago.") % {"code": d.code})
    event = steps.write_event(
        d,
        action=action,
        actor=request.actor,
        now=request.now,
        from_status=change.from_status,
        before=origin,
        comment=request.comment or request.reason,
        idempotency_key=idempotency_key,
        data=change.data,
    )
    if t.files is not None:
        # An electronic result carries its document code from the moment it is issued (art. 22.4).
        code = results.document_code(d) if t.files == Attachment.Kind.RESULT else ""
        kept = stored
        if t.files == Attachment.Kind.RESULT and stored:
            kept = result_signing.sign_results(
                d, stored, agency=acting_agency, document_code=code, now=request.now
            )
        filestore.attach(
            d, event, kept, kind=t.files, actor=request.actor, now=request.now, document_code=code
        )
    if t.keeps_in_store:
        store.keep_from_dossier(d, actor=request.actor, now=request.now)
    notifications.queue(d, action, request.now, reason=request.reason, handler=request.handler)
    stats.apply(counted, stats.snapshot(d, visits if steps.closed_visits(d) == closed else None))
    audit.record(
        request.actor,
        f"dossier.{action}",
        d,
        before=before,
        after=audit.snapshot(d, steps.AUDIT_FIELDS),
        agency_path=(d.current_agency or d.receiving_agency).path,
    )
    # The cached public status of this code is forgotten once the move is committed (a rollback keeps it
    # true); every move of a follow-up passes here too.
    transaction.on_commit(partial(lookup_cache.forget, d))
    for follow_up in t.follow_ups:
        # Other dossiers this move sets going (a linked bundle's waiting part), each a move of the table
        # under its own row lock, committed or rolled back with this one.
        for pk, then, actor in follow_up(d):
            _apply(pk, then, Request(actor=actor, now=request.now), None, None, [])
    return d


def _locked(pk: int) -> QuerySet[Dossier]:
    """The dossier's row, locked, with the rows every move reads of it: the procedure (the messages, the
    deadlines), the receiving and current agencies (who may act, the audit's place, the messages). Not the
    workflow nor the current step: the moves that change steps read the workflow's steps by its id
    (steps.steps_of), the others use neither (QuerySet.get's query: no ordering)."""
    related = ("procedure", "receiving_agency", "current_agency")
    queryset = Dossier.objects.select_for_update(of=("self",)).select_related(*related)
    return queryset.defer(*_PROCEDURE_UNREAD).filter(pk=pk).order_by()


#: The procedure's columns no move reads: its catalogue texts, lists and search columns (three of them JSON,
#: parsed on every read). A move reads its name, code, time limit, result type, status and flags; one that
#: read a column named here would load it with a query of its own, the same value.
_PROCEDURE_UNREAD = tuple(
    f"procedure__{name}"
    for name in (
        "field",
        "levels",
        "time_limit_source",
        "processing_note",
        "legal_basis",
        "result",
        "applicant_types",
        "channels",
        "service_level",
        "requirements",
        "steps_text",
        "source",
        "search_text",
        "name_folded",
        "published_at",
        "created_at",
        "updated_at",
    )
)


def close_unsupplemented_dossiers(*, actor: Actor, now: dt.datetime | None = None) -> list[str]:
    """Close every dossier whose applicant did not complete it within the period after the supplement notice
    (Decree 118/2025 art. 19.5), each by the `close_unsupplemented` move in its own transaction; return their
    codes. Running it again closes nothing twice: a closed dossier no longer waits, and the one-time key
    per dossier makes a concurrent run's second closure return the first."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    closed = []
    waiting = Dossier.objects.filter(status=Status.SUPPLEMENT, paused_at__lte=now).order_by("paused_at", "pk")
    for d in waiting.select_related("procedure"):
        first = limits.closable_from(d)
        if first is None or first > today:
            continue
        try:
            transition(d.pk, "close_unsupplemented", actor=actor, now=now, idempotency_key=f"close:{d.pk}")
        except TransitionRefused:
            continue  # moved meanwhile (supplement received, withdrawn): nothing to close
        closed.append(d.code)
    return closed
