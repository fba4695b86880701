"""Who may do what with online filing drafts.

A draft is its owner's alone: only the citizen account that started it opens, changes, submits or deletes
it (from any device). Staff accounts never reach these pages (`citizens.access.citizen_required`), and another
citizen is told the draft does not exist. Filing needs what the citizens app says it needs (a verified email
or phone, `egov.citizens.permissions.may_file`), and filing for an organisation its membership
(`may_file_for`): both rules are the citizens app's, asked here and nowhere else in filing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from egov.citizens import permissions as citizen_rules
from egov.citizens.access import is_citizen


def drafts_q(user: Any) -> Q:
    """A filter on Draft: the drafts `user` may open."""
    if not is_citizen(user):
        return Q(pk__in=[])
    return Q(owner_id=user.pk)


def may_file(user: Any) -> bool:
    """Whether the account may file online now (a citizen with a verified contact)."""
    return citizen_rules.may_file(user)


def may_open(user: Any, draft: Any) -> bool:
    """The owner, while allowed to file: an account whose contact is no longer verified keeps its drafts
    but changes none until it verifies again."""
    return may_file(user) and draft.owner_id == user.pk


def may_file_for(user: Any, organisation: Any) -> bool:
    """Whether `user` may file for `organisation` (None: for themself)."""
    if organisation is None:
        return may_file(user)
    return citizen_rules.may_file_for(user, organisation)
