"""The XML signature of a package (W3C XML Signature, enveloped, over the whole package): made with the
sending agency's certificate (organizations.AgencyCertificate), verified against the peer's PEM.

The peer's PEM is either its signing certificate (pinned: only that certificate is accepted) or the root of
the CA that issues its certificates (the chain in the signature must lead to it). Only what the signature
covers is read afterwards (`signxml` returns it), so text added around a signed package is never believed.
"""

from __future__ import annotations

import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from lxml import etree
from signxml import InvalidInput, InvalidSignature, XMLSigner, XMLVerifier, methods
from signxml.exceptions import SignXMLException

from egov.core.signing import SigningKey
from egov.exchange import edxml


class Unsigned(Exception):
    """The package carries no valid signature of a trusted sender; the message says why."""


def _algorithm(key: SigningKey) -> str:
    from cryptography.hazmat.primitives.asymmetric import ec

    return "ecdsa-sha256" if isinstance(key.key, ec.EllipticCurvePrivateKey) else "rsa-sha256"


def sign(root: etree._Element, key: SigningKey) -> bytes:
    """The package `root` signed with `key`, as bytes to send."""
    slot = root.find("edXML:edXMLEnvelope/edXML:edXMLHeader/edXML:DigitalSignature", {"edXML": edxml.NS})
    if slot is None:
        raise ValueError("the package has no DigitalSignature element")
    etree.SubElement(slot, f"{{{edxml.DS}}}Signature", Id="placeholder", nsmap={"ds": edxml.DS})
    chain = [c.public_bytes(serialization.Encoding.PEM) for c in (key.certificate, *key.chain)]
    signer = XMLSigner(
        method=methods.enveloped, signature_algorithm=_algorithm(key), digest_algorithm="sha256"
    )
    signed = signer.sign(root, key=key.key, cert=[c.decode() for c in chain])  # type: ignore[arg-type]
    return edxml.to_bytes(signed)


def _is_ca(pem: bytes) -> bool:
    cert = x509.load_pem_x509_certificate(pem)
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def verify(data: bytes, trust_pem: str) -> etree._Element:
    """The signed package in `data` when its signature is intact and made by the trusted certificate (or
    one its CA issued); `Unsigned` otherwise, `edxml.Malformed` when it is not an edXML package."""
    edxml.parse_xml(data)  # malformed packages are told apart from unsigned ones
    pem = trust_pem.encode()
    try:
        if _is_ca(pem):
            with tempfile.NamedTemporaryFile(suffix=".pem") as anchor:
                anchor.write(pem)
                anchor.flush()
                result = XMLVerifier().verify(data, ca_pem_file=anchor.name)
        else:
            result = XMLVerifier().verify(data, x509_cert=trust_pem)
    except (InvalidSignature, InvalidInput, SignXMLException) as exc:
        raise Unsigned(f"signature not valid: {exc}") from None
    except ValueError as exc:  # a PEM that cannot be read
        raise Unsigned(f"the peer's certificate cannot be read: {exc}") from None
    signed = result.signed_xml  # type: ignore[union-attr]
    if signed is None or signed.tag != f"{{{edxml.NS}}}edXML":
        raise Unsigned("the signature does not cover the whole package")
    return signed
