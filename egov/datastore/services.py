"""Writes to the citizen's store.

    keep_from_dossier(d, actor=…, now=…)     # called by the dossier's moves, in their transaction
    remove(paper, actor=…, now=…)             # the owner takes a paper out of the store

`keep_from_dossier` is the hook of the dossier's moves (`dossiers.transitions`, rows with
`keeps_in_store`): accepting an online submission, receiving a supplement or a proof of payment, and
returning the result. It runs inside the move's transaction, so the store and the dossier never disagree:
a move that rolls back keeps nothing, and a paper is in the store from the moment its dossier accepted it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.audit import Actor
from egov.datastore import permissions
from egov.datastore.models import StoredPaper
from egov.dossiers import results
from egov.dossiers.models import Attachment, Dossier, FiledPaper, Status

#: The files of a dossier that come from the applicant: the papers filed with it and its supplements.
APPLICANT_FILES = (Attachment.Kind.PAPER, Attachment.Kind.SUPPLEMENT)


def _paper_name(attachment: Attachment, requirement: int | None, names: dict[int, str]) -> str:
    """The checklist line's name when the file answered one (`requirement`, as the online filing recorded
    it in `dossiers.FiledPaper`), else the file's name without its extension (a file named as the paper,
    "Giấy ủy quyền.pdf", is then offered for that paper by name)."""
    if requirement is not None and requirement in names:
        return names[requirement]
    stem, dot, _extension = attachment.name.rpartition(".")
    return stem if dot and stem else attachment.name


def _result_name(d: Dossier, attachment: Attachment) -> str:
    """A result is named by what the catalogue says the procedure gives (its first line), else its file."""
    described = d.procedure.result.strip().splitlines()
    return (described[0].strip() if described else "")[:500] or attachment.name


def keep_from_dossier(d: Dossier, *, actor: Actor | None, now: dt.datetime) -> list[StoredPaper]:
    """Keep in the owner's store (the organisation's, when the dossier was filed for one) every applicant
    paper of an accepted dossier and, once the dossier is returned, its current electronic results with
    their document codes. Entries already there (or removed by the owner) are left as they are. A result
    replaced by a corrected one leaves the store. Nothing happens to a dossier without an owner."""
    if d.owner_id is None or d.received_at is None:
        return []
    candidates = list(d.attachments.filter(kind__in=APPLICANT_FILES))
    if d.status == Status.RETURNED:
        current = results.current_results(d)
        candidates += current
        replaced = StoredPaper.objects.filter(
            owner_id=d.owner_id,
            attachment__dossier=d,
            kind=StoredPaper.Kind.RESULT,
            removed_at__isnull=True,
        ).exclude(attachment__in=current)
        replaced.update(removed_at=now)
    known = set(
        StoredPaper.objects.filter(owner_id=d.owner_id, attachment__in=candidates).values_list(
            "attachment_id", flat=True
        )
    )
    names = dict(d.procedure.documents.values_list("pk", "name"))
    # The checklist line each file answered, where the online filing recorded it.
    lines = dict(
        FiledPaper.objects.filter(attachment__in=candidates).values_list("attachment_id", "requirement_id")
    )
    rows = [
        StoredPaper(
            owner_id=d.owner_id,
            organisation_id=d.organisation_id,
            kind=StoredPaper.Kind.RESULT if a.kind == Attachment.Kind.RESULT else StoredPaper.Kind.PAPER,
            name=_result_name(d, a)
            if a.kind == Attachment.Kind.RESULT
            else _paper_name(a, lines.get(a.pk), names),
            requirement_id=lines.get(a.pk) if lines.get(a.pk) in names else None,
            document_code=a.document_code,
            attachment=a,
            stored_at=now,
        )
        for a in candidates
        if a.pk not in known
    ]
    if not rows:
        return []
    StoredPaper.objects.bulk_create(rows)
    audit.record(
        actor,
        "datastore.keep",
        d,
        after={
            "owner": d.owner_id,
            "organisation": d.organisation_id,
            "files": [r.attachment_id for r in rows],
        },
        agency_path=d.receiving_agency.path,
    )
    return rows


class NotAllowed(Exception):
    """The person may not change this entry; the message says why, in their language."""


def remove(paper: StoredPaper, *, actor: Any, now: dt.datetime) -> StoredPaper:
    """Take a paper out of the store: it is no longer listed or offered. The dossier's file stays where it
    is, with the dossier; only the store's entry is marked removed."""
    if not permissions.may_remove(actor, paper):
        raise NotAllowed(_("Only the organisation's administrators may remove its papers."))
    with transaction.atomic():
        locked = StoredPaper.objects.select_for_update().get(pk=paper.pk)
        if locked.removed_at is None:
            locked.removed_at = now
            locked.save(update_fields=["removed_at"])
            audit.record(actor, "datastore.remove", locked, after={"removed_at": now.isoformat()})
    return locked
