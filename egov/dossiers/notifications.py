"""What each move tells the applicant and the officers, written to the outbox in the move's transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from egov.channels import outbox
from egov.channels.models import OutboxMessage
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


def _texts(d: Dossier, action: str, reason: str, now: dt.datetime) -> str | None:
    ready = timezone.localtime(deadlines.next_working_moment(now)).strftime("%d/%m/%Y")
    params = {
        "code": d.code,
        "reference": d.submission_ref or "",
        "due": _moment(d.due_at),
        "reason": reason,
        "agency": d.receiving_agency.name,
        "ready": ready,
        "correction_due": _moment(d.correction_due_at),
    }
    messages = {
        "receive": _("Dossier %(code)s was received. Result appointment: %(due)s."),
        "submit": _(
            "Your online submission has the reference %(code)s; the counter will check it and give it a "
            "dossier code when it accepts it."
        ),
        "accept": _(
            "Submission %(reference)s was accepted as dossier %(code)s. Result appointment: %(due)s."
        ),
        "reject": _("Dossier %(code)s was not accepted: %(reason)s"),
        "request_supplement": _("Dossier %(code)s needs a supplement: %(reason)s"),
        "ask_to_complete": _(
            "Your online dossier %(code)s is not complete yet: %(reason)s. Complete it and send it again."
        ),
        "resubmit": _("Your completed online dossier %(code)s was sent again; the counter will check it."),
        "supplement_online": _(
            "Your supplement to dossier %(code)s was received. Result appointment: %(due)s."
        ),
        "request_payment": _("Dossier %(code)s: please pay the financial obligations: %(reason)s"),
        "refuse": _("Dossier %(code)s was refused: %(reason)s. Collect the notice at %(agency)s."),
        "apologise": _("We apologise: dossier %(code)s is late (%(reason)s). New appointment: %(due)s."),
        "stop": _("Processing of dossier %(code)s has stopped: %(reason)s"),
        "close_unsupplemented": _(
            "Dossier %(code)s was closed: the supplement was not completed within the time allowed. "
            "Collect the notice at %(agency)s."
        ),
        "withdraw": _("Dossier %(code)s was withdrawn at your request."),
        "result_ready": _("The result of dossier %(code)s is ready at %(agency)s."),
        "result_early": _(
            "The result of dossier %(code)s is ready before its appointment (%(due)s): "
            "you may collect it early, from %(ready)s, at %(agency)s."
        ),
        "result_corrected": _("The corrected result of dossier %(code)s is ready at %(agency)s."),
        "return_result": _("The result of dossier %(code)s was returned to you. Thank you."),
        "request_correction": _(
            "The result of dossier %(code)s is being corrected (%(reason)s). "
            "The corrected result will be ready by %(correction_due)s."
        ),
    }
    text = messages.get(_key(d, action, now))
    return text % params if text else None


def queue(
    d: Dossier, action: str, now: dt.datetime, *, reason: str = "", handler: Any = None
) -> list[OutboxMessage]:
    """Outbox rows for this move: to the applicant by SMS and email, and to an officer given the dossier.

    Called inside the move's transaction, so the messages exist exactly when the move does."""
    rows: list[OutboxMessage] = []
    with translation.override(settings.LANGUAGE_CODE):
        text = _texts(d, action, reason, now)
        if text:
            if d.applicant_phone:
                rows.append(_send(d, OutboxMessage.Topic.SMS, {"to": d.applicant_phone, "text": text}, now))
            if d.applicant_email:
                subject = _("Dossier %(code)s") % {"code": d.code}
                # The applicant's own link carries the token, so it opens the details without the digits.
                email = {
                    "to": d.applicant_email,
                    "subject": subject,
                    "body": f"{text}\n\n{lookup.link(d.code)}",
                }
                rows.append(_send(d, OutboxMessage.Topic.EMAIL, email, now))
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
