"""Writes of a linked group filed once online: start its draft, save each step, attach and remove papers,
delete, submit (egov.filing.group_submission).

As for a one-procedure draft (egov.filing.services): each write is one transaction that locks the draft row,
refuses a draft already submitted or not the actor's, saves, marks the step done and writes its audit row
(`filing.group_*`, the step's key only: the answers are personal data and stay in the draft). An upload is
checked and stored before the transaction and removed again if it rolls back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.audit import Actor
from egov.datastore.models import StoredPaper
from egov.dossiers import files as filestore
from egov.filing import drafting, fee_cases, group_selectors, permissions
from egov.filing import group_journey as journey
from egov.filing.group_models import GroupDraft, GroupDraftPaper
from egov.organizations.models import Agency
from egov.procedures import groups
from egov.procedures.models import ProcedureGroup
from egov.procedures.selectors import current_form


def _locked(actor: Actor, draft: GroupDraft) -> GroupDraft:
    return drafting.locked(actor, GroupDraft.objects.select_related("group"), draft.pk)


def _saved(
    actor: Actor,
    draft: GroupDraft,
    step: str,
    fields: list[str],
    now: dt.datetime,
    action: str = "filing.group_save",
    detail: dict[str, Any] | None = None,
) -> GroupDraft:
    return drafting.saved(actor, draft, step, fields, now, action, detail)


def start(*, actor: Actor, group: ProcedureGroup, now: dt.datetime | None = None) -> GroupDraft:
    """A new draft of the linked group, owned by the citizen `actor`: the applicant prefilled from their
    profile, each part on its procedure's published online form (a part without one has no form pages)."""
    drafting.may_file(actor)
    if not groups.may_file_online(group):
        raise ValidationError(_("This linked group cannot be filed online."))
    now = now or timezone.now()
    versions = {}
    for part in group.parts.select_related("procedure"):
        form = current_form(part.procedure)
        if form is not None:
            versions[str(part.position)] = form.pk
    with transaction.atomic():
        draft = GroupDraft.objects.create(
            owner=actor,  # type: ignore[misc]  # a citizen account (checked above)
            group=group,
            applicant=drafting.applicant_from_profile(actor, None),
            form_versions=versions,
            updated_at=now,
        )
        audit.record(actor, "filing.group_start", draft, after={"group": group.code})
    return draft


def save_applicant(
    *, actor: Actor, draft: GroupDraft, applicant: dict[str, str], now: dt.datetime | None = None
) -> GroupDraft:
    """The one applicant of every part, already checked by the form (forms.ApplicantForm)."""
    now = now or timezone.now()
    with transaction.atomic():
        draft = _locked(actor, draft)
        draft.applicant = {**draft.applicant, **applicant, **drafting.account_birth_date(actor)}
        return _saved(actor, draft, journey.APPLICANT, ["applicant"], now)


def choose_parts(
    *, actor: Actor, draft: GroupDraft, optional: list[int], now: dt.datetime | None = None
) -> GroupDraft:
    """The optional parts filed too. A part left out drops its answers and the papers only it needed; a
    part needing the result of a part left out is refused, as `bundles.submit_group` would refuse it."""
    now = now or timezone.now()
    with transaction.atomic():
        draft = _locked(actor, draft)
        parts = journey.parts_of(draft)
        allowed = {p.position for p in parts if not p.required}
        if set(optional) - allowed:
            raise ValidationError({"parts": _("Choose among the procedures listed.")})
        draft.optional_parts = sorted(set(optional))
        chosen = journey.chosen_parts(draft, parts)
        positions = {p.position for p in chosen}
        for part in chosen:
            if part.needs_result_of is not None and part.needs_result_of not in positions:
                raise ValidationError({"parts": _("A procedure you chose needs one you left out.")})
        draft.answers = {k: v for k, v in draft.answers.items() if int(k) in positions}
        draft.fee_cases = {k: v for k, v in draft.fee_cases.items() if int(k) in positions}
        draft.done = [
            k
            for k in draft.done
            if (position := journey.part_step_position(k)) is None or position in positions
        ]
        keys = {line.key for line in journey.paper_lines(chosen)}
        drafting.drop_papers(list(draft.papers.exclude(key__in=keys)))
        return _saved(actor, draft, journey.PARTS, ["optional_parts", "answers", "fee_cases"], now)


def save_answers(
    *,
    actor: Actor,
    draft: GroupDraft,
    position: int,
    step: str,
    answers: dict[str, Any],
    now: dt.datetime | None = None,
) -> GroupDraft:
    """One page of one part's online form, checked by the form built from its schema."""
    now = now or timezone.now()
    with transaction.atomic():
        draft = _locked(actor, draft)
        key = str(position)
        draft.answers = {**draft.answers, key: {**draft.answers.get(key, {}), **answers}}
        return _saved(actor, draft, step, ["answers"], now)


def save_fee_cases(
    *, actor: Actor, draft: GroupDraft, position: int, chosen: list[int], now: dt.datetime | None = None
) -> GroupDraft:
    """The fee cases the applicant says are theirs for one chosen part, checked as for one procedure
    (`fee_cases.checked`: only that part's lines asked on the form)."""
    now = now or timezone.now()
    with transaction.atomic():
        draft = _locked(actor, draft)
        part = next((p for p in journey.chosen_parts(draft) if p.position == position), None)
        if part is None:
            raise ValidationError({"cases": _("This procedure is not among those you file.")})
        draft.fee_cases = {**draft.fee_cases, str(position): fee_cases.checked(part.procedure, chosen)}
        return _saved(actor, draft, journey.fees_key(position), ["fee_cases"], now)


