"""Agencies' certificates: importing a PKCS#12 file (service and command), its password, which certificate
signs."""

from __future__ import annotations

import datetime as dt
import os
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from egov.core.audit import SystemActor
from egov.core.models import AuditEntry
from egov.organizations import certificates
from egov.organizations.models import AgencyCertificate
from tests.datastore.conftest import P12_PASSWORD

ACTOR = SystemActor("test")


def _import(agency, data, **kw):
    kw.setdefault("password", P12_PASSWORD)
    return certificates.import_certificate(actor=ACTOR, agency=agency, data=data, **kw)


def test_an_imported_file_is_copied_private_and_its_password_kept_encrypted(cast, ca, settings):
    cert = _import(cast.province.justice, ca.pkcs12("Sở Tư pháp", P12_PASSWORD.encode()))
    path = settings.EGOV_KEYS_DIR / os.path.basename(cert.path)
    assert path.exists() and (path.stat().st_mode & 0o777) == 0o600
    assert P12_PASSWORD not in cert.password_encrypted
    assert certificates.password_of(cert) == P12_PASSWORD.encode()
    assert cert.subject.startswith("CN=Sở Tư pháp") and "egov TEST root CA" in cert.issuer
    assert AuditEntry.objects.filter(action="organizations.certificate.import").count() == 1


def test_the_password_may_come_from_an_egov_variable(cast, ca, monkeypatch):
    monkeypatch.setenv("EGOV_P12_STP", P12_PASSWORD)
    cert = _import(
        cast.province.justice, ca.pkcs12("Sở Tư pháp", P12_PASSWORD.encode()), password_env="EGOV_P12_STP"
    )
    assert cert.password_encrypted == ""
    assert certificates.signing_key_for(cast.province.justice, timezone.now()) is not None
    monkeypatch.delenv("EGOV_P12_STP")
    assert certificates.signing_key_for(cast.province.justice, timezone.now()) is None  # logged, not raised
    with pytest.raises(ValidationError):
        _import(cast.province.root, ca.pkcs12("UBND", P12_PASSWORD.encode()), password_env="HOME")


@pytest.mark.parametrize(
    ("kwargs", "password"),
    [({}, "sai-mat-khau"), ({"days": -1, "start_days_ago": 30}, P12_PASSWORD)],
    ids=["wrong password", "expired"],
)
def test_a_file_that_cannot_sign_is_refused_and_nothing_recorded(cast, ca, settings, kwargs, password):
    with pytest.raises(ValidationError):
        _import(
            cast.province.justice, ca.pkcs12("Sở Tư pháp", P12_PASSWORD.encode(), **kwargs), password=password
        )
    assert not AgencyCertificate.objects.exists()
    assert not settings.EGOV_KEYS_DIR.exists() or not any(settings.EGOV_KEYS_DIR.iterdir())


def test_the_newest_valid_certificate_of_the_nearest_agency_signs(cast, ca):
    p = cast.province
    parent = _import(p.justice, ca.pkcs12("Sở Tư pháp", P12_PASSWORD.encode()))
    assert certificates.current_certificate(p.justice_office, timezone.now()) == parent
    older = _import(p.justice_office, ca.pkcs12("Phòng HCTP cũ", P12_PASSWORD.encode(), start_days_ago=300))
    newer = _import(p.justice_office, ca.pkcs12("Phòng HCTP", P12_PASSWORD.encode(), start_days_ago=10))
    assert certificates.current_certificate(p.justice_office, timezone.now()) == newer
    newer.is_active = False
    newer.save()
    assert certificates.current_certificate(p.justice_office, timezone.now()) == older
    # Before the older one was valid, the parent's signs.
    assert (
        certificates.current_certificate(p.justice_office, timezone.now() - dt.timedelta(days=350)) == parent
    )
    assert certificates.current_certificate(p.commune_a, timezone.now()) is None


def test_the_command_imports_and_lists(cast, ca, tmp_path, monkeypatch):
    source = tmp_path / "an-binh.p12"
    source.write_bytes(ca.pkcs12("UBND xã An Bình", P12_PASSWORD.encode()))
    monkeypatch.setenv("EGOV_P12_AN_BINH", P12_PASSWORD)
    monkeypatch.setenv("EGOV_P12_X", P12_PASSWORD)
    out = StringIO()
    call_command(
        "import_agency_certificate",
        cast.province.commune_a.code,
        str(source),
        "--password-env",
        "EGOV_P12_AN_BINH",
        "--keep-path",
        stdout=out,
    )
    cert = AgencyCertificate.objects.get()
    assert cert.path == str(source.resolve()) and cert.password_env == "EGOV_P12_AN_BINH"
    listing = StringIO()
    call_command("import_agency_certificate", "--list", stdout=listing)
    assert "UBND xã An Bình" in listing.getvalue() and "active" in listing.getvalue()
    with pytest.raises(CommandError):
        call_command(
            "import_agency_certificate", "NO.SUCH", str(source), "--password-env", "EGOV_P12_AN_BINH"
        )
    call_command("import_agency_certificate", "--stop", str(cert.pk), stdout=StringIO())
    cert.refresh_from_db()
    assert not cert.is_active
    assert certificates.current_certificate(cast.province.commune_a, timezone.now()) is None
    assert AuditEntry.objects.filter(action="organizations.certificate.stop").count() == 1
    with pytest.raises(CommandError):  # the same file again
        call_command(
            "import_agency_certificate",
            cast.province.commune_a.code,
            str(source),
            "--password-env",
            "EGOV_P12_AN_BINH",
        )
