"""PAdES signatures of PDF files (pyHanko): sign bytes with a given key and certificate, and validate a signed
file against the roots the caller trusts.

    key = load_pkcs12(p12_bytes, password)
    signed = sign_pdf(pdf, key, stamp=["UBND xã An Bình", "Ngày ký: …", "Mã số giấy tờ: …"],
                      reason="…", location="…", timestamp_url="")
    report = validate_pdf(signed, trust_roots=[root_der])   # report.ok, report.intact, report.trusted

This module knows no agency, dossier or document: who signs with which key is decided by the caller (the
agencies' certificates live in `egov.organizations`). The signature is PAdES baseline B-B
(ETSI.CAdES.detached, SHA-256, the signing certificate in the signed attributes); with a timestamp server it
is B-T (an RFC 3161 timestamp over the signature). The visible block is drawn with the Liberation Serif font
shipped for the PDF pipeline, so Vietnamese prints with its diacritics.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import io
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

#: The font of the visible signature block: the PDF pipeline's own, with every Vietnamese letter.
STAMP_FONT = Path(__file__).resolve().parent / "pdf" / "fonts" / "LiberationSerif-Regular.ttf"
#: The characters a stamp can draw: ASCII, Latin-1, Latin Extended-A and -B, the combining accents, the
#: Vietnamese letters of Latin Extended Additional, general punctuation and the đồng sign.
STAMP_CHARACTERS = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x250),
    *range(0x300, 0x370),
    *range(0x1E00, 0x1F00),
    *range(0x2000, 0x2070),
    0x20AB,
]
#: Where the visible block is drawn on the last page, in PDF points from the lower left corner.
STAMP_BOX = (300, 40, 570, 130)
FIELD_NAME = "ChuKyCoQuan"


T = TypeVar("T")


class SigningError(Exception):
    """The key cannot be used or the file cannot be signed; the message says why (in English, for the log)."""


@dataclass(frozen=True)
class CertificateInfo:
    """What an operator needs to recognise a certificate."""

    subject: str
    issuer: str
    serial: str
    not_before: dt.datetime
    not_after: dt.datetime
    sha256: str


@dataclass(frozen=True)
class SigningKey:
    """A private key with its certificate and the chain up to (not always including) the root."""

    key: object
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]

    @property
    def info(self) -> CertificateInfo:
        return certificate_info(self.certificate)


def certificate_info(cert: x509.Certificate) -> CertificateInfo:
    return CertificateInfo(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        serial=format(cert.serial_number, "X"),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        sha256=cert.fingerprint(hashes.SHA256()).hex(),
    )


def load_pkcs12(data: bytes, password: bytes | None) -> SigningKey:
    """Read a PKCS#12 (.p12/.pfx) file: its key, certificate and chain; SigningError when it cannot be read
    (a wrong password, no key, no certificate)."""
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password)
    except ValueError as exc:
        raise SigningError(f"cannot read the PKCS#12 file: {exc}") from None
    if key is None or cert is None:
        raise SigningError("the PKCS#12 file holds no private key or no certificate")
    return SigningKey(key=key, certificate=cert, chain=tuple(extra or ()))


def _outside_event_loop(function: Callable[..., T], *args: Any) -> T:
    """Call one of pyHanko's synchronous functions, which run their own event loop (asyncio.run): in a
    thread of its own when this thread already runs a loop (an ASGI server, a Playwright test), where
    asyncio.run would refuse."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


@functools.cache
def _stamp_font() -> bytes:
    """The stamp font scaled to 1000 units per em, made once per process and kept in memory.

    pyHanko 0.38 writes the glyph widths of an embedded TrueType font in the font's own units, where PDF
    expects thousandths of an em; Liberation Serif has 2048 units per em, so every glyph would be drawn
    twice as far apart. At 1000 units per em the two agree."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(str(STAMP_FONT))
    scale_upem(font, 1000)
    # Only the letters a stamp can hold: pyHanko subsets the font again for every signature, and the whole
    # font (Greek, Cyrillic, Hebrew… 2,600 glyphs) made that most of a signature's time.
    subsetter = subset.Subsetter(subset.Options(layout_features=["*"], notdef_outline=True))
    subsetter.populate(unicodes=STAMP_CHARACTERS)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@functools.cache
def _stamp_font_engine() -> Any:
    """pyHanko's glyph engine for the stamp, reading `_stamp_font` from memory. pyHanko's own factory opens
    a file by name; a temporary file per process was left behind in /tmp by every worker that ever signed
    (117 of them on the build machine after a week)."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    font = _stamp_font()

    class InMemory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
            # As the parent does, but from the bytes.
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(
                writer=writer, font_handle=io.BytesIO(font), font_size=self.font_size, obj_stream=obj_stream
            )

    return InMemory(str(STAMP_FONT), font_size=9)


def is_pdf(data: bytes) -> bool:
    """A PDF begins with its header within the first 1024 bytes (ISO 32000-1 annex H.3 lets readers skip
    leading garbage; we accept only what our upload check accepts: the header first)."""
    return data[:5] == b"%PDF-"


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))