def _line(draft: GroupDraft, key: str) -> journey.PaperLine:
    found = {line.key: line for line in journey.paper_lines(journey.chosen_parts(draft))}
    if key not in found:
        raise ValidationError(_("This paper is not asked for by the procedures you file."))
    return found[key]


def _check_room(draft: GroupDraft, size: int) -> None:
    drafting.check_room(int(draft.papers.aggregate(n=Sum("size"))["n"] or 0), size)


def add_upload(
    *, actor: Actor, draft: GroupDraft, key: str, upload: UploadedFile, now: dt.datetime | None = None
) -> GroupDraftPaper:
    """Check (type from the content, safe name, EGOV_FILING_FILE_MAX_MB), store and attach one file to a
    paper of the group; the draft's files together stay within EGOV_FILING_DOSSIER_MAX_MB."""
    now = now or timezone.now()
    if not permissions.may_open(actor, draft):
        raise PermissionDenied  # before anything is stored
    line = _line(draft, key)
    stored = drafting.store_upload(upload, now, lambda size: _check_room(draft, size))
    with filestore.kept_only_if_committed([stored]), transaction.atomic():
        draft = _locked(actor, draft)
        _check_room(draft, stored.size)
        paper = GroupDraftPaper(draft=draft, key=line.key, **drafting.paper_fields(stored, now))
        paper.file.name = stored.path
        paper.save()
        _saved(actor, draft, "", [], now, "filing.group_paper_add", {"requirement": line.first.pk})
        return paper


def add_reused(
    *, actor: Actor, draft: GroupDraft, key: str, stored_paper: StoredPaper, now: dt.datetime | None = None
) -> GroupDraftPaper:
    """Give a paper of the citizen's store for a paper of the group, without uploading it again (Decree
    118/2025 art. 22.1, as for one procedure: `filing.services.add_reused`)."""
    now = now or timezone.now()
    with transaction.atomic():
        draft = _locked(actor, draft)
        line = _line(draft, key)
        if stored_paper.pk not in {p.pk for p in group_selectors.reusable_for_line(draft, line)}:
            raise ValidationError(_("This paper of your store cannot be used here."))
        paper, _created = GroupDraftPaper.objects.get_or_create(
            draft=draft,
            key=line.key,
            stored_paper=stored_paper,
            defaults={"name": stored_paper.name, "added_at": now},
        )
        _saved(actor, draft, "", [], now, "filing.group_paper_reuse", {"stored_paper": stored_paper.pk})
        return paper


def remove_paper(*, actor: Actor, draft: GroupDraft, paper_id: int, now: dt.datetime | None = None) -> None:
    """Take a paper off the draft; an uploaded file is deleted from storage once that commits."""
    now = now or timezone.now()
    with transaction.atomic():
        draft = _locked(actor, draft)
        paper = draft.papers.filter(pk=paper_id).first()
        if paper is None:
            return
        path = paper.file.name if not paper.is_reused else ""
        line = _line(draft, paper.key)
        paper.delete()
        draft.done = [k for k in draft.done if k != f"paper-{line.first.pk}"]
        _saved(actor, draft, "", [], now, "filing.group_paper_remove", {"requirement": line.first.pk})
        if path:
            transaction.on_commit(lambda: filestore.storage().delete(path))


def papers_done(*, actor: Actor, draft: GroupDraft, key: str, now: dt.datetime | None = None) -> GroupDraft:
    """The citizen goes on from a paper: a required one needs a file."""
    now = now or timezone.now()
    with transaction.atomic():
        draft = _locked(actor, draft)
        line = _line(draft, key)
        if line.required and not draft.papers.filter(key=line.key).exists():
            raise ValidationError({"file": _("Add this paper: upload a file.")}, code="missing")
        return _saved(actor, draft, f"paper-{line.first.pk}", [], now)


def choose_agency(
    *, actor: Actor, draft: GroupDraft, agency: Agency, now: dt.datetime | None = None
) -> GroupDraft:
    """Where the group is filed: a one-stop counter receiving its first part; each part's own agency
    follows (egov.procedures.groups.part_places)."""
    from egov.filing.group_submission import receives_group

    now = now or timezone.now()
    with transaction.atomic():
        draft = _locked(actor, draft)
        if not receives_group(agency, draft.group):
            raise ValidationError({"agency": _("Choose a counter that receives this procedure.")})
        draft.agency = agency
        return _saved(actor, draft, journey.PLACE, ["agency"], now)


def delete(*, actor: Actor, draft: GroupDraft) -> None:
    """Delete a group draft not yet submitted, and its uploaded files (once that commits)."""
    with transaction.atomic():
        draft = _locked(actor, draft)
        paths = [p.file.name for p in draft.papers.all() if not p.is_reused and p.file.name]
        audit.record(actor, "filing.group_delete", draft, before={"group": draft.group.code})
        draft.delete()
        transaction.on_commit(lambda: drafting.delete_files(paths))
