"""Every change to a dossier: one transaction each, with its history row, audit row and outbox rows.

`transition()` is the only way a dossier's status or step moves. It locks the
row, refuses a repeated request (idempotency key) or a stale one (version),
checks the transition table and the actor's grants, appends the history row,
moves the step pointer, recomputes the deadlines and queues notifications.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.text import fold
from egov.dossiers import deadlines, notifications
from egov.dossiers.models import (
    PAUSED,
    Attachment,
    CodeSequence,
    Dossier,
    DossierEvent,
    DossierFee,
    Outcome,
    Status,
    StepVisit,
    SupplementMode,
)
from egov.dossiers.rules import rules_by_version, rules_for
from egov.dossiers.transitions import TABLE, Actor, Move, Transition
from egov.organizations.models import Agency, Role
from egov.organizations.permissions import has_role
from egov.procedures.models import (
    Channel,
    Procedure,
    PublicationStatus,
    StepKind,
    WorkflowStep,
    WorkflowTemplate,
)


class TransitionRefused(Exception):
    """A move that may not happen now. Nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowedNow(TransitionRefused):
    """The dossier's status or step does not allow this move."""


class NotPermitted(TransitionRefused, PermissionDenied):
    """The actor may not take this move on this dossier."""


class StaleDossier(TransitionRefused):
    """Someone else changed the dossier since the form was shown."""


@dataclass(frozen=True)
class Applicant:
    name: str
    type: str = "citizen"
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


AUDIT_FIELDS = (
    "status",
    "outcome",
    "current_step",
    "current_agency",
    "handler",
    "due_at",
    "step_due_at",
    "finished_at",
    "returned_at",
    "timeliness",
    "version",
)


# ---------------------------------------------------------------- creation


def workflow_for(procedure: Procedure, agency: Agency) -> WorkflowTemplate:
    """The newest published workflow of the procedure for this agency, or the general one."""
    templates = WorkflowTemplate.objects.filter(procedure=procedure, status=PublicationStatus.PUBLISHED)
    template = templates.filter(agency=agency).order_by("-version").first()
    template = template or templates.filter(agency__isnull=True).order_by("-version").first()
    if template is None:
        raise ValidationError(
            _("The procedure %(code)s has no published workflow: ask the catalogue administrator.")
            % {"code": procedure.code}
        )
    first = template.steps.order_by("position").first()
    if first is None or first.kind != StepKind.RECEIVE:
        raise ValidationError(
            _("The workflow of %(code)s must start with a receiving step.") % {"code": procedure.code}
        )
    return template


def next_code(agency: Agency, moment: dt.datetime, digits: int) -> str:
    """Mã hồ sơ: unit code - yymmdd - sequence of the day at that unit (rules/*.json "code")."""
    day = timezone.localdate(moment)
    try:
        with transaction.atomic():
            CodeSequence.objects.get_or_create(agency=agency, day=day)
    except IntegrityError:  # another receipt created the counter first
        pass
    CodeSequence.objects.filter(agency=agency, day=day).update(last=F("last") + 1)
    last = CodeSequence.objects.filter(agency=agency, day=day).values_list("last", flat=True).get()
    return f"{agency.code}-{day:%y%m%d}-{last:0{digits}d}"


def _existing(idempotency_key: str | None) -> DossierEvent | None:
    if not idempotency_key:
        return None
    return DossierEvent.objects.select_related("dossier").filter(idempotency_key=idempotency_key).first()


def _require_counter(by: Any, agency: Agency) -> None:
    if not agency.has_counter:
        raise ValidationError(_("%(agency)s has no one-stop counter.") % {"agency": agency.name})
    if not has_role(by, Role.DESK_OFFICER, agency):
        raise NotPermitted(
            _("Only a desk officer of %(agency)s may receive dossiers there.") % {"agency": agency.name}
        )


def _check_procedure(procedure: Procedure) -> None:
    if procedure.status != PublicationStatus.PUBLISHED:
        raise ValidationError(_("The procedure %(code)s is not published.") % {"code": procedure.code})


