"""Agencies' signing certificates: importing a PKCS#12 file, and the key an agency signs with now.

    import_certificate(actor=…, agency=…, data=p12_bytes, password="…")   # import_agency_certificate
    signing_key_for(agency, now) -> (AgencyCertificate, SigningKey) | None

An agency signs with the active certificate of its own, valid now; an agency without one (an office of a
commune, a department's unit) signs with the nearest ancestor's (the People's Committee or department it
belongs to). The mechanism of signing is `egov.core.signing`.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit, signing
from egov.core.audit import Actor
from egov.organizations.models import Agency, AgencyCertificate

log = logging.getLogger(__name__)

#: Where an operator's password variable must start: only EGOV_* settings are read.
PASSWORD_ENV_PREFIX = "EGOV_"


def _fernet() -> Fernet:
    # A key of its own for this purpose, derived from the secret key: rotating EGOV_SECRET_KEY means
    # importing the certificates again (or giving their passwords through variables).
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"egov agency certificate password")
    return Fernet(base64.urlsafe_b64encode(key.derive(settings.SECRET_KEY.encode())))


def encrypt_password(password: str) -> str:
    return _fernet().encrypt(password.encode()).decode()


def password_of(cert: AgencyCertificate) -> bytes:
    """The PKCS#12 password, from its EGOV_* variable or decrypted; SigningError when it cannot be had."""
    if cert.password_env:
        value = os.environ.get(cert.password_env)
        if value is None:
            raise signing.SigningError(f"{cert.password_env} is not set")
        return value.encode()
    try:
        return _fernet().decrypt(cert.password_encrypted.encode())
    except InvalidToken:
        raise signing.SigningError(
            "the stored password cannot be decrypted (EGOV_SECRET_KEY changed?)"
        ) from None


def keys_dir() -> Path:
    return Path(settings.EGOV_KEYS_DIR)


def _keep_file(data: bytes, sha256: str) -> Path:
    """Write the PKCS#12 file into the keys folder, readable by this process's user only."""
    folder = keys_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / f"{sha256[:32]}.p12"
    handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    return target


def import_certificate(
    *,
    actor: Actor | None,
    agency: Agency,
    data: bytes,
    password: str,
    password_env: str = "",
    keep_path: Path | None = None,
    now: dt.datetime | None = None,
) -> AgencyCertificate:
    """Record an agency's PKCS#12 file: it must open with `password`, hold a key and its certificate, and
    be valid now. The file is copied into EGOV_KEYS_DIR unless `keep_path` says where it already is. The
    password is kept encrypted, unless `password_env` names the EGOV_* variable it will be read from. The
    agency's earlier certificates stay, still usable until they expire; the newest valid one signs."""
    now = now or timezone.now()
    if password_env and not password_env.startswith(PASSWORD_ENV_PREFIX):
        raise ValidationError(_("The password variable must be an EGOV_* setting."))
    try:
        key = signing.load_pkcs12(data, password.encode())
    except signing.SigningError:
        raise ValidationError(
            _("The file cannot be opened with this password, or it holds no key.")
        ) from None
    info = key.info
    if info.not_after <= now:
        raise ValidationError(
            _("This certificate expired on %(date)s.") % {"date": f"{info.not_after:%d/%m/%Y}"}
        )
    with transaction.atomic():
        existing = AgencyCertificate.objects.filter(agency=agency, sha256=info.sha256).first()
        if existing is not None:
            raise ValidationError(
                _("This certificate is already recorded for %(agency)s.") % {"agency": agency}
            )
        path = keep_path.resolve() if keep_path is not None else _keep_file(data, info.sha256)
        cert = AgencyCertificate.objects.create(
            agency=agency,
            path=str(path),
            password_env=password_env,
            password_encrypted="" if password_env else encrypt_password(password),
            subject=info.subject,
            issuer=info.issuer,
            serial=info.serial,
            sha256=info.sha256,
            not_before=info.not_before,
            not_after=info.not_after,
            imported_at=now,
        )
        audit.record(
            actor,
            "organizations.certificate.import",
            cert,
            after=audit.snapshot(cert, ["agency", "subject", "issuer", "serial", "not_after"]),
            agency_path=agency.path,
        )
    return cert


def stop(cert: AgencyCertificate, *, actor: Actor | None) -> AgencyCertificate:
    """Stop signing with a certificate before it expires (a key lost, a certificate revoked); it stays
    recorded, with its file, for the results it signed."""
    with transaction.atomic():
        locked = AgencyCertificate.objects.select_for_update().get(pk=cert.pk)
        if locked.is_active:
            locked.is_active = False
            locked.save(update_fields=["is_active"])
            audit.record(
                actor,
                "organizations.certificate.stop",
                locked,
                before={"is_active": True},
                after={"is_active": False},
                agency_path=locked.agency.path,
            )
    return locked


def current_certificate(agency: Agency, now: dt.datetime) -> AgencyCertificate | None:
    """The certificate the agency signs with at `now`: its own newest valid one, else the nearest
    ancestor's."""
    paths = agency.ancestor_paths()
    valid = AgencyCertificate.objects.filter(
        agency__path__in=paths, is_active=True, not_before__lte=now, not_after__gt=now
    ).select_related("agency")
    return max(valid, key=lambda c: (len(c.agency.path), c.not_before, c.pk), default=None)


def signing_key_for(agency: Agency, now: dt.datetime) -> tuple[AgencyCertificate, signing.SigningKey] | None:
    """The certificate and loaded key the agency signs with now; None when it has none, or when its file
    or password cannot be read (logged as an error for the operator: results are then kept unsigned)."""
    cert = current_certificate(agency, now)
    if cert is None:
        return None
    try:
        return cert, signing.load_pkcs12(Path(cert.path).read_bytes(), password_of(cert))
    except (OSError, signing.SigningError) as exc:
        log.error("certificate %s of %s cannot be used: %s", cert.pk, cert.agency, exc)
        return None


def trust_roots() -> list[bytes]:
    """The PEM roots a signature is validated against (EGOV_SIGNING_TRUST_ROOTS)."""
    return [Path(p).read_bytes() for p in settings.EGOV_SIGNING_TRUST_ROOTS]
