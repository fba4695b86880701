"""A certificate authority the tests make for themselves: a root and the certificates it issues, as PKCS#12.

Nothing here is trusted anywhere but in the test that makes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def _name(common_name: str, organisation: str = "egov test CA") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


@dataclass
class CertificateAuthority:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate

    @classmethod
    def create(cls, name: str = "egov TEST root CA") -> CertificateAuthority:
        key = ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(name))
            .issuer_name(_name(name))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=3650))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        return cls(key=key, cert=cert)

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    def issue(
        self, common_name: str, *, days: int = 365, start_days_ago: int = 400, time_stamping: bool = False
    ) -> tuple[object, x509.Certificate]:
        # pyHanko's timestamp responder signs with RSA only.
        key = (
            rsa.generate_private_key(65537, 2048)
            if time_stamping
            else ec.generate_private_key(ec.SECP256R1())
        )
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name, "UBND tỉnh thử nghiệm"))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=start_days_ago))
            .not_valid_after(now + dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
            )
            .add_extension(
                x509.ExtendedKeyUsage(
                    [
                        ExtendedKeyUsageOID.TIME_STAMPING
                        if time_stamping
                        else ExtendedKeyUsageOID.EMAIL_PROTECTION
                    ]
                ),
                critical=time_stamping,  # RFC 3161 2.3: a TSA's certificate has it, critical
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False
            )
            .sign(self.key, hashes.SHA256())
        )
        return key, cert

    def pkcs12(self, common_name: str, password: bytes, **kwargs: int) -> bytes:
        key, cert = self.issue(common_name, **kwargs)
        return pkcs12.serialize_key_and_certificates(
            common_name.encode(),
            key,  # type: ignore[arg-type]
            cert,
            [self.cert],
            serialization.BestAvailableEncryption(password),
        )
