"""Who may see, download and remove what is in a store.

A person's own papers (no organisation) are theirs alone. An organisation's papers are read by every member
of the organisation and removed by its administrators. Staff accounts have no store: the pages are citizens'
pages (egov.citizens.access.citizen_required). This module imports no model of its own app.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q


def organisation_ids(user: Any, *, admin: bool = False) -> list[int]:
    from egov.citizens.models import Membership

    rows = Membership.objects.filter(user_id=user.pk)
    if admin:
        rows = rows.filter(is_admin=True)
    return list(rows.values_list("organisation_id", flat=True))


def visibility_q(user: Any) -> Q:
    """The store entries this account may read."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_citizen", False):
        return Q(pk__in=[])
    return Q(owner_id=user.pk, organisation__isnull=True) | Q(organisation_id__in=organisation_ids(user))


def may_remove(user: Any, paper: Any) -> bool:
    """The owner removes their own papers; an organisation's administrators remove the organisation's."""
    if paper.organisation_id is None:
        return bool(paper.owner_id == user.pk)
    return paper.organisation_id in organisation_ids(user, admin=True)
