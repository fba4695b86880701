"""Who reads the indicators and forecasts, who enters the figures the system cannot count.

Leaders read the figures of their subtree; the auditor role stands for the IT steering committee (ban chỉ
đạo chuyển đổi số), which reads the whole province's figures without acting; administrators of an agency
(and the province administrator) read and enter the manual figures of the agencies they administer, with
evidence. This module imports no model, so querysets may call it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from egov.citizens.access import is_citizen
from egov.organizations.permissions import agency_scope_q, has_role
from egov.organizations.roles import ADMIN_ROLES, Role

#: Read the indicator pages and exports.
READER_ROLES: tuple[str, ...] = (Role.LEADER, Role.AUDITOR, *ADMIN_ROLES)
#: Enter the manual figures (with evidence).
ENTRY_ROLES: tuple[str, ...] = tuple(ADMIN_ROLES)


def _staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not is_citizen(user)


def may_read(user: Any, agency: Any | None = None) -> bool:
    """Whether the user reads the indicators of `agency` (or of some agency, if None)."""
    return _staff(user) and has_role(user, READER_ROLES, agency)


def may_enter(user: Any, agency: Any | None = None) -> bool:
    """Whether the user enters manual figures for `agency` (or for some agency, if None)."""
    return _staff(user) and has_role(user, ENTRY_ROLES, agency)


def readable_agencies_q(user: Any, path_field: str = "path") -> Q:
    """The agencies whose indicators the user reads, as a filter on an agency path."""
    if not _staff(user):
        return Q(pk__in=[])
    return agency_scope_q(user, path_field, READER_ROLES)
