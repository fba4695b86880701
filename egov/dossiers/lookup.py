"""The public look-up by dossier code: the one selector every channel (web page, QR, SMS, phone, API)
answers with, so they never disagree.

The code's format is set by law (Decree 118/2025 art. 28: agency identifier, date, sequence) and is easy
to guess, so the code alone shows only the bare status. An online submission not accepted yet is found
by its submission reference (egov.dossiers.codes), and so is the dossier it became once accepted.
The rest (procedure, agency, masked name, dates, steps) needs a second factor: the last 4 digits of
the applicant's phone or ID number, or the signed token that the slip's QR code carries in place of them.
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from egov.core import ratelimit, statements
from egov.dossiers import codes, deadlines, lookup_cache, lookup_shapes, results, status_words
from egov.dossiers.lookup_shapes import (
    PublicDetails,
    PublicResult,
    PublicStatus,
    bundle_status,
    is_bundle_reference,
)
from egov.dossiers.models import Attachment, Dossier, Outcome, Status

#: What a dossier code may look like: letters, digits, ".", "-", "_", at most the column's 64 characters.
#: Anything else is refused before it reaches the database (a NUL byte alone breaks a PostgreSQL query).
CODE_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9._-]{0,63}")
#: The QR token's own salt: a token signed for anything else in egov never passes as one.
TOKEN_SALT = "egov.dossiers.lookup.qr"
FACTOR_DIGITS = 4
DAY = 86_400
#: History rows the applicant is not shown (the look-up's steps, the citizen's timeline in egov.portal): who
#: in the office handles the dossier is the office's own business.
NOT_SHOWN_TO_APPLICANT = ("assign", "link_account")


def normalise(code: str) -> str | None:
    """The code as stored (upper case, no surrounding blanks), or None when it cannot be a dossier code."""
    code = code.strip().upper()
    return code if CODE_PATTERN.fullmatch(code) else None


def mask_name(name: str) -> str:
    """ "Nguyễn Văn An" → "N*** A***": one shape for every name, so neither its length nor its number
    of words shows; the initials are enough for the applicant to recognise their own dossier."""
    words = unicodedata.normalize("NFC", name).split()
    if not words:
        return "***"
    return f"{words[0][0].upper()}*** {words[-1][0].upper()}***"


def token_for(code: str) -> str:
    """The signed token printed in the slip's QR link: it stands for the second factor of this code."""
    return signing.Signer(salt=TOKEN_SALT).sign(code).rsplit(":", 1)[1]


def link(code: str) -> str:
    """The public address of a dossier's look-up with the signed token that stands for the second factor:
    printed under the slip's QR code, encoded in it, and sent to the applicant by email (docs/lookup.md)."""
    query = urlencode({"t": token_for(code)})
    return f"{settings.EGOV_PUBLIC_URL}{reverse('dossiers:lookup', args=[code])}?{query}"


def token_matches(code: str, token: str) -> bool:
    try:
        signing.Signer(salt=TOKEN_SALT).unsign(f"{code}:{token}")
    except signing.BadSignature:
        return False
    return True


def _last_digits(value: str) -> str:
    digits = "".join(c for c in value if c.isascii() and c.isdigit())
    return digits[-FACTOR_DIGITS:] if len(digits) >= FACTOR_DIGITS else ""


def factor_matches(dossier: Dossier, factor: str) -> bool:
    """The last 4 digits of the applicant's phone or ID number, compared in constant time (both are
    always compared, so the time taken does not tell which one matched)."""
    given = factor.strip()
    if not (len(given) == FACTOR_DIGITS and given.isascii() and given.isdigit()):
        return False
    matched = False
    for known in (_last_digits(dossier.applicant_phone), _last_digits(dossier.applicant_id_number)):
        matched |= bool(known) & hmac.compare_digest(given.encode(), (known or "----").encode())
    return matched


