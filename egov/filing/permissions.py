"""Who may do what with online filing drafts.

A draft is its owner's alone: only the citizen account that started it opens, changes, submits or deletes
it (from any device). Staff accounts never reach these pages (`citizens.access.citizen_required`), and another
citizen is told the draft does not exist. A citizen files for an organisation only while a member of it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from egov.citizens.access import is_citizen


def drafts_q(user: Any) -> Q:
    """A filter on Draft: the drafts `user` may open."""
    if not is_citizen(user):
        return Q(pk__in=[])
    return Q(owner_id=user.pk)


def may_open(user: Any, draft: Any) -> bool:
    return is_citizen(user) and draft.owner_id == user.pk


def may_file_for(user: Any, organisation: Any) -> bool:
    """Whether `user` may file for `organisation` (None: for themself, always)."""
    if organisation is None:
        return True
    from egov.citizens.models import Membership

    return Membership.objects.filter(user_id=user.pk, organisation_id=organisation.pk).exists()
