"""The events a person is told of, what kind of message each is, and the variables its templates may use.

The kinds are what a citizen chooses channels for (egov.citizens.notify_choices). Each event's variables are
plain strings filled in by the app that sends it (for dossiers, egov/dossiers/notifications.py); the shipped
texts are `defaults.json`, with a sample value of every variable for the preview.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DEFAULTS_FILE = Path(__file__).with_name("defaults.json")


class Kind(models.TextChoices):
    """What a citizen chooses channels for."""

    PROGRESS = "progress", _("Progress of my dossiers")
    RESULTS = "results", _("Results")
    PAYMENTS = "payments", _("Payments")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


#: What every variable means, shown beside the template being edited.
VARIABLES: dict[str, Promise] = {
    "code": _("the dossier's code"),
    "procedure": _("the procedure's name"),
    "agency": _("the agency that received the dossier (where the result is collected)"),
    "applicant": _("the applicant's name"),
    "link": _("the applicant's own look-up link (opens the dossier's details)"),
    "due": _("the result appointment (time and date)"),
    "reason": _("the reason the officer entered (shortened in an SMS that would be too long)"),
    "reference": _("the online submission's reference"),
    "ready": _("the day from which an early result may be collected"),
    "correction_due": _("when the corrected result will be ready"),
    "amount": _("the amount paid"),
    "payment_reference": _("the payment's reference"),
    "owed": _("what is left to pay after the fees were corrected (or to be given back)"),
}
COMMON = ("code", "procedure", "agency", "applicant", "link")


@dataclass(frozen=True)
class Event:
    key: str
    kind: str
    label: Promise
    extra: tuple[str, ...] = ()

    @property
    def variables(self) -> tuple[str, ...]:
        return COMMON + self.extra

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)


_EVENTS = [
    # The moves that matter most come first: they are the list's first rows.
    Event("receive", Kind.PROGRESS, _("Dossier received, with the result appointment"), ("due",)),
    Event("request_supplement", Kind.PROGRESS, _("Supplement requested"), ("reason",)),
    Event("refuse", Kind.PROGRESS, _("Dossier refused"), ("reason",)),
    Event("result_ready", Kind.RESULTS, pgettext_lazy("notification event", "Result ready")),
    Event("apologise", Kind.PROGRESS, _("Apology for lateness, with the new appointment"), ("reason", "due")),
    Event("payment_credited", Kind.PAYMENTS, _("Payment received"), ("amount", "payment_reference")),
    Event("accept", Kind.PROGRESS, _("Online submission accepted"), ("reference", "due")),
    Event("submit", Kind.PROGRESS, _("Online submission sent")),
    Event("reject", Kind.PROGRESS, _("Submission not accepted"), ("reason",)),
    Event("ask_to_complete", Kind.PROGRESS, _("Online submission to be completed"), ("reason",)),
    Event("resubmit", Kind.PROGRESS, _("Completed online submission sent again")),
    Event("supplement_online", Kind.PROGRESS, _("Supplement received"), ("due",)),
    Event("request_payment", Kind.PAYMENTS, _("Payment requested"), ("reason",)),
    Event("stop", Kind.PROGRESS, pgettext_lazy("notification event", "Processing stopped"), ("reason",)),
    Event("close_unsupplemented", Kind.PROGRESS, _("Closed: supplement not completed in time")),
    Event("withdraw", Kind.PROGRESS, _("Withdrawn at the applicant's request")),
    Event("result_early", Kind.RESULTS, _("Result ready before its appointment"), ("due", "ready")),
    Event("result_corrected", Kind.RESULTS, _("Corrected result ready")),
    Event("return_result", Kind.RESULTS, _("Result returned")),
    Event("request_correction", Kind.RESULTS, _("Result being corrected"), ("reason", "correction_due")),
    Event("fees_corrected", Kind.PAYMENTS, _("Fees corrected to the applicant's case"), ("reason", "owed")),
]
EVENTS: dict[str, Event] = {e.key: e for e in _EVENTS}


@dataclass(frozen=True)
class Texts:
    """One event's texts for every channel."""

    email_subject: str
    email_body: str
    sms: str


@cache
def _shipped() -> dict[str, object]:
    data: dict[str, object] = json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    return data


def default_texts(event: str) -> Texts:
    row = _shipped()["events"][event]  # type: ignore[index]
    return Texts(row["email_subject"], row["email_body"], row["sms"])


def sample_values(event: str) -> dict[str, str]:
    """The preview's sample dossier: a value for each of the event's variables."""
    sample: dict[str, str] = _shipped()["sample"]  # type: ignore[assignment]
    return {name: sample[name] for name in EVENTS[event].variables}
