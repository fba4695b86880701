"""Inbound SMS: a keyword and what follows it, answered by the function EGOV_SMS_KEYWORDS names for it.

Citizens type keywords however their phone lets them: "TRACUU", "tracuu", "tra cuu", "TRACỨU", "Tra  cứu".
So the keyword is matched on the text without marks, in upper case, ignoring spaces between its letters.
The answer goes back through the outbox like every other SMS (sent by the worker, retried, reported).
A phone that sends too many messages stops getting answers for a while: every answer costs the province.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from egov.channels import outbox
from egov.channels.models import OutboxMessage
from egov.core import ratelimit

Handler = Callable[[str, str], str]
#: Marks the outbox rows that answer an inbound SMS (the per-phone limit counts them).
REPLY_MARK = "inbound"


def plain(text: str) -> str:
    """Upper case without Vietnamese marks: "Tra cứu đơn" → "TRA CUU DON"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    letters = r"\s*".join(re.escape(c) for c in keyword)
    return re.compile(rf"\s*{letters}(?:\s+|$)(?P<rest>.*)", re.DOTALL)


def parse(text: str) -> tuple[str, str] | None:
    """(keyword, what follows it) for a known keyword, else None."""
    flat = plain(text)
    for keyword in settings.EGOV_SMS_KEYWORDS:
        found = _keyword_pattern(keyword).fullmatch(flat)
        if found:
            return keyword, found.group("rest").strip()
    return None


def over_limit(phone: str, now: dt.datetime) -> bool:
    """Has `phone` sent EGOV_SMS_INBOUND_LIMIT messages in this EGOV_SMS_INBOUND_WINDOW? Counted by the shared
    rate limiter (egov.core.ratelimit), so every worker process sees the same count; unknown keywords count
    too, so a phone cannot make egov send help texts without end."""
    verdict = ratelimit.hit(
        f"sms-in:{phone}",
        limit=settings.EGOV_SMS_INBOUND_LIMIT,
        seconds=settings.EGOV_SMS_INBOUND_WINDOW,
        now=now,
    )
    return not verdict.allowed


def help_text() -> str:
    return _("Unknown request. To follow a dossier, send: TRACUU <dossier code>")


def receive(sender: str, text: str, *, now: dt.datetime | None = None) -> OutboxMessage | None:
    """Answer one inbound SMS through the outbox; None when the sender is over the limit or has no number."""
    now = now or timezone.now()
    phone = sender.strip()
    if not phone or over_limit(phone, now):
        return None
    with translation.override(settings.LANGUAGE_CODE):
        found = parse(text)
        if found is None:
            answer = help_text()
        else:
            handler: Handler = import_string(settings.EGOV_SMS_KEYWORDS[found[0]])
            answer = handler(found[1], phone)
    with transaction.atomic():
        return outbox.enqueue("sms", {"to": phone, "text": answer, "mark": REPLY_MARK}, now=now)