def _new_dossier(
    *,
    procedure: Procedure,
    agency: Agency,
    channel: str,
    applicant: Applicant,
    summary: str,
    now: dt.datetime,
) -> Dossier:
    if not applicant.name.strip():
        raise ValidationError({"applicant_name": _("Enter the applicant's name.")})
    workflow = workflow_for(procedure, agency)
    rules = rules_for(now)
    first = workflow.steps.order_by("position").first()
    assert first is not None
    dossier = Dossier(
        code=next_code(agency, now, rules.sequence_digits),
        procedure=procedure,
        workflow=workflow,
        rules_version=rules.version,
        supplement_mode=rules.supplement_mode(procedure.code),
        receiving_agency=agency,
        channel=channel,
        applicant_type=applicant.type,
        applicant_name=applicant.name.strip(),
        applicant_id_number=applicant.id_number.strip(),
        applicant_phone=applicant.phone.strip(),
        applicant_email=applicant.email.strip(),
        applicant_address=applicant.address.strip(),
        applicant_folded=fold(applicant.name)[:200],
        summary=summary.strip(),
        current_step=first,
        current_kind=first.kind,
        current_role=first.role,
        current_agency=agency,
        step_started_at=now,
        status_changed_at=now,
    )
    dossier.full_clean(
        exclude=["workflow", "procedure", "receiving_agency", "current_step", "current_agency", "status"]
    )
    return dossier


