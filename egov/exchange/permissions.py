"""Who sees the exchange's screen of deliveries and retries a failed one: the province's administrators,
like the outbox's (the deliveries of every agency are there). A document's own page shows its recipients'
exchange statuses to whoever may read the document (documents.permissions)."""

from __future__ import annotations

from typing import Any

from egov.organizations.permissions import has_role
from egov.organizations.roles import Role

EXCHANGE_ADMINS: tuple[str, ...] = (Role.PROVINCE_ADMIN,)


def can_manage(user: Any) -> bool:
    return has_role(user, EXCHANGE_ADMINS)
