"""The SMS look-up: "TRACUU <code> [last 4 digits of the applicant's phone or ID number]" answered in one
short SMS, from the same selector as every other channel (egov.dossiers.lookup), behind its rate limits.

Registered in EGOV_SMS_KEYWORDS; egov.channels.inbound calls it with the text after the keyword.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.channels import segments
from egov.dossiers import lookup


def answer_lookup(rest: str, sender: str) -> str:
    """The reply to a look-up by SMS: the bare status, and with a right second factor the due date, whether
    it is late and the masked name. Never more personal data than the web page shows."""
    words = rest.split()
    if not words:
        return _("To follow a dossier, send: TRACUU <dossier code>")
    factor = words[1] if len(words) > 1 else None
    answer = lookup.counted_lookup("sms:" + sender, words[0], factor=factor)
    if answer.limited is not None:
        return _("Too many look-ups from this number. Please try again later.")
    if answer.status is None:
        return _("No dossier has the code %(code)s.") % {"code": words[0][:64]}
    status = answer.status
    if status.is_bundle:
        return _bundle_text(status)
    text = _("Dossier %(code)s: %(status)s.") % {"code": status.code, "status": status.status_label}
    details = status.details
    if details is not None:
        if details.due_at is not None:
            due = timezone.localtime(details.due_at).strftime("%d/%m/%Y")
            text += " " + _("Due %(date)s.") % {"date": due}
        if details.overdue:
            text += " " + _("Late.")
        text += " " + _("Applicant %(name)s.") % {"name": details.applicant}
    return text


def _bundle_text(status: lookup.PublicStatus) -> str:
    """A linked filing: each dossier's code and status, as many as fit the SMS segment limit (the others
    counted, to be looked up by the reference on the web page or one code at a time)."""
    limit = settings.EGOV_SMS_MAX_SEGMENTS
    text = _("Linked filing %(reference)s:") % {"reference": status.code}
    for shown, part in enumerate(status.parts):
        line = f" {part.code}: {part.status_label};"
        after = len(status.parts) - shown - 1
        if not segments.fits(text + line + _more(after), limit):
            # Even the count may not fit a one-segment limit: then it is cut, never sent too long.
            return segments.truncate(text + _more(len(status.parts) - shown), limit)
        text += line
    return text.rstrip(";") + "."


def _more(n: int) -> str:
    return " " + _("%(n)d more: look up the reference on the web.") % {"n": n} if n else ""