def _signer(key: SigningKey) -> Any:
    from asn1crypto import keys as asn1_keys
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = key.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())  # type: ignore[attr-defined]
    return signers.SimpleSigner(
        signing_cert=_asn1(key.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(der),
        cert_registry=SimpleCertificateStore.from_certs([_asn1(c) for c in key.chain]),
    )


def _reserved(key: SigningKey, timestamp_url: str) -> int | None:
    """The room for the signature in the file, in hexadecimal digits. Without a timestamp the CMS object
    is the certificates, the signed attributes and the signature value; pyHanko otherwise signs a dummy
    first to measure it, a third of a signature's time. 4 KB covers the attributes and an RSA-4096
    signature twice over. A timestamp's size is the server's, so pyHanko measures that case."""
    if timestamp_url:
        return None
    certificates = {c.fingerprint(hashes.SHA256()): c for c in (key.certificate, *key.chain)}
    return 2 * (sum(len(c.public_bytes(Encoding.DER)) for c in certificates.values()) + 4096)


def sign_pdf(
    pdf: bytes,
    key: SigningKey,
    *,
    stamp: Sequence[str],
    reason: str = "",
    location: str = "",
    timestamp_url: str = "",
    field_name: str = FIELD_NAME,
    box: tuple[int, int, int, int] = STAMP_BOX,
) -> bytes:
    """The PDF with a PAdES signature by `key` added as an incremental update (the original bytes stay
    unchanged in front), and a visible block with the lines of `stamp` on its last page. With
    `timestamp_url` the signature is timestamped by that RFC 3161 server (B-T); without it, B-B. A second
    signature on the same file (a signer's, then the agency's) needs its own `field_name` and `box`."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers, timestamps
    from pyhanko.stamp import TextStampStyle

    if not is_pdf(pdf):
        raise SigningError("not a PDF file")
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        last_page = int(writer.root["/Pages"]["/Count"]) - 1
    except Exception as exc:  # a damaged file fails in many ways inside the parser; all mean "cannot sign"
        raise SigningError(f"cannot read the PDF: {exc}") from None
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
    )
    style = TextStampStyle(
        stamp_text="\n".join(line.replace("%", "%%") for line in stamp),
        text_box_style=TextBoxStyle(font=_stamp_font_engine(), font_size=9),
        border_width=1,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=_signer(key),
        timestamper=timestamps.HTTPTimeStamper(timestamp_url) if timestamp_url else None,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(field_name, on_page=last_page, box=box),
    )
    try:
        out = _outside_event_loop(
            functools.partial(pdf_signer.sign_pdf, writer, bytes_reserved=_reserved(key, timestamp_url))
        )
    except Exception as exc:  # the same for the parser, the font, the key and the timestamp server
        raise SigningError(f"cannot sign the PDF: {exc}") from None
    return bytes(out.getvalue())


@dataclass(frozen=True)
class Report:
    """What pyHanko's validator says about one signature of a file.

    `intact`: the signed bytes are unchanged; `valid`: the signature value checks against the certificate;
    `trusted`: the certificate chains up to a trusted root and was valid at signing; `whole_file`: nothing
    but allowed updates follows the signed revision."""

    intact: bool
    valid: bool
    trusted: bool
    whole_file: bool
    signer: str
    signed_at: dt.datetime | None
    timestamped: bool
    summary: str

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.whole_file


def _load_cert(data: bytes | x509.Certificate) -> asn1_x509.Certificate:
    if isinstance(data, x509.Certificate):
        return _asn1(data)
    if data.lstrip().startswith(b"-----BEGIN"):
        return _asn1(x509.load_pem_x509_certificate(data))
    return asn1_x509.Certificate.load(data)


def validate_pdf(data: bytes, trust_roots: Iterable[bytes | x509.Certificate]) -> list[Report]:
    """Validate every signature of the file against `trust_roots` only (no system roots, nothing fetched
    from the network; revocation information is checked when the file or the chain carries it). An empty
    list: the file is not a PDF or carries no signature."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    if not is_pdf(data):
        return []
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, KeyError, ValueError, TypeError):
        return []
    reports = []
    for sig in signatures:
        context = ValidationContext(
            trust_roots=[_load_cert(r) for r in trust_roots],
            allow_fetching=False,
            revocation_mode="soft-fail",
        )
        status = _outside_event_loop(validate_pdf_signature, sig, context)
        level = status.modification_level
        whole = status.coverage is not None and (
            level is None or level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)
        )
        timestamp = status.timestamp_validity
        reports.append(
            Report(
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                whole_file=bool(whole) and status.docmdp_ok is not False,
                signer=status.signing_cert.subject.human_friendly,
                signed_at=timestamp.timestamp if timestamp is not None else status.signer_reported_dt,
                timestamped=timestamp is not None,
                summary=status.summary(),
            )
        )
    return reports
