"""Writes of online filing: start a draft, save each step, attach and remove papers, delete, submit.

Each is one transaction that locks the draft row, refuses a draft already submitted, saves, marks the step
done and writes its audit row (the step's name only: the answers are personal data and stay in the draft).
An upload is checked and stored before the transaction and removed again if it rolls back, so a failed or
interrupted request leaves the draft exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.citizens.models import Organisation
from egov.core import audit, statements
from egov.core.audit import Actor
from egov.datastore.models import StoredPaper
from egov.dossiers import files as filestore
from egov.dossiers.counter import receives
from egov.dossiers.models import Dossier
from egov.filing import drafting, fee_cases, journey, permissions, selectors
from egov.filing.models import Draft, DraftPaper
from egov.filing.submission import submit as _submit
from egov.organizations.models import Agency
from egov.procedures.models import Procedure, RequiredDocument
from egov.procedures.selectors import current_form, online_checklist

MB = drafting.MB  # egov.filing.direct reads it here


def _locked(actor: Actor, draft: Draft) -> Draft:
    # Every step's save locks the draft first: the statement is built once per process (egov.core.statements).
    found = statements.select_objects(_locked_row, int(draft.pk))
    if not found:
        raise Draft.DoesNotExist
    return drafting.checked(actor, found[0])


def _locked_row(pk: int) -> QuerySet[Draft]:
    return (
        Draft.objects.select_related("procedure", "form_version")
        .select_for_update(of=("self",))
        .filter(pk=pk)
    )


def _saved(
    actor: Actor,
    draft: Draft,
    step: str,
    fields: list[str],
    now: dt.datetime,
    action: str = "filing.save",
    detail: dict[str, Any] | None = None,
) -> Draft:
    return drafting.saved(actor, draft, step, fields, now, action, detail)


def start(*, actor: Actor, procedure: Procedure, now: dt.datetime | None = None) -> Draft:
    """A new draft of `procedure` on its published online form, owned by the citizen `actor`."""
    drafting.may_file(actor)
    if not selectors.may_file_online(procedure):
        raise ValidationError(_("This procedure cannot be filed online."))
    now = now or timezone.now()
    form = current_form(procedure)
    assert form is not None
    with transaction.atomic():
        draft = Draft.objects.create(
            owner=actor,  # type: ignore[misc]  # a citizen account (checked above)
            procedure=procedure,
            form_version=form,
            updated_at=now,
        )
        audit.record(actor, "filing.start", draft, after={"procedure": procedure.code})
    return draft


def save_who(
    *, actor: Actor, draft: Draft, organisation: Organisation | None, now: dt.datetime | None = None
) -> Draft:
    """Who files: the citizen themself (None) or an organisation they are a member of. Changing it prefills
    the applicant's details again, from the new profile."""
    now = now or timezone.now()
    with transaction.atomic():
        draft = _locked(actor, draft)
        if not permissions.may_file_for(actor, organisation):
            raise ValidationError({"filer": _("You are not a member of this organisation.")})
        changed = draft.organisation_id != (organisation.pk if organisation else None)
        draft.organisation = organisation
        fields = ["organisation"]
        if changed or not draft.applicant:
            draft.applicant = drafting.applicant_from_profile(actor, organisation)
            draft.done = [k for k in draft.done if k != journey.APPLICANT]
            fields.append("applicant")
        if changed:
            # Papers of the store belong to a person or an organisation: the other's are not theirs to reuse.
            draft.papers.filter(stored_paper__isnull=False).delete()
        return _saved(actor, draft, journey.WHO, fields, now)


def save_applicant(
    *, actor: Actor, draft: Draft, applicant: dict[str, str], now: dt.datetime | None = None
) -> Draft:
    """The applicant's details, already checked by the form (forms.ApplicantForm)."""
    now = now or timezone.now()
    with transaction.atomic():
        draft = _locked(actor, draft)
        own = drafting.account_birth_date(actor) if draft.organisation_id is None else {}
        draft.applicant = {**draft.applicant, **applicant, **own}
        return _saved(actor, draft, journey.APPLICANT, ["applicant"], now)


def save_answers(
    *, actor: Actor, draft: Draft, step: str, answers: dict[str, Any], now: dt.datetime | None = None
) -> Draft:
    """One page of the online form, checked by the form built from its schema (onlineform.SchemaForm)."""
    now = now or timezone.now()
    with transaction.atomic():
        draft = _locked(actor, draft)
        draft.answers = {**draft.answers, **answers}
        return _saved(actor, draft, step, ["answers"], now)


def save_fee_cases(*, actor: Actor, draft: Draft, chosen: list[int], now: dt.datetime | None = None) -> Draft:
    """The fee cases the applicant says are theirs (egov.payments.fees): ids of the procedure's lines asked
    on the form; any other id is refused."""
    now = now or timezone.now()
    with transaction.atomic():
        draft = _locked(actor, draft)
        draft.fee_cases = fee_cases.checked(draft.procedure, chosen)
        return _saved(actor, draft, journey.FEES, ["fee_cases"], now)


def _uploaded_total(draft: Draft) -> int:
    return int(draft.papers.filter(stored_paper__isnull=True).aggregate(n=Sum("size"))["n"] or 0)