@transaction.atomic
def receive(
    *,
    by: Any,
    procedure: Procedure,
    agency: Agency,
    applicant: Applicant,
    channel: str = Channel.COUNTER,
    summary: str = "",
    fees: Iterable[tuple[str, Decimal]] = (),
    files: Sequence[UploadedFile] = (),
    comment: str = "",
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> Dossier:
    """Receive a dossier at the counter or by post: its code, its appointment and its first history row."""
    if (event := _existing(idempotency_key)) is not None:
        return event.dossier
    if channel not in (Channel.COUNTER, Channel.POST):
        raise ValidationError(_("Online submissions are accepted from the queue, not received here."))
    _require_counter(by, agency)
    _check_procedure(procedure)
    now = now or timezone.now()
    dossier = _new_dossier(
        procedure=procedure, agency=agency, channel=channel, applicant=applicant, summary=summary, now=now
    )
    dossier.status = Status.RECEIVED
    dossier.submitted_at = now
    _start_clock(dossier, now)
    dossier.handler = by
    dossier.save()
    _open_visit(dossier, dossier.current_step, agency, by, now)  # type: ignore[arg-type]
    event = _event(dossier, "receive", by, now, "", Status.RECEIVED, None, comment, idempotency_key, {})
    _attach(dossier, event, files, Attachment.Kind.PAPER, by, now)
    DossierFee.objects.bulk_create([DossierFee(dossier=dossier, name=n, amount=a) for n, a in fees])
    notifications.queue(dossier, "receive", now)
    audit.record(
        by, "dossier.receive", dossier, after=audit.snapshot(dossier, AUDIT_FIELDS), agency_path=agency.path
    )
    return dossier


@transaction.atomic
def submit_online(
    *,
    procedure: Procedure,
    agency: Agency,
    applicant: Applicant,
    summary: str = "",
    files: Sequence[UploadedFile] = (),
    by: Any = None,
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> Dossier:
    """An online submission (Mới đăng ký): it waits in the counter's queue to be accepted or refused.

    The clock starts only when the counter accepts it."""
    if (event := _existing(idempotency_key)) is not None:
        return event.dossier
    _check_procedure(procedure)
    if not agency.has_counter:
        raise ValidationError(_("%(agency)s has no one-stop counter.") % {"agency": agency.name})
    now = now or timezone.now()
    dossier = _new_dossier(
        procedure=procedure,
        agency=agency,
        channel=Channel.ONLINE,
        applicant=applicant,
        summary=summary,
        now=now,
    )
    dossier.status = Status.SUBMITTED
    dossier.submitted_at = now
    dossier.save()
    event = _event(dossier, "submit", by, now, "", Status.SUBMITTED, None, "", idempotency_key, {})
    _attach(dossier, event, files, Attachment.Kind.PAPER, by, now)
    notifications.queue(dossier, "submit", now)
    audit.record(
        by, "dossier.submit", dossier, after=audit.snapshot(dossier, AUDIT_FIELDS), agency_path=agency.path
    )
    return dossier


# ---------------------------------------------------------------- the transition


def step_agency(dossier: Dossier, step: WorkflowStep) -> Agency:
    return step.agency if step.agency is not None else dossier.receiving_agency


def steps_of(dossier: Dossier) -> list[WorkflowStep]:
    cached = getattr(dossier, "_steps", None)
    if cached is None:
        cached = list(dossier.workflow.steps.select_related("agency").order_by("position"))
        dossier._steps = cached  # type: ignore[attr-defined]
    return cached


def neighbour(dossier: Dossier, offset: int) -> WorkflowStep | None:
    steps = steps_of(dossier)
    index = next((i for i, s in enumerate(steps) if s.pk == dossier.current_step_id), None)
    if index is None or not 0 <= index + offset < len(steps):
        return None
    return steps[index + offset]


def return_step(dossier: Dossier) -> WorkflowStep | None:
    return next((s for s in steps_of(dossier) if s.kind == StepKind.RETURN), None)


def check(dossier: Dossier, action: str, by: Any) -> Transition:
    """Raise NotAllowedNow or NotPermitted unless `by` may take `action` on the dossier as it is now."""
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
    if t.next_kinds is not None:
        following = neighbour(dossier, 1)
        if following is None or following.kind not in t.next_kinds:
            raise NotAllowedNow(_("The workflow has no such next step here."))
    if t.move == Move.PREVIOUS and neighbour(dossier, -1) is None:
        raise NotAllowedNow(_("There is no earlier step to send the dossier back to."))
    if t.move == Move.RETURN_STEP and return_step(dossier) is None:
        raise NotAllowedNow(_("The workflow has no step to return the result."))
    if t.resumes and dossier.paused_from == "":
        raise NotAllowedNow(_("The dossier is not paused."))
    if action == "apologise":
        rules = rules_by_version(dossier.rules_version)
        if dossier.apologies >= rules.apology_max:
            raise NotAllowedNow(
                _("A new date has already been set for this dossier once; the rules allow no more.")
            )
    if not may_act(dossier, t, by):
        raise NotPermitted(_("You may not do this on this dossier now."))
    return t


def _holds(by: Any, role: str, agency: Agency | None) -> bool:
    return agency is not None and has_role(by, role, agency)


def may_act(dossier: Dossier, t: Transition, by: Any) -> bool:
    if not getattr(by, "is_authenticated", False):
        return False
    here = dossier.current_agency
    counter = _holds(by, Role.DESK_OFFICER, dossier.receiving_agency)
    step_holder = _holds(by, dossier.current_role, here) and (
        dossier.handler_id is None or dossier.handler_id == by.pk or by.is_superuser
    )
    leader_here = _holds(by, Role.LEADER, here)
    if t.actor == Actor.COUNTER:
        return counter
    if t.actor == Actor.STEP:
        return step_holder
    if t.actor == Actor.STEP_OR_LEADER:
        return step_holder or leader_here
    if t.actor == Actor.COUNTER_OR_STEP:
        return counter or step_holder
    if t.actor == Actor.LEADER:
        return leader_here or _holds(by, Role.LEADER, dossier.receiving_agency)
    if t.actor == Actor.ASSIGN:
        return leader_here or (dossier.handler_id is None and _holds(by, dossier.current_role, here))
    return False


def available_actions(dossier: Dossier, by: Any) -> list[Transition]:
    """The moves this person may take on the dossier now, in table order."""
    allowed = []
    for action in TABLE:
        try:
            allowed.append(check(dossier, action, by))
        except TransitionRefused:
            continue
    return allowed


def assignable(dossier: Dossier) -> list[Any]:
    """Staff who may be given the dossier at its current step: holders of the step's role there."""
    from django.contrib.auth import get_user_model

    from egov.organizations.models import RoleGrant

    here = dossier.current_agency
    if here is None:
        return []
    ancestors = here.ancestor_paths()
    ids = RoleGrant.objects.filter(
        role=dossier.current_role, agency__path__in=ancestors, user__is_active=True
    ).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=ids).order_by("full_name"))


