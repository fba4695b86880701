"""Online submissions before acceptance (Decree 118/2025 art. 17.2, point a as amended by Decree 309/2026
art. 8.1): the two limits a submission carries and the alert to the counter.

- The officers who receive for the counter (desk officers of the receiving agency or above it) are alerted
  within 2 plain hours of the submission: the alert is written to the outbox in the submission's own
  transaction, and `alert_due_at` keeps the limit, so a screen can compare it with the message's sent time.
- The counter accepts the submission or asks, once and in full, for it to be completed within 8 working
  hours of the system's receipt: `accept_due_at`, counted on the one calendar.

Both numbers are data of the rule set in force (rules/*.json "online", with their sources); a rule set
without them (the 2018 one) sets no limit. Nothing here starts the processing clock or issues anything:
that happens on acceptance (`moves.start_processing`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from egov.channels import outbox
from egov.channels.models import OutboxMessage
from egov.dossiers import deadlines, permissions
from egov.dossiers.models import Dossier
from egov.dossiers.rules import rules_for
from egov.organizations.roles import Role

#: The payload key and value that mark an alert to the counter among a dossier's outbox messages.
PURPOSE_KEY = "purpose"
ALERT = "online_alert"


def open_limits(d: Dossier, now: dt.datetime) -> None:
    """Set the alert and acceptance limits of a submission (or of a completed one sent again) made now."""
    rules = rules_for(now)
    alert, accept = rules.online_alert_hours, rules.online_accept_hours_for(d.procedure.code)
    d.alert_due_at = now + dt.timedelta(hours=float(alert)) if alert is not None else None
    d.accept_due_at = deadlines.due_for(now, accept) if accept is not None else None


def alert_counter(d: Dossier, now: dt.datetime) -> list[OutboxMessage]:
    """Outbox rows telling every officer who receives for the dossier's counter that it waits for them: an
    email, or an SMS to an officer with a phone and no email. Call it inside the submission's transaction."""
    officers = permissions.holders(Role.DESK_OFFICER, d.receiving_agency)
    messages: list[tuple[str, dict[str, str]]] = []
    with translation.override(settings.LANGUAGE_CODE):
        limit = deadlines.display(d.accept_due_at) if d.accept_due_at else ""
        text = _(
            "New online dossier %(code)s (%(procedure)s) waits at %(agency)s: accept it or ask for it to be "
            "completed by %(limit)s."
        ) % {"code": d.code, "procedure": d.procedure.name, "agency": d.receiving_agency.name, "limit": limit}
        subject = _("New online dossier %(code)s") % {"code": d.code}
        for officer in officers:
            if officer.email:
                payload = {"to": officer.email, "subject": subject, "body": text, PURPOSE_KEY: ALERT}
                messages.append((OutboxMessage.Topic.EMAIL, payload))
            elif getattr(officer, "phone", ""):
                payload = {"to": officer.phone, "text": text, PURPOSE_KEY: ALERT}
                messages.append((OutboxMessage.Topic.SMS, payload))
    # One INSERT for them all: a counter has several officers, and every submission alerts them.
    return outbox.enqueue_all(messages, subject=d, now=now)


class ApplicantActor:
    """The applicant of one dossier acting on it (a portal or a page that has checked the applicant's own
    link): not a user and holding no role, so the only moves open to it are those whose predicate names the
    applicant (`permissions.applicant`). History rows show the applicant's name."""

    pk = None
    is_authenticated = True
    is_superuser = False
    is_active = True

    def __init__(self, dossier: Dossier) -> None:
        self.applicant_of = dossier.pk
        self.name = dossier.applicant_name

    def get_full_name(self) -> str:
        return self.name
