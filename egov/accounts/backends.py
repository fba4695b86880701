"""The staff's password login, and the signed-in user read on every request without building a query.

`StaffBackend` is Django's `ModelBackend` (username and password, permissions) whose `get_user` — run on
every request that asks who is signed in — reads the user by a statement built once per process
(`core.statements`; prepared on PostgreSQL): the ORM built and compiled that one-row read anew each time,
0.40 ms of CPU against 0.05 (docs/performance.md, "The signed-in user"). The same row, the same checks.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet

from egov.core import statements


class KeptUserRead:
    """`ModelBackend.get_user` through `core.statements`: None for a key that is not a user's or whose
    account may not sign in (`user_can_authenticate`: inactive)."""

    def get_user(self, user_id: Any) -> Any:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        found = statements.select_objects(_user, pk)
        if not found:
            return None
        user = found[0]
        return user if self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


def _user(pk: int) -> QuerySet[Any]:
    return get_user_model()._default_manager.filter(pk=pk)


class StaffBackend(KeptUserRead, ModelBackend):
    """The staff login's backend (in ModelBackend's place in AUTHENTICATION_BACKENDS)."""


#: Sessions opened before StaffBackend took ModelBackend's place name the old backend; they stay signed in
#: under the new one (egov.accounts.middleware): the same users, read and checked the same way.
RENAMED = {"django.contrib.auth.backends.ModelBackend": "egov.accounts.backends.StaffBackend"}
