"""A dossier comes in: received at the counter or by post (`receive`), or submitted online
(`submit_online`, waiting in the counter's queue to be accepted). Each gets its first history row and
its audit row in one transaction; a receipt gets its code (egov.dossiers.codes), a submission its
reference until the counter accepts it. Files are stored before it and removed if it rolls back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit, statements
from egov.core.audit import Actor
from egov.core.text import search_key
from egov.core.validators import normalise_cccd, validate_cccd
from egov.dossiers import codes, notifications, online, permissions, results, steps
from egov.dossiers import files as filestore
from egov.dossiers.errors import NotPermitted, StaleDossier
from egov.dossiers.fee_lines import FeeLine, fee_rows
from egov.dossiers.models import (
    Attachment,
    Dossier,
    DossierEvent,
    FiledPaper,
    FormAnswers,
    Status,
)
from egov.dossiers.papers import Paper
from egov.dossiers.papers import record as record_papers
from egov.dossiers.rules import rules_for
from egov.organizations.models import Agency
from egov.procedures import catalogue_version
from egov.procedures.models import (
    ApplicantType,
    Channel,
    FormVersion,
    Procedure,
    PublicationStatus,
    StepKind,
    WorkflowStep,
    WorkflowTemplate,
)
from egov.procedures.selectors import current_workflow
from egov.stats import keeping as stats

if TYPE_CHECKING:
    from egov.accounts.models import User
    from egov.citizens.models import Organisation

#: Mã số thuế: 10 digits for an organisation, 10-3 for a dependent unit (Circular 105/2020/TT-BTC art. 5).
TAX_CODE_RE = re.compile(r"^[0-9]{10}(-[0-9]{3})?$")
#: A foreigner's passport or other travel document number.
PASSPORT_RE = re.compile(r"^[0-9A-Za-z]{6,20}$")
CREATIONS = ("receive", "submit")


@dataclass(frozen=True)
class Applicant:
    name: str
    type: str = ApplicantType.CITIZEN
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


def clean_id_number(applicant_type: str, value: str) -> str:
    """The applicant's ID number as stored, or a ValidationError in Vietnamese: a valid 12-digit CCCD for a
    citizen, a tax code (10 digits or 10-3) for an organisation or business, a passport number for a
    foreigner. Empty stays empty."""
    value = (value or "").strip()
    if not value:
        return ""
    if applicant_type == ApplicantType.CITIZEN:
        validate_cccd(value)
        return normalise_cccd(value)
    if applicant_type in (ApplicantType.ORGANISATION, ApplicantType.BUSINESS):
        if not TAX_CODE_RE.match(value):
            raise ValidationError(
                _("A tax code has 10 digits, or 10 digits, a dash and 3 digits."), code="tax_code"
            )
        return value
    if not PASSPORT_RE.match(value):
        raise ValidationError(_("Enter 6 to 20 digits or letters."), code="passport")
    return value.upper()


def next_code(prefix: str, moment: dt.datetime, digits: int) -> str:
    """The next dossier code of the day under `prefix` (egov.dossiers.codes.next_code)."""
    return codes.next_code(prefix, moment, digits)


def _workflow(procedure: Procedure, agency: Agency) -> tuple[WorkflowTemplate, WorkflowStep]:
    """The workflow the dossier follows and its first step (read once: it must be a receiving step)."""
    if procedure.status != PublicationStatus.PUBLISHED:
        raise ValidationError(_("The procedure %(code)s is not published.") % {"code": procedure.code})
    template, first = catalogue_version.kept(
        ("intake.workflow", procedure.pk, agency.pk, agency.path), lambda: _read_workflow(procedure, agency)
    )
    if template is None:
        raise ValidationError(
            _("The procedure %(code)s has no published workflow: ask the catalogue administrator.")
            % {"code": procedure.code}
        )
    if first is None or first.kind != StepKind.RECEIVE:
        raise ValidationError(
            _("The workflow of %(code)s must start with a receiving step.") % {"code": procedure.code}
        )
    return template, first


def _read_workflow(
    procedure: Procedure, agency: Agency
) -> tuple[WorkflowTemplate | None, WorkflowStep | None]:
    # Kept per process under the catalogue's version token (every dossier made reads them, and a published
    # workflow's steps never change: a new version is a new template, whose publication replaces the token).
    template = current_workflow(procedure, agency)
    if template is None:
        return None, None
    return template, template.steps.order_by("position").first()


def _new_dossier(
    *,
    procedure: Procedure,
    agency: Agency,
    channel: str,
    applicant: Applicant,
    summary: str,
    now: dt.datetime,
) -> Dossier:
    if not agency.has_counter:
        raise ValidationError(_("%(agency)s has no one-stop counter.") % {"agency": agency.name})
    if not applicant.name.strip():
        raise ValidationError({"applicant_name": _("Enter the applicant's name.")})
    try:
        id_number = clean_id_number(applicant.type, applicant.id_number)
    except ValidationError as exc:
        raise ValidationError({"applicant_id_number": exc.messages}) from None
    workflow, first = _workflow(procedure, agency)
    rules = rules_for(now)
    dossier = Dossier(
        procedure=procedure,
        workflow=workflow,
        rules_version=rules.version,
        supplement_mode=rules.supplement_mode(procedure.code),
        receiving_agency=agency,
        channel=channel,
        applicant_type=applicant.type,
        applicant_name=applicant.name.strip(),
        applicant_id_number=id_number,
        applicant_phone=applicant.phone.strip(),
        applicant_email=applicant.email.strip(),
        applicant_address=applicant.address.strip(),
        applicant_folded=search_key(applicant.name)[:200],
        summary=summary.strip(),
        status_changed_at=now,
        submitted_at=now,
    )
    steps.point_to(dossier, first, None, now)
    dossier.current_agency = agency
    dossier.competent_agency = codes.competent_agency(dossier)
    dossier.full_clean(
        exclude=[
            "code",
            "workflow",
            "procedure",
            "receiving_agency",
            "current_step",
            "current_agency",
            "competent_agency",
            "status",
        ]
    )
    if channel == Channel.ONLINE:
        # Not received yet: a reference until the counter accepts it (Decree 118/2025 art. 17.3).
        dossier.code = dossier.submission_ref = codes.submission_reference(now)
    else:
        dossier.code = next_code(codes.prefix_for(dossier, rules), now, rules.sequence_digits)
    return dossier


def _earlier(idempotency_key: str | None) -> Dossier | None:
    event = steps.existing_event(idempotency_key)
    if event is None:
        return None
    if event.action not in CREATIONS:
        raise StaleDossier(_("This form was already used for another action. Reload the page."))
    return event.dossier


def _once(
    idempotency_key: str | None,
    files: Sequence[UploadedFile],
    now: dt.datetime,
    create: Callable[[Sequence[filestore.StoredFile]], Dossier],
) -> Dossier:
    """Run `create(stored)` in one transaction, once per one-time key: a repeated or racing request with
    the same key gets the dossier the first one created (never an error), and its files are removed."""
    if (earlier := _earlier(idempotency_key)) is not None:
        return earlier
    stored = filestore.store(files, now)
    try:
        with filestore.kept_only_if_committed(stored), transaction.atomic():
            return create(stored)
    except IntegrityError:
        # The unique one-time key: a concurrent request with the same key committed first.
        if (earlier := _earlier(idempotency_key)) is not None:
            return earlier
        raise


def receive(
    *,
    actor: Actor,
    procedure: Procedure,
    agency: Agency,
    applicant: Applicant,
    channel: str = Channel.COUNTER,
    summary: str = "",
    fees: Iterable[tuple[str, Decimal] | FeeLine] = (),
    files: Sequence[UploadedFile] = (),
    comment: str = "",
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
    papers: Sequence[Paper] = (),
) -> Dossier:
    """Receive a dossier at the counter or by post: its code, its appointment and its first history row;
    `papers`, the paper checklist ticked at the counter, is stored with it (papers.record)."""
    now = now or timezone.now()
    if channel not in (Channel.COUNTER, Channel.POST):
        raise ValidationError(_("Online submissions are accepted from the queue, not received here."))
    if agency.has_counter and not permissions.may_receive_at(actor, agency):
        raise NotPermitted(
            _("Only a desk officer of %(agency)s may receive dossiers there.") % {"agency": agency.name}
        )

    def create(stored: Sequence[filestore.StoredFile]) -> Dossier:
        d = _new_dossier(
            procedure=procedure, agency=agency, channel=channel, applicant=applicant, summary=summary, now=now
        )
        d.status = Status.RECEIVED
        steps.start_clock(d, now)
        results.plan_paper_forward(d, now)
        d.handler = steps.user_of(actor)
        statements.insert(d)  # built once per process, as submit_online's: the same as d.save() here
        steps.open_visit(d, now)
        stats.new_dossier(d)  # the summary tables, in the receipt's transaction (docs/stats.md)
        event = steps.write_event(
            d,
            action="receive",
            actor=actor,
            now=now,
            from_status="",
            comment=comment,
            idempotency_key=idempotency_key,
        )
        _finish(d, event, stored, actor, now, "receive")
        statements.insert_all(fee_rows(d, fees))
        record_papers(d, papers)
        return d

    return _once(idempotency_key, files, now, create)


def submit_online(
    *,
    actor: Actor | None = None,
    procedure: Procedure,
    agency: Agency,
    applicant: Applicant,
    summary: str = "",
    files: Sequence[UploadedFile] = (),
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
    owner: User | None = None,
    organisation: Organisation | None = None,
    fees: Iterable[tuple[str, Decimal] | FeeLine] = (),
    answers: dict[str, Any] | None = None,
    form_version: FormVersion | None = None,
    stored_files: Sequence[filestore.StoredFile] = (),
    held: bool = False,
) -> Dossier:
    """An online submission (Mới đăng ký): it waits in the counter's queue to be accepted or refused.
    The clock starts only when the counter accepts it. `actor` is the signed-in citizen, or None; `owner` the
    citizen account that files it (it sees the dossier under "my dossiers") and `organisation` the
    organisation it files for; `fees` what is owed (egov.payments.fees.fees_due). `answers` to the online
    form `form_version` are kept with it (`FormAnswers`). `stored_files` are files already in storage (an
    online draft's uploads, papers reused from the citizen's store): recorded as its attachments and never
    removed, even if the submission rolls back, since their owner still holds them. `held`: a part of a linked
    bundle waiting for an earlier part's result (egov.dossiers.bundles): no limits and no alert until the
    bundle releases it (egov.dossiers.linked).

    In the same transaction the counter's officers are alerted through the outbox, and the submission
    keeps its two limits (Decree 118 art. 17.2 and 17.2.c; `egov.dossiers.online`)."""
    now = now or timezone.now()

    def create(stored: Sequence[filestore.StoredFile]) -> Dossier:
        d = _new_dossier(
            procedure=procedure,
            agency=agency,
            channel=Channel.ONLINE,
            applicant=applicant,
            summary=summary,
            now=now,
        )
        d.status = Status.SUBMITTED
        d.owner = owner
        d.organisation = organisation
        d.step_due_at = None
        if not held:
            online.open_limits(d, now)
        # The wide row's INSERT, built once per process (egov.core.statements): the same as d.save() here.
        statements.insert(d)
        stats.new_dossier(d)
        event = steps.write_event(
            d, action="submit", actor=actor, now=now, from_status="", idempotency_key=idempotency_key
        )
        kept = [*stored, *stored_files]
        rows = _finish(d, event, kept, actor, now, "submit")
        statements.insert_all(fee_rows(d, fees))
        if answers is not None:
            statements.insert(FormAnswers(dossier=d, form_version=form_version, answers=answers))
        statements.insert_all(
            [
                FiledPaper(attachment=row, requirement_id=item.requirement_id)
                for row, item in zip(rows, kept, strict=True)
                if item.requirement_id
            ]
        )
        if not held:
            online.alert_counter(d, now)
        return d

    return _once(idempotency_key, files, now, create)


def _finish(
    d: Dossier,
    event: DossierEvent,
    stored: Sequence[filestore.StoredFile],
    actor: Actor | None,
    now: dt.datetime,
    action: str,
) -> list[Attachment]:
    rows = filestore.attach(d, event, stored, kind=Attachment.Kind.PAPER, actor=actor, now=now)
    notifications.queue(d, action, now)
    audit.record(
        actor,
        f"dossier.{action}",
        d,
        after=audit.snapshot(d, steps.AUDIT_FIELDS),
        agency_path=d.receiving_agency.path,
    )
    return rows
