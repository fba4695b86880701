"""What the telephone line says, in Vietnamese: the fixed prompts, and the look-up's facts
(egov.dossiers.lookup.facts) put into sentences. It phrases those facts and adds none, so the phone
never says more or other than the web page, the API and SMS."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

WELCOME = gettext_lazy(
    "Welcome to the dossier look-up line. Type the telephone look-up number printed on your receipt, "
    "then press the hash key."
)
ASK_AGAIN = gettext_lazy("Type the look-up number on your receipt, then press the hash key.")
NO_INPUT = gettext_lazy("We did not hear any key.")
NO_MATCH = gettext_lazy("That is not a look-up number. Type only its digits.")
UNKNOWN = gettext_lazy("No dossier has this number. Check the number on your receipt.")
ASK_FACTOR = gettext_lazy(
    "To hear the details, type the last 4 digits of the applicant's phone or ID number. To finish, hang up."
)
WRONG_FACTOR = gettext_lazy("These digits do not match the applicant's phone or ID number.")
LIMITED = gettext_lazy("Too many look-ups from this line. Please call again later.")
GOODBYE = gettext_lazy("Thank you for calling. Goodbye.")

#: Rendered ahead by `manage.py ivr_prompts`: every prompt that does not depend on a dossier.
FIXED = (WELCOME, ASK_AGAIN, NO_INPUT, NO_MATCH, UNKNOWN, ASK_FACTOR, WRONG_FACTOR, LIMITED, GOODBYE)


def spelled(digits: str) -> str:
    """Digits read one by one ("1 2 3 4"), as the caller typed them."""
    return " ".join(digits)


def moment(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return _("%(hour)d:%(minute)02d, day %(day)d month %(month)d year %(year)d") % {
        "hour": local.hour,
        "minute": local.minute,
        "day": local.day,
        "month": local.month,
        "year": local.year,
    }


def status_sentence(number: str, facts: dict[str, Any]) -> str:
    return _("Dossier number %(number)s: %(status)s.") % {
        "number": spelled(number),
        "status": facts["status_label"],
    }


def bundle_sentences(number: str, facts: dict[str, Any]) -> list[str]:
    """A linked filing: how many dossiers it holds, then each one's status in part order. The sentence with
    the number says only the count; each part's sentence is the same for every filing."""
    said = [
        _("Linked filing number %(number)s: %(n)d dossiers.")
        % {"number": spelled(number), "n": len(facts["parts"])}
    ]
    for n, part in enumerate(facts["parts"], start=1):
        said.append(_("Dossier %(n)d: %(status)s.") % {"n": n, "status": part["status_label"]})
    return said


def details_sentences(facts: dict[str, Any]) -> list[str]:
    d = facts["details"]
    said = [
        _("Procedure: %(procedure)s.") % {"procedure": d["procedure"]},
        _("Now held by: %(agency)s.") % {"agency": d["holding_agency"]},
    ]
    if d["received_at"]:
        said.append(_("Received at %(moment)s.") % {"moment": moment(d["received_at"])})
    if d["due_at"]:
        said.append(_("Result appointment: %(moment)s.") % {"moment": moment(d["due_at"])})
    if d["returned_at"]:
        said.append(_("Result returned at %(moment)s.") % {"moment": moment(d["returned_at"])})
    said.append(_("The dossier is overdue.") if d["overdue"] else _("The dossier is not overdue."))
    # The masked name "N*** A***" read aloud is its initials.
    initials = " ".join(word[0] for word in d["applicant"].split() if word and word[0] != "*")
    if initials:
        said.append(_("Applicant's initials: %(initials)s.") % {"initials": initials})
    return said