def candidates_for(dossier: Dossier, step: WorkflowStep) -> list[Any]:
    from django.contrib.auth import get_user_model

    from egov.organizations.models import RoleGrant

    agency = step_agency(dossier, step)
    ids = RoleGrant.objects.filter(
        role=step.role, agency__path__in=agency.ancestor_paths(), user__is_active=True
    ).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=ids).order_by("full_name"))


def transition(
    dossier: Dossier | int,
    action: str,
    *,
    by: Any,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
    comment: str = "",
    reason: str = "",
    handler: Any = None,
    new_due: dt.datetime | None = None,
    files: Sequence[UploadedFile] = (),
    now: dt.datetime | None = None,
) -> Dossier:
    """Take one move of the transition table on a dossier, or refuse it and change nothing."""
    pk = dossier if isinstance(dossier, int) else dossier.pk
    if (event := _existing(idempotency_key)) is not None:
        if event.dossier_id != pk or event.action != action:
            raise StaleDossier(_("This form was already used for another action. Reload the page."))
        return event.dossier
    try:
        with transaction.atomic():
            return _transition(
                pk,
                action,
                by=by,
                expected_version=expected_version,
                idempotency_key=idempotency_key,
                comment=comment.strip(),
                reason=reason.strip(),
                handler=handler,
                new_due=new_due,
                files=files,
                now=now or timezone.now(),
            )
    except IntegrityError:
        # The same idempotency key committed by a concurrent request: that one won.
        if (event := _existing(idempotency_key)) is not None:
            return event.dossier
        raise


def _transition(
    pk: int,
    action: str,
    *,
    by: Any,
    expected_version: int | None,
    idempotency_key: str | None,
    comment: str,
    reason: str,
    handler: Any,
    new_due: dt.datetime | None,
    files: Sequence[UploadedFile],
    now: dt.datetime,
) -> Dossier:
    d = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("workflow", "procedure", "receiving_agency", "current_agency", "current_step")
        .get(pk=pk)
    )
    if expected_version is not None and d.version != expected_version:
        raise StaleDossier(
            _("Dossier %(code)s was changed by someone else a moment ago. Nothing was saved; check it again.")
            % {"code": d.code}
        )
    t = check(d, action, by)
    _validate(d, t, by=by, reason=reason, handler=handler, new_due=new_due, files=files, now=now)
    before = audit.snapshot(d, AUDIT_FIELDS)
    from_status, from_step, from_agency = d.status, d.current_step, d.current_agency
    data: dict[str, Any] = {}
    if reason:
        data["reason"] = reason

    if t.pauses:
        d.paused_from = d.status
        d.paused_at = now
        if (
            t.action == "request_payment"
            and not rules_by_version(d.rules_version).financial_obligation_pauses
        ):
            d.paused_at = None
    if t.resumes:
        data.update(_resume(d, now))
        d.status = d.paused_from
        d.paused_from = ""
    if t.target is not None:
        d.status = t.target

    if t.action == "assign":
        d.handler = handler
        StepVisit.objects.filter(dossier=d, finished_at__isnull=True).update(handler=handler)
        data["handler_name"] = handler.get_full_name()
    elif t.action == "apologise":
        assert new_due is not None
        data["old_due"] = timezone.localtime(d.due_at).isoformat() if d.due_at else None
        data["new_due"] = timezone.localtime(new_due).isoformat()
        d.due_at = new_due
        d.apologies += 1
    elif t.move != Move.NONE:
        target = {
            Move.NEXT: lambda: neighbour(d, 1),
            Move.PREVIOUS: lambda: neighbour(d, -1),
            Move.RETURN_STEP: lambda: return_step(d),
        }[t.move]()
        assert target is not None
        next_handler = handler
        if t.move == Move.PREVIOUS and next_handler is None:
            last = StepVisit.objects.filter(dossier=d, step=target).order_by("-started_at").first()
            next_handler = last.handler if last else None
        _move(d, target, next_handler, now)
        if target.kind == StepKind.RETURN and d.status != Status.RESOLVED:
            d.status = Status.RESOLVED
        if t.action == "refuse":
            d.outcome = Outcome.REFUSED
        elif d.status == Status.RESOLVED:
            d.outcome = Outcome.GRANTED

    if d.status in (Status.RESOLVED, Status.WITHDRAWN, Status.STOPPED) and d.finished_at is None:
        d.finished_at = now
        d.timeliness = deadlines.classify(now, d.due_at) if d.received_at else ""
        if d.status != Status.RESOLVED:
            _close_visit(d, now)
    if d.status == Status.NOT_ACCEPTED:
        _close_visit(d, now)
    if d.status == Status.RETURNED:
        d.returned_at = now
        _close_visit(d, now)
    if t.action == "accept":
        rules = rules_for(now)
        d.rules_version = rules.version
        d.supplement_mode = rules.supplement_mode(d.procedure.code)
        _start_clock(d, now)
        d.handler = by
        _open_visit(d, d.current_step, d.current_agency, by, now)  # type: ignore[arg-type]
    if from_status != d.status or t.move != Move.NONE:
        d.status_changed_at = now

    old_version = d.version
    d.version = old_version + 1
    fields = {
        name: getattr(d, name)
        for name in (
            "status",
            "outcome",
            "received_at",
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
            "current_step",
            "current_kind",
            "current_role",
            "current_agency",
            "handler",
            "step_started_at",
            "step_due_at",
            "status_changed_at",
            "version",
        )
    }
    if Dossier.objects.filter(pk=d.pk, version=old_version).update(**fields) != 1:
        raise StaleDossier(_("Dossier %(code)s was changed by someone else a moment ago.") % {"code": d.code})
    event = _event(
        d,
        action,
        by,
        now,
        from_status,
        d.status,
        (from_step, from_agency),
        comment or reason,
        idempotency_key,
        data,
    )
    kind = {
        "supplement_received": Attachment.Kind.SUPPLEMENT,
        "payment_received": Attachment.Kind.SUPPLEMENT,
        "result_ready": Attachment.Kind.RESULT,
        "approve": Attachment.Kind.RESULT,
    }.get(action, Attachment.Kind.WORKING)
    _attach(d, event, files, kind, by, now)
    notifications.queue(d, action, now, reason=reason, handler=handler)
    audit.record(
        by,
        f"dossier.{action}",
        d,
        before=before,
        after=audit.snapshot(d, AUDIT_FIELDS),
        agency_path=(d.current_agency or d.receiving_agency).path,
    )
    return d