def public_status(
    code: str, *, factor: str = "", token: str = "", now: dt.datetime | None = None
) -> PublicStatus | None:
    """The look-up by code, with an optional second factor or QR token; None when no dossier has the code.
    A linked filing's reference answers with its parts' bare statuses (`bundle_status`)."""
    normal = normalise(code)
    if normal is None:
        return None
    if is_bundle_reference(normal):
        return bundle_status(normal)
    bare = not token and not factor
    field = _field(normal)
    if bare:
        if (cached := lookup_cache.get(normal)) is not None:
            return cached
        # The bare status needs a few columns of one row: no join, no wide row, and the statement built
        # once per process (the look-up floods; building it was a third of the answer's time).
        with statements.cursor(connection) as cursor:
            cursor.execute(_bare_sql(field), [normal])
            return _bare_answer(cursor.fetchone(), normal)
    dossiers = Dossier.objects.select_related("procedure", "receiving_agency", "current_agency").only(
        "code",
        "status",
        "received_at",
        "due_at",
        "finished_at",
        "returned_at",
        "applicant_name",
        "applicant_phone",
        "applicant_id_number",
        "procedure__name",
        "receiving_agency__name",
        "current_agency__name",
        "submission_ref",
        "correction_due_at",
        "outcome",
    )
    dossier = dossiers.filter(**{field: normal}).first()
    if dossier is None:
        return None
    # The QR link or notice carries a token signed for what the applicant was given: code or reference.
    proven = (bool(token) and token_matches(normal, token)) or (
        bool(factor) and factor_matches(dossier, factor)
    )
    key = status_words.state_of(dossier)
    return PublicStatus(
        code=dossier.code,
        status=dossier.status,
        status_label=status_words.words(key),
        national_status=dossier.national_status,
        details=_details(dossier, now or timezone.now()) if proven else None,
        wrong_proof=bool(token or factor) and not proven,
        accepted_from=normal if normal != dossier.code else "",
        state=key,
    )


def _bare_answer(row: Sequence[Any] | None, normal: str) -> PublicStatus | None:
    """The bare status from the row `_bare_sql` read (None: no dossier has the code), kept in the cache."""
    if row is None:
        return None
    pk, code, status, outcome, received_at = row
    answer = lookup_shapes.bare(
        code,
        status,
        refused=outcome == Outcome.REFUSED,
        received=received_at is not None,
        # Only a submitted dossier can be a held part: one more query then, none otherwise.
        held=status == Status.SUBMITTED and status_words.is_held(pk),
        typed=normal,
    )
    lookup_cache.put(normal, answer)
    return answer


def _bare_read(normal: str) -> tuple[str, list[str]] | None:
    """The statement of a bare look-up of `normal` when the database must be asked, or None when it must
    not (a linked filing's reference, an answer in the cache): `counted_lookup` reads it in the counter's
    own statement."""
    if is_bundle_reference(normal) or lookup_cache.get(normal) is not None:
        return None
    return _bare_sql(_field(normal)), [normal]


def _field(normal: str) -> str:
    """The column a code is looked up by: a submission's reference finds its dossier before and after
    acceptance (its code replaces it then)."""
    return "submission_ref" if codes.is_submission_reference(normal) else "code"


@functools.cache
def _bare_sql(field: str) -> str:
    """The ORM's own SELECT of what a dossier's bare status needs, by `field`, with one parameter."""
    columns = ("pk", "code", "status", "outcome", "received_at")
    query = Dossier.objects.filter(**{field: "-"}).order_by().values_list(*columns)[:1].query
    sql, params = query.sql_with_params()
    if list(params) != ["-"]:
        raise AssertionError(f"the bare look-up's statement has other parameters: {params!r}")
    return str(sql)


def facts(status: PublicStatus) -> dict[str, Any]:
    """The answer as plain data (strings, numbers, datetimes, None): what the JSON API returns and what
    the SMS and telephone channels phrase, so no channel can say more or other than the others."""
    d = status.details
    return {
        "code": status.code,
        "status": status.status,
        "status_label": status.status_label,
        "national_status": status.national_status,
        "wrong_proof": status.wrong_proof,
        "accepted_from": status.accepted_from,
        "parts": [
            {
                "code": p.code,
                "status": p.status,
                "status_label": p.status_label,
                "national_status": p.national_status,
            }
            for p in status.parts
        ],
        "details": None
        if d is None
        else {
            "procedure": d.procedure,
            "agency": d.agency,
            "holding_agency": d.holding_agency,
            "received_at": d.received_at,
            "due_at": d.due_at,
            "finished_at": d.finished_at,
            "returned_at": d.returned_at,
            "applicant": d.applicant,
            "overdue": d.overdue,
            "steps": [{"label": label, "at": at} for label, at in d.steps],
            "results": [
                {"name": r.name, "document_code": r.document_code, "issued_at": r.issued_at}
                for r in d.results
            ],
            "correction_due_at": d.correction_due_at,
        },
    }


