"""Every change to record files, each in one transaction with its audit row (Decree 30/2020 Chương IV,
Appendix V; Appendix VI, Part I, III.4): enter a file in the year's list, link a document (never copied),
unlink it, close the file. A closed file no longer changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.audit import Actor
from egov.documents.models import Document
from egov.documents.services import person
from egov.organizations.models import Agency
from egov.records import permissions
from egov.records.models import RecordEntry, RecordFile


@dataclass(frozen=True)
class FileLine:
    """One line of the file list (Appendix V, II: number and symbol, title, retention, keeper)."""

    year: int
    code: str
    title: str
    keeper: Any
    retention_years: int | None = None
    heading: str = ""
    rights: str = ""
    description: str = ""


def _audit(actor: Actor, action: str, record_file: RecordFile, **after: Any) -> None:
    audit.record(actor, f"records.{action}", record_file, after=after, agency_path=record_file.agency.path)


def create_file(
    *, actor: Actor, agency: Agency, line: FileLine, now: dt.datetime | None = None
) -> RecordFile:
    """Enter a file in the agency's list for the year."""
    now = now or timezone.now()
    if not permissions.may_create(actor, agency):
        raise PermissionDenied(_("Only the agency's clerk or a leader enters its file list."))
    code = " ".join(line.code.split())
    if not code or not line.title.strip():
        raise ValidationError(_("Give the file its number and symbol and its title."))
    if len(code) > 20:
        raise ValidationError(_("The number and symbol of a file has at most 20 characters."))
    if not 2000 <= line.year <= 9999:
        raise ValidationError(_("The year is not valid."))
    if line.retention_years is not None and not 1 <= line.retention_years <= 200:
        raise ValidationError(_("The retention period is a number of years from 1 to 200, or permanent."))
    if not permissions.may_keep(line.keeper, agency):
        raise ValidationError(_("The keeper must be a member of the agency's staff."))
    try:
        with transaction.atomic():
            record_file = RecordFile.objects.create(
                agency=agency,
                year=line.year,
                code=code,
                heading=line.heading.strip()[:200],
                title=line.title.strip()[:500],
                retention_years=line.retention_years,
                rights=line.rights.strip()[:30],
                description=line.description.strip()[:500],
                keeper=line.keeper,
                created_by=person(actor),
                created_at=now,
            )
            _audit(actor, "create", record_file, code=code, year=line.year, title=record_file.title)
    except IntegrityError:
        raise ValidationError(
            _("The file list of %(year)s already has a file %(code)s.") % {"year": line.year, "code": code}
        ) from None
    return record_file


def _locked(record_file: RecordFile, actor: Actor) -> RecordFile:
    locked = RecordFile.objects.select_for_update().select_related("agency").get(pk=record_file.pk)
    if not locked.is_open:
        raise ValidationError(_("This file is closed; it no longer changes."))
    if not permissions.may_change(actor, locked):
        raise PermissionDenied(_("You may not change this file."))
    return locked


def add_document(
    *, actor: Actor, record_file: RecordFile, document: Document, now: dt.datetime | None = None
) -> RecordEntry:
    """Link a document into the file: the document itself, not a copy; it may be in other files too."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(record_file, actor)
        if not permissions.may_link(actor, document):
            raise PermissionDenied(_("You may not read this document."))
        if locked.entries.filter(document=document).exists():
            raise ValidationError(_("This document is already in the file."))
        entry = RecordEntry.objects.create(
            record_file=locked, document=document, added_by=person(actor), added_at=now
        )
        _audit(actor, "add", locked, document=document.pk, number=document.number_symbol)
    return entry


def remove_document(*, actor: Actor, record_file: RecordFile, document: Document) -> None:
    with transaction.atomic():
        locked = _locked(record_file, actor)
        deleted, _rows = locked.entries.filter(document=document).delete()
        if not deleted:
            raise ValidationError(_("This document is not in the file."))
        _audit(actor, "remove", locked, document=document.pk, number=document.number_symbol)


def close_file(*, actor: Actor, record_file: RecordFile, now: dt.datetime | None = None) -> RecordFile:
    """Close the file when the matter is settled (kết thúc hồ sơ); it no longer changes."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(record_file, actor)
        if not locked.entries.exists():
            raise ValidationError(_("An empty file cannot be closed."))
        locked.state = RecordFile.State.CLOSED
        locked.closed_at = now
        locked.save(update_fields=["state", "closed_at"])
        _audit(actor, "close", locked, state=locked.state)
    return locked
