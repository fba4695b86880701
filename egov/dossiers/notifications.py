"""What each move tells the applicant and the officers, written to the outbox in the move's transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from egov.channels import outbox
from egov.channels.models import OutboxMessage
from egov.channels.notifications import send
from egov.channels.notifications.events import EVENTS
from egov.citizens import notify_choices
from egov.dossiers import deadlines, lookup, permissions
from egov.dossiers.models import Dossier, Status
from egov.dossiers.rules import rules_by_version
from egov.organizations.roles import Role

#: The moves that may bring a result to the counter (the dossier then is "result ready").
RESULT_MOVES = ("approve", "result_ready")


def _moment(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def _key(d: Dossier, action: str, now: dt.datetime) -> str:
    """Which message a move sends: a result reaching the counter is announced as corrected, as early (before
    the appointment day, Decree 118/2025 art. 22.5, where the dossier's rules say so) or as ready."""
    if action not in RESULT_MOVES or d.status != Status.RESOLVED:
        return action
    if d.corrections and d.correction_timeliness:
        return "result_corrected"
    early = d.due_at is not None and timezone.localdate(now) < timezone.localdate(d.due_at)
    if early and rules_by_version(d.rules_version).early_return_notice:
        return "result_early"
    return "result_ready"


def _values(d: Dossier, event: str, reason: str, now: dt.datetime) -> dict[str, str]:
    values = {
        "code": d.code,
        "procedure": d.procedure.name,
        "agency": d.receiving_agency.name,
        "applicant": d.applicant_name,
        # The applicant's own link carries the token, so it opens the details without the digits.
        "link": lookup.link(d.code),
        "reference": d.submission_ref or "",
        "due": _moment(d.due_at),
        "reason": reason,
        "correction_due": _moment(d.correction_due_at),
    }
    if "ready" in EVENTS[event].variables:  # a calendar computation: only where it is said
        values["ready"] = timezone.localtime(deadlines.next_working_moment(now)).strftime("%d/%m/%Y")
    return values


def tell_applicant(
    d: Dossier, event: str, now: dt.datetime, values: dict[str, str] | None = None, *, reason: str = ""
) -> list[OutboxMessage]:
    """The applicant's message for `event`, by the channels the dossier's owner chose for its kind (every
    channel with an address when the dossier has no owner: a counter applicant gets what the officer
    recorded). `values` adds to or replaces the dossier's own variables."""
    recipient = send.Recipient(
        email=d.applicant_email,
        phone=d.applicant_phone,
        chosen=notify_choices.chosen_channels(d.owner_id, EVENTS[event].kind),
    )
    variables = {**_values(d, event, reason, now), **(values or {})}
    wanted = {name: variables[name] for name in EVENTS[event].variables}
    return send.notify(event, wanted, recipient, subject=d, now=now)


def queue(
    d: Dossier, action: str, now: dt.datetime, *, reason: str = "", handler: Any = None
) -> list[OutboxMessage]:
    """Outbox rows for this move: to the applicant by SMS and email, and to an officer given the dossier.

    Called inside the move's transaction, so the messages exist exactly when the move does."""
    rows: list[OutboxMessage] = []
    with translation.override(settings.LANGUAGE_CODE):
        event = _key(d, action, now)
        if event in EVENTS:
            rows.extend(tell_applicant(d, event, now, reason=reason))
        if action == "assign" and handler is not None and handler.email:
            subject = _("Dossier %(code)s was given to you") % {"code": d.code}
            body = _("Dossier %(code)s (%(procedure)s) is in your queue. Due: %(due)s.") % {
                "code": d.code,
                "procedure": d.procedure.name,
                "due": timezone.localtime(d.due_at).strftime("%H:%M %d/%m/%Y") if d.due_at else "",
            }
            email = {"to": handler.email, "subject": subject, "body": body}
            rows.append(_send(d, OutboxMessage.Topic.EMAIL, email, now))
        if action == "apologise":
            rows.extend(_tell_one_stop_unit(d, reason, now))
        if action == "supplement_online":
            rows.extend(_tell_step_holders(d, now))
        if action == "withdraw" and d.handler is not None and d.handler.email:
            # The officer who held it stops working on it (the applicant may have withdrawn it online).
            subject = _("Dossier %(code)s was withdrawn") % {"code": d.code}
            body = _("Dossier %(code)s (%(procedure)s) was withdrawn at the applicant's request: %(reason)s")
            body %= {"code": d.code, "procedure": d.procedure.name, "reason": reason}
            rows.append(
                _send(
                    d,
                    OutboxMessage.Topic.EMAIL,
                    {"to": d.handler.email, "subject": subject, "body": body},
                    now,
                )
            )
    return rows


def _tell_step_holders(d: Dossier, now: dt.datetime) -> list[OutboxMessage]:
    """The applicant sent the supplement online: the officer handling the dossier (or, when nobody is, those
    who hold its current step) learns that it is back in their queue."""
    subject = _("Dossier %(code)s: the applicant sent the supplement") % {"code": d.code}
    body = _("The applicant sent the supplement of dossier %(code)s (%(procedure)s) online. Due: %(due)s.")
    body %= {
        "code": d.code,
        "procedure": d.procedure.name,
        "due": _moment(d.due_at),
    }
    officers = [d.handler] if d.handler is not None else permissions.holders(d.current_role, d.current_agency)
    return [
        _send(d, OutboxMessage.Topic.EMAIL, {"to": u.email, "subject": subject, "body": body}, now)
        for u in officers
        if u.email
    ]


def _tell_one_stop_unit(d: Dossier, reason: str, now: dt.datetime) -> list[OutboxMessage]:
    """The competent body informs the one-stop unit of a late dossier and its new date (Decree 118/2025
    art. 12.5, 19.6): an email to each desk officer of the receiving agency's counter."""
    subject = _("Dossier %(code)s will be late: new appointment") % {"code": d.code}
    body = _(
        "Dossier %(code)s (%(procedure)s) will not be ready on time: %(reason)s. New appointment: %(due)s. "
        "The applicant has been sent the apology."
    ) % {
        "code": d.code,
        "procedure": d.procedure.name,
        "reason": reason,
        "due": timezone.localtime(d.due_at).strftime("%H:%M %d/%m/%Y") if d.due_at else "",
    }
    officers = permissions.holders(Role.DESK_OFFICER, d.receiving_agency)
    return [
        _send(d, OutboxMessage.Topic.EMAIL, {"to": u.email, "subject": subject, "body": body}, now)
        for u in officers
        if u.email
    ]


def _send(d: Dossier, topic: str, payload: dict[str, str], now: dt.datetime) -> OutboxMessage:
    return outbox.enqueue(topic, payload, subject=d, now=now)
