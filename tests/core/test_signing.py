"""PAdES signing and validation (egov.core.signing) with a CA the test makes: a signed file validates with
pyHanko's validator against that root only; a change after signing and a certificate from another CA are
caught."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from pypdf import PdfReader, PdfWriter

from egov.core import signing
from tests.ca import CertificateAuthority
from tests.pdftext import pdf_text

PASSWORD = b"mat-khau-thu"


def blank_pdf(pages: int = 2) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def ca() -> CertificateAuthority:
    return CertificateAuthority.create()


@pytest.fixture(scope="module")
def key(ca: CertificateAuthority) -> signing.SigningKey:
    return signing.load_pkcs12(ca.pkcs12("UBND xã An Bình", PASSWORD), PASSWORD)


@pytest.fixture(scope="module")
def signed(key: signing.SigningKey) -> bytes:
    return signing.sign_pdf(
        blank_pdf(),
        key,
        stamp=["Ký bởi: UBND xã An Bình", "Mã số giấy tờ: 001099012345-CT01"],
        reason="Kết quả giải quyết TTHC",
        location="Xã An Bình",
    )


def test_a_signed_pdf_validates_against_its_root(ca: CertificateAuthority, signed: bytes) -> None:
    [report] = signing.validate_pdf(signed, [ca.der])
    assert report.ok, report.summary
    assert "UBND xã An Bình" in report.signer
    assert not report.timestamped


def test_the_signature_is_pades_with_a_visible_block_on_the_last_page(signed: bytes) -> None:
    reader = PdfReader(io.BytesIO(signed))
    field = reader.get_fields()[signing.FIELD_NAME]
    assert field["/V"]["/SubFilter"] == "/ETSI.CAdES.detached"
    widgets = [a.get_object() for a in reader.pages[-1].get("/Annots", [])]
    [widget] = [w for w in widgets if w.get("/T") == signing.FIELD_NAME]
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert x2 - x1 > 100 and y2 - y1 > 40  # visible, not a zero-size field
    # poppler draws the field's appearance: the block's lines, diacritics and all, are on the page.
    text = pdf_text(signed, "-f", "2", "-l", "2")
    assert "Ký bởi: UBND xã An Bình" in text
    assert "Mã số giấy tờ: 001099012345-CT01" in text


def test_a_byte_changed_in_the_signed_revision_is_detected(ca: CertificateAuthority, signed: bytes) -> None:
    at = signed.index(b"/MediaBox")
    tampered = signed[:at] + b"/MediaBoX" + signed[at + 9 :]
    [report] = signing.validate_pdf(tampered, [ca.der])
    assert not report.intact
    assert not report.ok


def test_content_added_after_signing_is_detected(ca: CertificateAuthority, signed: bytes) -> None:
    # An incremental update that adds a page after the signature: the signed bytes are intact, but the
    # file is no longer what was signed.
    writer = PdfWriter(io.BytesIO(signed), incremental=True)
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    [report] = signing.validate_pdf(out.getvalue(), [ca.der])
    assert report.intact
    assert not report.whole_file
    assert not report.ok


def test_a_certificate_from_another_ca_is_not_trusted(signed: bytes) -> None:
    other = CertificateAuthority.create("Another CA")
    [report] = signing.validate_pdf(signed, [other.der])
    assert report.intact
    assert not report.trusted
    assert not report.ok


def test_a_key_from_another_ca_does_not_validate_against_ours(ca: CertificateAuthority) -> None:
    other = CertificateAuthority.create("Another CA")
    stranger = signing.load_pkcs12(other.pkcs12("Mạo danh", PASSWORD), PASSWORD)
    signed = signing.sign_pdf(blank_pdf(1), stranger, stamp=["Mạo danh"])
    [report] = signing.validate_pdf(signed, [ca.der])
    assert not report.trusted


def test_an_expired_certificate_is_not_trusted(ca: CertificateAuthority) -> None:
    expired = ca.pkcs12("Hết hạn", PASSWORD, days=-1, start_days_ago=30)
    signed = signing.sign_pdf(blank_pdf(1), signing.load_pkcs12(expired, PASSWORD), stamp=["x"])
    [report] = signing.validate_pdf(signed, [ca.der])
    assert report.intact and not report.trusted


def test_a_wrong_password_is_a_signing_error(ca: CertificateAuthority) -> None:
    with pytest.raises(signing.SigningError):
        signing.load_pkcs12(ca.pkcs12("UBND", PASSWORD), b"sai")


def test_only_pdfs_are_signed(key: signing.SigningKey) -> None:
    with pytest.raises(signing.SigningError):
        signing.sign_pdf(b"\x89PNG\r\n\x1a\n....", key, stamp=["x"])
    with pytest.raises(signing.SigningError):
        signing.sign_pdf(b"%PDF-1.7 but nothing else", key, stamp=["x"])


def test_an_unsigned_or_foreign_file_has_no_signature_to_report(ca: CertificateAuthority) -> None:
    assert signing.validate_pdf(blank_pdf(1), [ca.der]) == []
    assert signing.validate_pdf(b"not a pdf", [ca.der]) == []


@pytest.fixture
def timestamp_server(ca: CertificateAuthority) -> Iterator[str]:
    """A real RFC 3161 timestamp server on 127.0.0.1 (pyHanko's timestamp responder behind http.server),
    its certificate issued by the test CA for time stamping."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from asn1crypto import keys, tsp
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    key, cert = ca.issue("egov TEST TSA", time_stamping=True)
    responder = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(
            key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        ),  # type: ignore[attr-defined]
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = responder.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_with_a_timestamp_server_the_signature_is_timestamped_pades_b_t(
    ca: CertificateAuthority, key: signing.SigningKey, timestamp_server: str
) -> None:
    signed = signing.sign_pdf(
        blank_pdf(1), key, stamp=["Ký bởi: UBND xã An Bình"], timestamp_url=timestamp_server
    )
    [report] = signing.validate_pdf(signed, [ca.der])
    assert report.ok, report.summary
    assert report.timestamped


def test_a_timestamp_server_that_does_not_answer_is_a_signing_error(key: signing.SigningKey) -> None:
    with pytest.raises(signing.SigningError):
        signing.sign_pdf(blank_pdf(1), key, stamp=["x"], timestamp_url="http://127.0.0.1:9/")


def test_signing_and_validating_work_inside_a_running_event_loop(ca: CertificateAuthority, key) -> None:
    # pyHanko's synchronous API runs its own loop; an ASGI server or a Playwright test already runs one.
    import asyncio
    import threading

    async def inside() -> list[signing.Report]:
        return signing.validate_pdf(signing.sign_pdf(blank_pdf(1), key, stamp=["x"]), [ca.der])

    # In a thread of its own: the worker's main thread may already run Playwright's loop, where
    # asyncio.run is refused before our code is even reached.
    reports: list[list[signing.Report]] = []
    runner = threading.Thread(target=lambda: reports.append(asyncio.run(inside())))
    runner.start()
    runner.join()
    [report] = reports[0]
    assert report.ok
