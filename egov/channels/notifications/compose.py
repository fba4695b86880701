"""The texts an event sends: the administrators' template where there is one, else the shipped one.

A changed template that fails at send time (it no longer passes the sandbox's checks, renders nothing, or
cannot fit an SMS) never stops the move that sends it: the shipped text is sent instead, the failure is
logged on `egov.channels` and kept on the template's row, where the templates' screen shows it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.channels import segments
from egov.channels.notifications import sandbox
from egov.channels.notifications.events import EVENTS, Channel, default_texts
from egov.channels.notifications.models import NotificationTemplate
from egov.core import statements

log = logging.getLogger("egov.channels")
#: What stands for the cut part of a reason shortened to fit an SMS (GSM-7, so it never forces UCS-2).
CUT = "..."


def _templates(event: str) -> QuerySet[NotificationTemplate]:
    return NotificationTemplate.objects.filter(event=event)


def _overrides(event: str) -> dict[str, NotificationTemplate]:
    # Every move that tells someone asks it: a statement built once per process (egov.core.statements).
    return {row.channel: row for row in statements.select_objects(_templates, event)}


def _report(row: NotificationTemplate, error: Exception) -> None:
    text = f"{error}"[:2000] or type(error).__name__
    log.error("notification template %s/%s failed, the default was sent: %s", row.event, row.channel, text)
    NotificationTemplate.objects.filter(pk=row.pk).update(failed_at=timezone.now(), failure=text)


def _rendered(text: str, values: Mapping[str, str]) -> str:
    out = sandbox.render(text, values)
    if not out.strip():
        raise sandbox.TemplateRefused(_("The template gives an empty text."))
    return out


def fit_sms(render: Callable[[Mapping[str, str]], str], values: Mapping[str, str], limit: int) -> str | None:
    """The SMS within `limit` segments, the officer's reason shortened if it must be; None if even an
    empty reason is too long."""
    text = render(values)
    reason = values.get("reason", "")
    if segments.fits(text, limit) or not reason:
        return text if segments.fits(text, limit) else None
    low, high = 0, len(reason)
    while low < high:  # the longest part of the reason that fits
        middle = (low + high + 1) // 2
        if segments.fits(render({**values, "reason": reason[:middle].rstrip() + CUT}), limit):
            low = middle
        else:
            high = middle - 1
    text = render({**values, "reason": reason[:low].rstrip() + CUT})
    return text if segments.fits(text, limit) else None


def sms(event: str, values: Mapping[str, str], row: NotificationTemplate | None = None) -> str:
    limit = settings.EGOV_SMS_MAX_SEGMENTS
    if row is not None:
        try:
            text = fit_sms(lambda v: _rendered(row.body, v), values, limit)
            if text is not None:
                return text
            raise sandbox.TemplateRefused(_("The SMS is longer than %(max)s segments.") % {"max": limit})
        except Exception as exc:  # a broken template must never stop the move that sends it
            _report(row, exc)
    shipped = default_texts(event).sms
    text = fit_sms(lambda v: sandbox.render(shipped, v), values, limit)
    return text if text is not None else segments.truncate(sandbox.render(shipped, values), limit, CUT)


def email(event: str, values: Mapping[str, str], row: NotificationTemplate | None = None) -> tuple[str, str]:
    """(subject, body). The subject is one line: a line break in a header would make the mail unsendable."""
    if row is not None:
        try:
            return _one_line(_rendered(row.subject, values)), _rendered(row.body, values)
        except Exception as exc:  # as for sms
            _report(row, exc)
    shipped = default_texts(event)
    subject = sandbox.render(shipped.email_subject, values)
    return _one_line(subject), sandbox.render(shipped.email_body, values)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def texts(event: str, values: Mapping[str, str], channels: set[str]) -> dict[str, object]:
    """The rendered texts of `event` for each of `channels` ({"sms": text, "email": (subject, body)})."""
    if event not in EVENTS:
        raise ValueError(f"unknown notification event {event!r}")
    missing = set(EVENTS[event].variables) - set(values)
    if missing:
        raise ValueError(f"notification {event!r} needs the variables {sorted(missing)}")
    values = {name: values[name] for name in EVENTS[event].variables}
    rows = _overrides(event)
    out: dict[str, object] = {}
    if Channel.SMS in channels:
        out[Channel.SMS] = sms(event, values, rows.get(Channel.SMS))
    if Channel.EMAIL in channels:
        out[Channel.EMAIL] = email(event, values, rows.get(Channel.EMAIL))
    return out
