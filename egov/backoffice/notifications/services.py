"""Changing a notification template, or putting the shipped text back: one transaction with its audit row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.backoffice.permissions import can_edit_notifications
from egov.backoffice.selectors import province_agency_path
from egov.channels import segments
from egov.channels.notifications import sandbox
from egov.channels.notifications.events import EVENTS, Channel, sample_values
from egov.channels.notifications.models import NotificationTemplate
from egov.core import audit
from egov.core.audit import Actor

FIELDS = ("event", "channel", "subject", "body")


@dataclass(frozen=True)
class Preview:
    """The template rendered with the sample dossier, or the reasons it cannot be used."""

    subject: str = ""
    text: str = ""
    count: segments.Segments | None = None
    errors: dict[str, str] | None = None


def preview(event: str, channel: str, subject: str, body: str) -> Preview:
    """What the template sends for the sample dossier; `errors` per field when it would be refused."""
    values = sample_values(event)
    errors: dict[str, str] = {}
    rendered = {}
    for name, text in (("subject", subject), ("body", body)):
        if name == "subject" and channel != Channel.EMAIL:
            continue
        if not text.strip():
            errors[name] = _("This cannot be empty.")
            continue
        try:
            rendered[name] = sandbox.render(text, values)
        except sandbox.TemplateRefused as exc:
            errors[name] = str(exc)
    if channel == Channel.SMS and "body" in rendered:
        count = segments.count_segments(rendered["body"])
        limit = settings.EGOV_SMS_MAX_SEGMENTS
        if count.segments > limit:
            errors["body"] = _(
                "With the sample dossier this SMS takes %(segments)s segments (%(units)s characters, "
                "%(encoding)s); at most %(max)s are allowed. Shorten it, or write it without marks (GSM-7 "
                "fits 160 characters in one SMS, Vietnamese with marks 70)."
            ) % {"segments": count.segments, "units": count.units, "encoding": count.encoding, "max": limit}
        return Preview(text=rendered["body"], count=count, errors=errors or None)
    return Preview(
        subject=" ".join(rendered.get("subject", "").split()),
        text=rendered.get("body", ""),
        errors=errors or None,
    )


def _require_editor(actor: Actor) -> None:
    if not can_edit_notifications(actor):
        raise PermissionDenied(_("Only a province administrator may change the notification templates."))


def _check_key(event: str, channel: str) -> None:
    if event not in EVENTS or channel not in Channel.values:
        raise ValidationError(_("There is no such notification."))


def save_template(
    *, actor: Actor, event: str, channel: str, subject: str, body: str, now: dt.datetime | None = None
) -> NotificationTemplate:
    """Keep the administrator's text for `event` by `channel`, after the checks of the preview (known
    variables only; an SMS within EGOV_SMS_MAX_SEGMENTS for the sample dossier). Refused: nothing changes."""
    _require_editor(actor)
    _check_key(event, channel)
    subject = subject.strip() if channel == Channel.EMAIL else ""
    shown = preview(event, channel, subject, body)
    if shown.errors:
        raise ValidationError(shown.errors)
    with transaction.atomic():
        row = NotificationTemplate.objects.select_for_update().filter(event=event, channel=channel).first()
        before = audit.snapshot(row, FIELDS) if row else None
        row, _created = NotificationTemplate.objects.update_or_create(
            event=event,
            channel=channel,
            defaults={
                "subject": subject,
                "body": body,
                "edited_at": now or timezone.now(),
                "edited_by": actor if getattr(actor, "pk", None) else None,
                "failed_at": None,
                "failure": "",
            },
        )
        audit.record(
            actor,
            "notification_template.update",
            row,
            before=before,
            after=audit.snapshot(row, FIELDS),
            agency_path=province_agency_path(),
        )
    return row


def reset_template(*, actor: Actor, event: str, channel: str) -> bool:
    """Send the shipped text again for `event` by `channel` (the administrator's text is removed, and kept in
    the audit log). False when there was nothing to reset."""
    _require_editor(actor)
    _check_key(event, channel)
    with transaction.atomic():
        row = NotificationTemplate.objects.select_for_update().filter(event=event, channel=channel).first()
        if row is None:
            return False
        audit.record(
            actor,
            "notification_template.reset",
            row,
            before=audit.snapshot(row, FIELDS),
            agency_path=province_agency_path(),
        )
        row.delete()
    return True
