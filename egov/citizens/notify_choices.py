"""The citizen's choice of channels per kind of message (progress, results, payments).

Read when a dossier they own sends a notification (egov/dossiers/notifications.py); written from their
profile. No row for a kind means every channel. At least one channel stays chosen for each kind, so notices
that carry a time limit (a supplement request, a refusal) always reach the person.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from egov.channels.notifications.events import Channel, Kind
from egov.citizens.access import is_citizen
from egov.citizens.models import NotificationChoice
from egov.citizens.selectors import profile_of
from egov.core import audit, statements
from egov.core.audit import Actor


def _choice(user_id: int, kind: str) -> QuerySet[NotificationChoice]:
    # One row at most (unique); two filters, so the parameters come in the order given.
    return NotificationChoice.objects.filter(user_id=user_id).filter(kind=kind)


def chosen_channels(user_id: int | None, kind: str) -> set[str] | None:
    """The channels the account chose for `kind`; None when it chose nothing (or there is no account).
    Asked by every move of a dossier filed online: a statement built once per process."""
    if user_id is None:
        return None
    row = statements.select_one(_choice, user_id, kind)
    if row is None:
        return None
    return {channel for channel, on in ((Channel.EMAIL.value, row.email), (Channel.SMS.value, row.sms)) if on}


def choices_of(user: Any) -> dict[str, set[str]]:
    """Every kind with the channels the account receives it by (every channel where it chose nothing)."""
    rows = {r.kind: r for r in NotificationChoice.objects.filter(user=user)}
    everything = {Channel.EMAIL.value, Channel.SMS.value}
    return {
        kind: ({c for c in everything if getattr(rows[kind], c)} if kind in rows else set(everything))
        for kind in Kind.values
    }


def save_choices(*, actor: Actor, choices: dict[str, set[str]]) -> None:
    """Keep the citizen's channels for each kind; a kind with no channel is refused and nothing is saved."""
    user: Any = actor
    if not is_citizen(user):
        raise PermissionDenied(_("Only a citizen changes their own choices."))
    empty = [kind for kind in Kind.values if not choices.get(kind)]
    if empty:
        raise ValidationError(
            {kind: _("Choose at least one way to receive these messages: email or SMS.") for kind in empty}
        )
    with transaction.atomic():
        before = {k: sorted(v) for k, v in choices_of(user).items()}
        for kind in Kind.values:
            NotificationChoice.objects.update_or_create(
                user=user,
                kind=kind,
                defaults={"email": Channel.EMAIL in choices[kind], "sms": Channel.SMS in choices[kind]},
            )
        after = {k: sorted(v) for k, v in choices_of(user).items()}
        profile = profile_of(user)
        audit.record(actor, "citizen.notification_choices", profile, before=before, after=after)
