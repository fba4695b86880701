"""Electronic results signed by the agency that issues them (PAdES, egov.core.signing).

When a move brings result files (`approve`, `result_ready`), each PDF is signed with the certificate of the
agency at whose step the result is issued (egov.organizations.certificates: its own, else its nearest
ancestor's), with a visible block naming the agency, the moment and the result's document code; the signed
file is the one recorded on the dossier and served. A file that is not a PDF, a PDF that cannot be signed,
and any result of an agency without a usable certificate are kept as they came, with `signed_by` empty.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from egov.core import signing
from egov.dossiers.files import StoredFile, storage
from egov.dossiers.models import Dossier, attachment_path
from egov.organizations import certificates
from egov.organizations.models import Agency

log = logging.getLogger(__name__)


def stamp_lines(d: Dossier, agency: Agency, document_code: str, now: dt.datetime) -> list[str]:
    """The visible block, always in Vietnamese: it is part of the document, whoever issues it."""
    with translation.override("vi"):
        lines = [
            _("Signed by: %(agency)s") % {"agency": agency.name},
            _("Signed on: %(moment)s") % {"moment": f"{timezone.localtime(now):%d/%m/%Y %H:%M}"},
            _("Dossier: %(code)s") % {"code": d.code},
        ]
        if document_code:
            lines.append(_("Document code: %(code)s") % {"code": document_code})
        return lines


def _sign(data: bytes, key: signing.SigningKey, lines: list[str], agency: Agency) -> bytes:
    with translation.override("vi"):
        reason = _("Result of an administrative procedure")
    url = settings.EGOV_SIGNING_TIMESTAMP_URL
    try:
        return signing.sign_pdf(
            data, key, stamp=lines, reason=reason, location=agency.name, timestamp_url=url
        )
    except signing.SigningError:
        if not url:
            raise
        # The timestamp server did not answer: the result is still signed (B-B) rather than not at all.
        log.warning("timestamp server %s failed; signing without a timestamp", url)
        return signing.sign_pdf(data, key, stamp=lines, reason=reason, location=agency.name)


def _remove_quietly(path: str) -> None:
    try:
        storage().delete(path)
    except OSError:
        log.warning("could not remove the unsigned original %s", path)


def sign_results(
    d: Dossier, stored: list[StoredFile], *, agency: Agency, document_code: str, now: dt.datetime
) -> list[StoredFile]:
    """The result files to record: each PDF replaced by its signed copy where the agency can sign. Called
    inside the move's transaction. Each signed copy is appended to `stored`, the list the move removes
    from storage if it rolls back; an unsigned original is removed once the move commits."""
    chosen = certificates.signing_key_for(agency, now)
    if chosen is None:
        return list(stored)
    cert, key = chosen
    kept = []
    for item in list(stored):
        with storage().open(item.path, "rb") as handle:
            data = handle.read()
        if not signing.is_pdf(data):
            kept.append(item)
            continue
        try:
            signed = _sign(data, key, stamp_lines(d, cert.agency, document_code, now), cert.agency)
        except signing.SigningError as exc:
            log.error("result %s of dossier %s left unsigned: %s", item.name, d.code, exc)
            kept.append(item)
            continue
        path = storage().save(attachment_path(now, item.name), ContentFile(signed))
        copy = StoredFile(
            name=item.name,
            path=path,
            size=len(signed),
            sha256=hashlib.sha256(signed).hexdigest(),
            content_type=item.content_type,
            signed_by=cert.subject,
        )
        stored.append(copy)
        transaction.on_commit(functools.partial(_remove_quietly, item.path))
        kept.append(copy)
    return kept
