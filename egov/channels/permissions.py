"""Who may see and retry the outbox: the province's administrators. The queue holds the messages of every
agency of the province, so an agency's administrator, who sees only their own subtree elsewhere, does not."""

from __future__ import annotations

from typing import Any

from egov.organizations.permissions import has_role
from egov.organizations.roles import Role

OUTBOX_ADMINS: tuple[str, ...] = (Role.PROVINCE_ADMIN,)


def can_manage_outbox(user: Any) -> bool:
    return has_role(user, OUTBOX_ADMINS)
