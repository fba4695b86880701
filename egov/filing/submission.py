"""Submitting a draft: what is still missing, and the submission itself.

The dossier is made by `egov.dossiers.intake.submit_online`, with the draft's one-time key, inside a
transaction that first locks the draft row: a second submit of the same draft (a double click, a second
tab, a retried request) waits for the first, sees the dossier it made and answers with it. The key on the
dossier's first history row is a second guard.

Files are not copied. A file uploaded for the draft is already in the dossiers' storage under a fresh name
(egov.dossiers.files): its attachment points at that same file. A paper reused from the citizen's store
points at the store's own file, after its checksum is read back and found unchanged; stored files are never
overwritten (Attachment refuses it), so sharing one is safe.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit, statements
from egov.core.audit import Actor
from egov.dossiers import files as filestore
from egov.dossiers import intake
from egov.dossiers.counter import receives
from egov.dossiers.models import Dossier
from egov.filing import drafting, journey, known, permissions
from egov.filing.models import Draft, DraftPaper, GroupDraftPaper
from egov.payments.fees import fees_due
from egov.procedures.models import Channel
from egov.procedures.selectors import online_checklist


@dataclass(frozen=True)
class Problem:
    step: journey.Step
    message: str


def problems(draft: Draft, steps: list[journey.Step] | None = None) -> list[Problem]:
    """What keeps the draft from being submitted, step by step, in the journey's order."""
    steps = steps if steps is not None else journey.steps_of(draft)
    given = set(draft.papers.values_list("requirement_id", flat=True))
    found = []
    for step in steps:
        if step.requirement is not None:
            # A paper only "if it applies" never holds the submission back; a required one needs a paper.
            if step.requirement.required and step.requirement.pk not in given:
                found.append(Problem(step, _("Add the paper: %(name)s") % {"name": step.requirement.name}))
        elif step.key not in draft.done:
            found.append(Problem(step, _("Answer this part: %(title)s") % {"title": step.title}))
        elif step.key == journey.PLACE and not (
            draft.agency is not None and draft.agency.is_active and receives(draft.agency, draft.procedure)
        ):
            found.append(Problem(step, _("The counter you chose no longer receives it: choose again.")))
    return found


def stored_file(paper: DraftPaper | GroupDraftPaper, requirement_id: int) -> filestore.StoredFile:
    """A draft's paper as the stored file its dossier's attachment points at: the upload itself, or the
    store's file of a reused paper once its SHA-256 reads back unchanged (else refused, nothing filed)."""
    if paper.stored_paper is None:
        return filestore.StoredFile(
            name=paper.name,
            path=paper.file.name,
            size=paper.size,
            sha256=paper.sha256,
            content_type=paper.content_type,
            requirement_id=requirement_id,
        )
    attachment = paper.stored_paper.attachment
    if not filestore.verify_attachment(attachment):
        raise ValidationError(
            _("%(name)s from your store could not be read back intact: upload it again instead.")
            % {"name": paper.name}
        )
    return filestore.StoredFile(
        name=attachment.name,
        path=attachment.file.name,
        size=attachment.size,
        sha256=attachment.sha256,
        content_type=attachment.content_type,
        requirement_id=requirement_id,
    )


def _locked_draft(pk: int) -> QuerySet[Draft]:
    return (
        Draft.objects.select_for_update(of=("self",))
        .select_related("procedure", "form_version", "agency", "organisation", "dossier")
        .filter(pk=pk)
    )


def _papers(draft_id: int) -> QuerySet[DraftPaper]:
    return (
        DraftPaper.objects.filter(draft_id=draft_id)
        .select_related("stored_paper__attachment")
        .order_by("requirement__sort_order", "requirement_id", "id")
    )


def submit(*, actor: Actor, draft: Draft, now: dt.datetime | None = None) -> Dossier:
    """Submit the draft online: it waits in the chosen counter's queue to be accepted, with the decree's
    limits running (intake.submit_online). Refused, changing nothing, while something is missing."""
    now = now or timezone.now()
    with transaction.atomic():
        # The draft locked and its papers read with statements built once per process (egov.core.statements).
        found = statements.select_objects(_locked_draft, int(draft.pk))
        if not found:
            raise Draft.DoesNotExist
        locked = found[0]
        if not permissions.may_open(actor, locked):
            raise PermissionDenied
        if locked.dossier is not None:
            return locked.dossier
        found = problems(locked)
        if found:
            raise ValidationError([p.message for p in found])
        assert locked.agency is not None
        papers = statements.select_objects(_papers, int(locked.pk))
        # A line the catalogue stopped asking online since the paper was given (its declaration now the
        # online form, or read from a database): the paper is not filed, and its upload not kept.
        asked = {line.pk for line in online_checklist(locked.procedure)}
        drafting.drop_papers([p for p in papers if p.requirement_id not in asked])
        papers = [p for p in papers if p.requirement_id in asked]
        applicant = intake.Applicant(
            name=locked.applicant.get("name", ""),
            type=locked.applicant.get("type", ""),
            id_number=locked.applicant.get("id_number", ""),
            phone=locked.applicant.get("phone", ""),
            email=locked.applicant.get("email", ""),
            address=locked.applicant.get("address", ""),
        )
        answers = known.with_known(
            locked.answers, locked.form_version.schema.get("fields", []), locked.applicant
        )
        dossier = intake.submit_online(
            actor=actor,
            owner=actor,  # type: ignore[arg-type]
            organisation=locked.organisation,
            procedure=locked.procedure,
            agency=locked.agency,
            applicant=applicant,
            fees=fees_due(locked.procedure, Channel.ONLINE, chosen=locked.fee_cases, answers=answers),
            idempotency_key=locked.idempotency_key,
            answers=answers,
            form_version=locked.form_version,
            stored_files=[stored_file(p, p.requirement_id) for p in papers],
            now=now,
        )
        locked.dossier = dossier
        locked.submitted_at = locked.updated_at = now
        statements.update(locked, ["dossier", "submitted_at", "updated_at"])
        audit.record(actor, "filing.submit", locked, after={"dossier": dossier.pk})
    return dossier
