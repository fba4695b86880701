"""What a one-procedure draft (egov.filing.services) and a linked group's draft (egov.filing.group_services)
do alike: lock the row for the owner, save a step with its audit row, check and store an upload before the
transaction, keep the application's files within their room, delete files once a removal commits.

Both draft models have `owner`, `done` (the keys of the steps finished), `updated_at` and `is_submitted`;
the helpers ask nothing else of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from egov.citizens.models import Organisation
from egov.citizens.selectors import prefill_for
from egov.core import audit
from egov.core.audit import Actor
from egov.dossiers import files as filestore
from egov.filing import permissions

MB = 1024 * 1024

D = TypeVar("D", bound=Model)


def may_file(actor: Actor) -> None:
    if not permissions.may_file(actor):
        raise PermissionDenied(
            _("Only a citizen account whose email address or phone number is verified files online.")
        )


def applicant_from_profile(actor: Actor, organisation: Organisation | None) -> dict[str, str]:
    """The citizens app's prefill (keys `applicant_<field>`) in the draft's keys (intake.Applicant's), and
    the account's date of birth when the citizen files for themself (`birth_date`: filing.known answers the
    form's applicant group with it; the applicant page does not show it, the profile changes it)."""
    found = {key.removeprefix("applicant_"): value for key, value in prefill_for(actor, organisation).items()}
    return {**found, **account_birth_date(actor)} if organisation is None else found


def account_birth_date(actor: Actor) -> dict[str, str]:
    """{"birth_date": the account's date of birth}, read again each time the applicant step is saved (a
    change in the profile reaches the draft); empty when the profile has none."""
    born = getattr(getattr(actor, "citizen", None), "birth_date", None)
    return {"birth_date": born.isoformat()} if born is not None else {}


def locked(actor: Actor, rows: QuerySet[D], pk: int) -> D:
    """The draft row, locked for this transaction; refused if it is not the actor's or already submitted."""
    return checked(actor, rows.select_for_update(of=("self",)).get(pk=pk))


def checked(actor: Actor, draft: D) -> D:
    """A draft row just locked, refused if it is not the actor's or already submitted."""
    if not permissions.may_open(actor, draft):
        raise PermissionDenied
    if draft.is_submitted:  # type: ignore[attr-defined]  # both draft models have it
        raise ValidationError(_("This application was already submitted; it can no longer be changed."))
    return draft


def saved(
    actor: Actor,
    draft: Any,
    step: str,
    fields: list[str],
    now: dt.datetime,
    action: str,
    detail: dict[str, Any] | None = None,
) -> Any:
    """Mark `step` done (none for a change inside a step), save `fields` and write the audit row: the step's
    key and `detail` only, never the answers (personal data that stays in the draft)."""
    if step and step not in draft.done:
        draft.done = [*draft.done, step]
    draft.updated_at = now
    draft.save(update_fields=[*fields, "done", "updated_at"])
    audit.record(actor, action, draft, after={"step": step, **(detail or {})})
    return draft


def check_room(used: int, size: int) -> None:
    """The files of one application add up to EGOV_FILING_DOSSIER_MAX_MB at most."""
    if used + size > settings.EGOV_FILING_DOSSIER_MAX_MB * MB:
        raise ValidationError(
            _("The papers of one application may add up to %(limit)s MB; this file does not fit.")
            % {"limit": settings.EGOV_FILING_DOSSIER_MAX_MB},
            code="dossier_too_large",
        )


def store_upload(upload: UploadedFile, now: dt.datetime, room: Callable[[int], None]) -> filestore.StoredFile:
    """Check one file (type from the content, name made safe, EGOV_FILING_FILE_MAX_MB) and store it, before
    any transaction: `room(size)` refuses a file the application has no room for. The caller attaches it
    inside `filestore.kept_only_if_committed`, checking the room again under the draft's lock (two uploads at
    once must not both fit in the room left for one)."""
    file_limit = settings.EGOV_FILING_FILE_MAX_MB * MB
    size = upload.size or 0
    if size <= file_limit:
        room(size)
    try:
        [stored] = filestore.store([upload], now, max_bytes=file_limit, max_total_bytes=max(size, file_limit))
    except ValidationError as error:
        raise ValidationError(error.messages) from None
    return stored


def paper_fields(stored: filestore.StoredFile, now: dt.datetime) -> dict[str, Any]:
    """A draft paper's columns for a stored upload (its `file.name` is set apart: `stored.path`)."""
    return {
        "name": stored.name,
        "size": stored.size,
        "sha256": stored.sha256,
        "content_type": stored.content_type,
        "added_at": now,
    }


def delete_files(paths: list[str]) -> None:
    for path in paths:
        filestore.storage().delete(path)


def drop_papers(papers: Sequence[Any]) -> None:
    """Take `papers` (draft papers of lines no longer asked online) off their draft; the files uploaded for
    them are deleted once the transaction commits (a reused paper's file is the store's: kept)."""
    if not papers:
        return
    paths = [p.file.name for p in papers if not p.is_reused and p.file.name]
    type(papers[0]).objects.filter(pk__in=[p.pk for p in papers]).delete()
    transaction.on_commit(lambda: delete_files(paths))
