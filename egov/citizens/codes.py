"""Verification codes: 6 digits, kept only as a keyed hash, valid 15 minutes, a few tries each, and a limit
on how often new ones are sent. Sent through the outbox in the caller's transaction.

A code proves that its holder reads one email address or phone (`destination`); checking it against
another destination fails. Wrong tries are counted with one conditional UPDATE, so two requests at once
cannot both spend the last try.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from egov.channels import outbox
from egov.channels.models import OutboxMessage
from egov.citizens.models import CodePurpose, VerificationCode

#: How long a code may be used.
LIFETIME = dt.timedelta(minutes=15)
#: Wrong tries a code takes; after them the person asks for a new one.
MAX_ATTEMPTS = 5
#: At least this long between two codes for one account and purpose...
RESEND_AFTER = dt.timedelta(seconds=60)
#: ...and at most this many codes per account and purpose in an hour.
MAX_PER_HOUR = 5


def _hash(code: str, destination: str) -> str:
    # Keyed by SECRET_KEY: a leaked table does not give the codes away (a million plain hashes would).
    return salted_hmac("egov.citizens.codes", f"{destination}:{code}", algorithm="sha256").hexdigest()


def _check_rate(user_id: int, purpose: str, now: dt.datetime) -> None:
    recent = VerificationCode.objects.filter(
        user_id=user_id, purpose=purpose, created_at__gt=now - dt.timedelta(hours=1)
    )
    last = recent.order_by("-created_at").values_list("created_at", flat=True).first()
    if last is not None and now - last < RESEND_AFTER:
        wait = int((RESEND_AFTER - (now - last)).total_seconds()) + 1
        raise ValidationError(
            ngettext(
                "A code was sent a moment ago. Wait %(seconds)d second before asking for another.",
                "A code was sent a moment ago. Wait %(seconds)d seconds before asking for another.",
                wait,
            )
            % {"seconds": wait},
            code="too_soon",
        )
    if recent.count() >= MAX_PER_HOUR:
        raise ValidationError(
            _("Too many codes were sent in the last hour. Try again later."), code="too_many"
        )


def _message(purpose: str, code: str) -> tuple[str, str]:
    minutes = int(LIFETIME.total_seconds() // 60)
    with translation.override(settings.LANGUAGE_CODE):
        if purpose == CodePurpose.RESET:
            text = _(
                "%(site)s: your code to reset the password is %(code)s. It is valid for %(minutes)d minutes."
            )
            subject = _("Code to reset your password")
        else:
            text = _("%(site)s: your verification code is %(code)s. It is valid for %(minutes)d minutes.")
            subject = _("Your verification code")
        text = text % {"site": settings.EGOV_SITE_NAME, "code": code, "minutes": minutes}
        text += " " + _("Never give this code to anyone, including officials.")
    return subject, text


def send(
    user_id: int, purpose: str, destination: str, *, is_email: bool, now: dt.datetime | None = None
) -> None:
    """Write a new code and its message to the outbox, inside the caller's transaction. Earlier open codes of
    the same purpose stop working. Refused (ValidationError) when codes were asked for too often."""
    now = now or timezone.now()
    _check_rate(user_id, purpose, now)
    VerificationCode.objects.filter(user_id=user_id, purpose=purpose, used_at__isnull=True).update(
        used_at=now
    )
    code = f"{secrets.randbelow(10**6):06d}"
    row = VerificationCode.objects.create(
        user_id=user_id,
        purpose=purpose,
        destination=destination,
        code_hash=_hash(code, destination),
        created_at=now,
        expires_at=now + LIFETIME,
    )
    subject, text = _message(purpose, code)
    if is_email:
        outbox.enqueue(
            OutboxMessage.Topic.EMAIL,
            {"to": destination, "subject": subject, "body": text},
            subject=row,
            now=now,
        )
    else:
        outbox.enqueue(OutboxMessage.Topic.SMS, {"to": destination, "text": text}, subject=row, now=now)


def check(
    user_id: int, purpose: str, destination: str, code: str, *, now: dt.datetime | None = None
) -> str | None:
    """Spend the code if it is right: None on success, else the reason in Vietnamese. Not atomic with the
    caller on purpose: a wrong try must stay counted even though the caller's change is refused."""
    now = now or timezone.now()
    row = (
        VerificationCode.objects.filter(user_id=user_id, purpose=purpose, used_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if row is None or row.destination != destination:
        return _("There is no code waiting for this address. Ask for a new code.")
    if row.expires_at <= now:
        return _("This code has expired. Ask for a new code.")
    # Count the try first, conditionally, so no two requests can spend the same last try.
    counted = VerificationCode.objects.filter(
        pk=row.pk, attempts__lt=MAX_ATTEMPTS, used_at__isnull=True
    ).update(attempts=F("attempts") + 1)
    if not counted:
        return _("This code was entered wrongly too many times. Ask for a new code.")
    if not constant_time_compare(_hash((code or "").strip(), destination), row.code_hash):
        left = MAX_ATTEMPTS - row.attempts - 1
        if left <= 0:
            return _("This code was entered wrongly too many times. Ask for a new code.")
        return ngettext(
            "The code is wrong. You may try %(left)d more time.",
            "The code is wrong. You may try %(left)d more times.",
            left,
        ) % {"left": left}
    used = VerificationCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now)
    if not used:
        return _("This code was already used. Ask for a new code.")
    return None