def _validate(
    d: Dossier,
    t: Transition,
    *,
    by: Any,
    reason: str,
    handler: Any,
    new_due: dt.datetime | None,
    files: Sequence[UploadedFile],
    now: dt.datetime,
) -> None:
    errors: dict[str, str] = {}
    if "reason" in t.needs and not reason:
        errors["reason"] = _("Write the reason: it is printed on the slip and sent to the applicant.")
    if "handler" in t.needs:
        if handler is None:
            errors["handler"] = _("Choose the officer who will handle the dossier.")
        elif handler.pk not in {u.pk for u in assignable(d)}:
            errors["handler"] = _("This officer does not hold the role of the current step here.")
        elif handler.pk != by.pk and not _holds(by, Role.LEADER, d.current_agency):
            errors["handler"] = _(
                "Only a leader may give the dossier to someone else; you may take it yourself."
            )
    if t.move == Move.NEXT and handler is not None:
        following = neighbour(d, 1)
        if following is not None and handler.pk not in {u.pk for u in candidates_for(d, following)}:
            errors["handler"] = _("This officer does not hold the role of the next step.")
    if "new_due" in t.needs:
        if new_due is None:
            errors["new_due"] = _("Set the new date for the result.")
        elif d.due_at is not None and new_due <= d.due_at:
            errors["new_due"] = _("The new date must be later than the current appointment.")
        elif new_due <= now:
            errors["new_due"] = _("The new date must be in the future.")
    if files and not t.accepts_files:
        errors["files"] = _("This action takes no files.")
    if errors:
        raise ValidationError(errors)


def _start_clock(d: Dossier, now: dt.datetime) -> None:
    d.received_at = now
    d.due_at = deadlines.dossier_due(now, d.procedure)
    d.original_due_at = d.due_at
    step = d.current_step
    d.step_started_at = now
    d.step_due_at = deadlines.due_for(now, step.allotted_hours) if step else None