def add_upload(
    *,
    actor: Actor,
    draft: Draft,
    requirement: RequiredDocument,
    upload: UploadedFile,
    now: dt.datetime | None = None,
    go_on: bool = False,
) -> DraftPaper:
    """Check (type from the content, name made safe, EGOV_FILING_FILE_MAX_MB), store and attach one file to
    a checklist line. The draft's uploads together stay within EGOV_FILING_DOSSIER_MAX_MB.

    `go_on`: the citizen pressed "Lưu và tiếp tục" with the file, so the line is also marked done
    (`papers_done`) in the same transaction: one lock and one save of the draft, and both audit rows, the
    paper added and the step saved, as the two services write them. The returned paper's `draft` is the
    draft as saved."""
    now = now or timezone.now()
    if not permissions.may_open(actor, draft):
        raise PermissionDenied  # before anything is stored
    _check_asked(draft, requirement)
    stored = drafting.store_upload(upload, now, lambda size: _check_room(draft, size))
    with filestore.kept_only_if_committed([stored]), transaction.atomic():
        draft = _locked(actor, draft)
        _check_room(draft, stored.size)
        paper = DraftPaper(draft=draft, requirement=requirement, **drafting.paper_fields(stored, now))
        paper.file.name = stored.path
        paper.save()
        added = {"requirement": requirement.pk}
        if go_on:
            # papers_done's check (a required line needs a paper) holds: this one was just added.
            audit.record(actor, "filing.paper_add", draft, after={"step": "", **added})
            _saved(actor, draft, f"paper-{requirement.pk}", [], now)
        else:
            _saved(actor, draft, "", [], now, "filing.paper_add", added)
        return paper


def _check_asked(draft: Draft, requirement: RequiredDocument) -> None:
    """A paper is given only for a line of the draft's procedure that the online filing asks for."""
    if requirement.procedure_id != draft.procedure_id:
        raise ValidationError(_("This paper is not asked for by the procedure."))
    if requirement not in online_checklist(draft.procedure):
        raise ValidationError(journey.not_uploaded(requirement))


def _check_room(draft: Draft, size: int) -> None:
    drafting.check_room(_uploaded_total(draft), size)


def add_reused(
    *,
    actor: Actor,
    draft: Draft,
    requirement: RequiredDocument,
    stored_paper: StoredPaper,
    now: dt.datetime | None = None,
) -> DraftPaper:
    """Give a paper of the citizen's store for a checklist line, without uploading it again."""
    now = now or timezone.now()
    _check_asked(draft, requirement)
    with transaction.atomic():
        draft = _locked(actor, draft)
        if stored_paper.pk not in {p.pk for p in selectors.reusable_papers(draft, requirement)}:
            raise ValidationError(_("This paper of your store cannot be used here."))
        paper, _created = DraftPaper.objects.get_or_create(
            draft=draft,
            requirement=requirement,
            stored_paper=stored_paper,
            defaults={"name": stored_paper.name, "added_at": now},
        )
        _saved(actor, draft, "", [], now, "filing.paper_reuse", {"stored_paper": stored_paper.pk})
        return paper


def remove_paper(*, actor: Actor, draft: Draft, paper_id: int, now: dt.datetime | None = None) -> None:
    """Take a paper off the draft; an uploaded file is deleted from storage once that commits."""
    now = now or timezone.now()
    with transaction.atomic():
        draft = _locked(actor, draft)
        paper = draft.papers.filter(pk=paper_id).first()
        if paper is None:
            return
        path = paper.file.name if not paper.is_reused else ""
        paper.delete()
        # The line may now lack its paper: ask again when the citizen comes to it.
        draft.done = [k for k in draft.done if k != f"paper-{paper.requirement_id}"]
        _saved(actor, draft, "", [], now, "filing.paper_remove", {"requirement": paper.requirement_id})
        if path:
            transaction.on_commit(lambda: filestore.storage().delete(path))


def papers_done(
    *, actor: Actor, draft: Draft, requirement: RequiredDocument, now: dt.datetime | None = None
) -> Draft:
    """The citizen goes on from a checklist line: a required one needs at least one paper."""
    now = now or timezone.now()
    with transaction.atomic():
        draft = _locked(actor, draft)
        if requirement.required and not draft.papers.filter(requirement=requirement).exists():
            raise ValidationError(
                {"file": _("Add this paper: upload a file, or use one from your store.")}, code="missing"
            )
        return _saved(actor, draft, f"paper-{requirement.pk}", [], now)


def choose_agency(*, actor: Actor, draft: Draft, agency: Agency, now: dt.datetime | None = None) -> Draft:
    """Where to file: a one-stop counter that receives the procedure."""
    now = now or timezone.now()
    with transaction.atomic():
        draft = _locked(actor, draft)
        if not agency.is_active or not receives(agency, draft.procedure):
            raise ValidationError({"agency": _("Choose a counter that receives this procedure.")})
        draft.agency = agency
        return _saved(actor, draft, journey.PLACE, ["agency"], now)


def delete(*, actor: Actor, draft: Draft) -> None:
    """Delete a draft not yet submitted, and the files uploaded for it (once that commits)."""
    with transaction.atomic():
        draft = _locked(actor, draft)
        paths = [p.file.name for p in draft.papers.all() if not p.is_reused and p.file.name]
        audit.record(actor, "filing.delete", draft, before={"procedure": draft.procedure.code})
        draft.delete()
        transaction.on_commit(lambda: drafting.delete_files(paths))


def submit(*, actor: Actor, draft: Draft, now: dt.datetime | None = None) -> Dossier:
    """Submit the draft (egov.filing.submission.submit): one dossier, however often or at once it is sent."""
    return _submit(actor=actor, draft=draft, now=now)