@dataclass(frozen=True)
class Answer:
    """A counted look-up: what a channel shows, and why it shows no more."""

    status: PublicStatus | None
    limited: ratelimit.Verdict | None = None  # over the client's limit: nothing was looked up
    malformed: bool = False  # not a dossier code
    locked: bool = False  # this dossier took too many wrong factors today: the factor was not checked


def counted_lookup(client: str, code: str, *, factor: str | None = None, token: str = "") -> Answer:
    """`public_status` behind the rate limits (docs/lookup.md), for every channel that serves the public.

    `client` identifies the caller (e.g. "ip:203.0.113.7"); `factor` None means no second factor was
    offered, "" or anything malformed is a wrong one. Every call counts one against the client; a wrong
    factor or token counts EGOV_LOOKUP_FAILURE_COST more, and a wrong factor one against the dossier.
    """
    limit, seconds = settings.EGOV_LOOKUP_LIMIT, settings.EGOV_LOOKUP_WINDOW
    normal = normalise(code)
    read = _bare_read(normal) if normal is not None and factor is None and not token else None
    verdict, row = ratelimit.hit_and_read(client, limit=limit, seconds=seconds, read=read)
    if not verdict.allowed:
        return Answer(status=None, limited=verdict)
    if normal is None:
        return Answer(status=None, malformed=True)
    if read is not None:
        return Answer(status=_bare_answer(row, normal))
    locked = False
    if factor is not None:
        # Per dossier too, so that many addresses together cannot try all 10,000 endings of one code.
        tries = ratelimit.peek("code:" + normal, limit=settings.EGOV_LOOKUP_CODE_FAILURES, seconds=DAY)
        locked = tries.count >= tries.limit
        factor = "" if locked else (factor or "-")  # an empty answer is a wrong answer
    status = public_status(normal, factor=factor or "", token=token[:200])
    if status is not None and status.wrong_proof:
        ratelimit.hit(client, limit=limit, seconds=seconds, cost=settings.EGOV_LOOKUP_FAILURE_COST)
        if factor:
            ratelimit.hit("code:" + normal, limit=settings.EGOV_LOOKUP_CODE_FAILURES, seconds=DAY)
    return Answer(status=status, locked=locked)


def _details(dossier: Dossier, now: dt.datetime) -> PublicDetails:
    steps = [
        (str(_label(a)), at)
        for a, at in dossier.events.order_by("at", "id").values_list("action", "at")
        if a not in NOT_SHOWN_TO_APPLICANT
    ]
    return PublicDetails(
        procedure=dossier.procedure.name,
        agency=dossier.receiving_agency.name,
        holding_agency=(dossier.current_agency or dossier.receiving_agency).name,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        finished_at=dossier.finished_at,
        returned_at=dossier.returned_at,
        applicant=mask_name(dossier.applicant_name),
        overdue=deadlines.overdue(dossier, now),
        steps=steps,
        results=applicant_results(dossier),
        correction_due_at=dossier.correction_due_at,
    )


def applicant_results(dossier: Dossier) -> tuple[PublicResult, ...]:
    """The electronic results the applicant may see and download: none before the result is ready or
    while it is being corrected; after a correction, the corrected one only (results.current_results)."""
    # A result being corrected puts the dossier back in processing, so the wrong one is not offered.
    if dossier.status not in (Status.RESOLVED, Status.RETURNED):
        return ()
    return tuple(
        PublicResult(pk=a.pk, name=a.name, document_code=a.document_code, issued_at=a.uploaded_at)
        for a in results.current_results(dossier)
    )


def applicant_result(code: str, pk: int, token: str) -> Attachment | None:
    """A result file for the holder of the dossier's signed link (the QR code, the e-mail), or None."""
    normal = normalise(code)
    if normal is None or not token or not token_matches(normal, token):
        return None
    dossier = Dossier.objects.filter(code=normal).first()
    if dossier is None or pk not in {r.pk for r in applicant_results(dossier)}:
        return None
    return Attachment.objects.get(pk=pk)


def _label(action: str) -> Any:
    from egov.dossiers.transitions import label_of

    return label_of(action)