def _resume(d: Dossier, now: dt.datetime) -> dict[str, Any]:
    """End a pause. With "resume" every deadline moves on by the working time paused; with "restart"
    the dossier's deadline is counted again in full from now (rules/*.json, "supplement")."""
    if d.paused_at is None:  # a pause the rules did not stop the clock for
        return {"paused_hours": "0"}
    paused = deadlines.working_hours_between(d.paused_at, now)
    if d.supplement_mode == SupplementMode.RESTART and d.status == Status.SUPPLEMENT:
        d.due_at = deadlines.dossier_due(now, d.procedure)
    elif d.due_at is not None:
        d.due_at = deadlines.resume_due(d.due_at, d.paused_at, now)
    if d.step_due_at is not None:
        d.step_due_at = deadlines.resume_due(d.step_due_at, d.paused_at, now)
    visit = StepVisit.objects.filter(dossier=d, finished_at__isnull=True).first()
    if visit is not None:
        StepVisit.objects.filter(pk=visit.pk).update(
            paused_hours=F("paused_hours") + paused, due_at=d.step_due_at
        )
    d.paused_at = None
    return {"paused_hours": str(paused), "mode": d.supplement_mode}


def _move(d: Dossier, step: WorkflowStep, handler: Any, now: dt.datetime) -> None:
    _close_visit(d, now)
    agency = step_agency(d, step)
    d.current_step = step
    d.current_kind = step.kind
    d.current_role = step.role
    d.current_agency = agency
    d.handler = handler
    d.step_started_at = now
    d.step_due_at = deadlines.due_for(now, step.allotted_hours) if step.kind != StepKind.RETURN else None
    _open_visit(d, step, agency, handler, now)


def _open_visit(d: Dossier, step: WorkflowStep, agency: Agency, handler: Any, now: dt.datetime) -> StepVisit:
    return StepVisit.objects.create(
        dossier=d,
        step=step,
        agency=agency,
        handler=handler,
        started_at=now,
        due_at=d.step_due_at,
    )


def _close_visit(d: Dossier, now: dt.datetime) -> None:
    visit = StepVisit.objects.filter(dossier=d, finished_at__isnull=True).first()
    if visit is None:
        return
    visit.finished_at = now
    visit.spent_hours = deadlines.visit_spent(visit, now)
    visit.timeliness = deadlines.classify(now, visit.due_at)
    visit.save(update_fields=["finished_at", "spent_hours", "timeliness"])


def _event(
    d: Dossier,
    action: str,
    by: Any,
    now: dt.datetime,
    from_status: str,
    to_status: str,
    origin: tuple[WorkflowStep | None, Agency | None] | None,
    comment: str,
    idempotency_key: str | None,
    data: dict[str, Any],
) -> DossierEvent:
    actor = by if getattr(by, "pk", None) and getattr(by, "is_authenticated", False) else None
    from_step, from_agency = origin or (None, None)
    return DossierEvent.objects.create(
        dossier=d,
        action=action,
        at=now,
        actor=actor,
        actor_name=(actor.get_full_name() if actor else d.applicant_name)[:200],
        from_status=from_status,
        to_status=to_status,
        from_step=from_step,
        to_step=d.current_step,
        from_agency=from_agency,
        to_agency=d.current_agency,
        handler=d.handler,
        comment=comment,
        due_at=d.due_at,
        data=data,
        idempotency_key=idempotency_key or None,
    )


def _attach(
    d: Dossier,
    event: DossierEvent,
    files: Sequence[UploadedFile],
    kind: str,
    by: Any,
    now: dt.datetime,
) -> list[Attachment]:
    stored = []
    for upload in files:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        name = (upload.name or "file").rsplit("/", 1)[-1][:255]
        attachment = Attachment(
            dossier=d,
            event=event,
            kind=kind,
            name=name,
            size=upload.size or 0,
            sha256=digest.hexdigest(),
            content_type=getattr(upload, "content_type", "") or mimetypes.guess_type(name)[0] or "",
            uploaded_by=by if getattr(by, "pk", None) else None,
            uploaded_at=now,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored


def verify_attachment(attachment: Attachment) -> bool:
    """Whether the stored file still has the checksum recorded when it was received."""
    digest = hashlib.sha256()
    with attachment.file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest() == attachment.sha256


def is_paused(d: Dossier) -> bool:
    return d.status in PAUSED
