"""The demo's certificate authority (development and trials only; never in production).

`manage.py demo` makes a root that says in its own name that it is a demo CA with no legal value, and
issues from it one signing certificate per People's Committee and department of the demo province, recorded
through `certificates.import_certificate` like an operator's. Its root certificate is written to
EGOV_KEYS_DIR/demo-ca.pem: give that file to a validator (EGOV_SIGNING_TRUST_ROOTS, or a PDF reader's
trusted certificates) to see a demo result validate. No real CA ever issues under this name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from egov.core.audit import Actor
from egov.organizations import certificates
from egov.organizations.models import Agency, AgencyCertificate

DEMO_CA_NAME = "egov DEMO CA - không có giá trị pháp lý"
DEMO_ORGANISATION = "egov demo - not a real certificate authority"
#: The demo's PKCS#12 password, kept encrypted like an operator's (the demo's accounts share one too).
DEMO_P12_PASSWORD = "egov-demo-2026"


def _at_most_64_bytes(text: str) -> str:
    # X.509 bounds a common name at 64 (counted in UTF-8 bytes by the library); agency names can be longer.
    return text.encode()[:64].decode(errors="ignore")


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEMO_ORGANISATION),
            x509.NameAttribute(NameOID.COMMON_NAME, _at_most_64_bytes(common_name)),
        ]
    )


def _root(now: dt.datetime) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(DEMO_CA_NAME))
        .issuer_name(_name(DEMO_CA_NAME))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=730))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _issue(
    root_key: ec.EllipticCurvePrivateKey, root: x509.Certificate, agency: Agency, now: dt.datetime
) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(agency.name))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=365))
        .not_valid_after(now + dt.timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False
        )
        .sign(root_key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"demo", key, cert, [root], serialization.BestAvailableEncryption(DEMO_P12_PASSWORD.encode())
    )


def build_demo_ca(agencies: Iterable[Agency], *, actor: Actor, now: dt.datetime) -> list[AgencyCertificate]:
    """Make the demo CA, write its root to EGOV_KEYS_DIR/demo-ca.pem, and give each agency a certificate."""
    root_key, root = _root(now)
    folder = certificates.keys_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    (folder / "demo-ca.pem").write_bytes(root.public_bytes(serialization.Encoding.PEM))
    return [
        certificates.import_certificate(
            actor=actor, agency=a, data=_issue(root_key, root, a, now), password=DEMO_P12_PASSWORD, now=now
        )
        for a in agencies
    ]


def demo_certificates() -> list[AgencyCertificate]:
    return list(AgencyCertificate.objects.filter(issuer__contains=DEMO_CA_NAME))
