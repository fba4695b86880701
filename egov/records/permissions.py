"""Who reads and who changes record files: the one place the records app decides access.

The file list of an agency is entered by its clerk or leader (who draws it up and who approves it is in
Chương IV of Decree 30/2020, not read: unverified; egov lets either of them enter it). The keeper named on a
file (the person who handles the work, Appendix V, I: "người lập hồ sơ") links documents into it and closes
it, as do the clerk and leaders. Clerks, leaders and auditors of the agency (or above) read its files; a
keeper reads the files they keep. A document is linked only by someone who may read it
(documents/permissions.py). This module imports no model of its own app, so the models' querysets may call
it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from egov.documents import permissions as document_permissions
from egov.organizations.permissions import agency_scope_q, has_role
from egov.organizations.roles import Role

READERS: tuple[str, ...] = (Role.CLERK, Role.LEADER, Role.SPECIALIST, Role.AUDITOR)
WHOLE_AGENCY_READERS: tuple[str, ...] = (Role.CLERK, Role.LEADER, Role.AUDITOR)
MANAGERS: tuple[str, ...] = (Role.CLERK, Role.LEADER)


def _staff(user: Any) -> bool:
    return document_permissions.may_read_any(user)


def readable_q(user: Any) -> Q:
    """The record files the user reads, as a filter on `RecordFile`."""
    if not _staff(user):
        return Q(pk__in=[])
    return agency_scope_q(user, "agency__path", WHOLE_AGENCY_READERS) | Q(keeper=user)


def may_read_any(user: Any) -> bool:
    return _staff(user)


def may_create(user: Any, agency: Any) -> bool:
    """The agency's clerk or leader enters its file list."""
    return _staff(user) and has_role(user, MANAGERS, agency)


def may_change(user: Any, record_file: Any) -> bool:
    """The keeper, or a clerk or leader of the agency, while the file is open."""
    if not _staff(user) or not record_file.is_open:
        return False
    return record_file.keeper_id == user.pk or has_role(user, MANAGERS, record_file.agency)


def may_close(user: Any, record_file: Any) -> bool:
    return may_change(user, record_file)


def may_link(user: Any, document: Any) -> bool:
    """Only a document the person may read goes into a file."""
    from egov.documents.models import Document

    return Document.objects.visible_to(user).filter(pk=document.pk).exists()


def may_keep(user: Any, agency: Any) -> bool:
    """A keeper works in the agency: a reading role on it, above it, or on one of its units."""
    from egov.organizations.permissions import grants_of

    return _staff(user) and any(
        g.role in READERS and (agency.path.startswith(g.path) or g.path.startswith(agency.path))
        for g in grants_of(user)
    )
