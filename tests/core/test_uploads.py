"""Uploads are judged by their content: real small files of every accepted kind pass, programs, scripts,
web pages, macros, damaged containers and renamed files are refused with a message naming the file."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
import segno
import typst
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from egov.core.uploads import (
    DEFAULT_ALLOWED,
    KINDS,
    OFFICE_KINDS,
    UploadValidator,
    accept_attribute,
    check_upload,
    check_uploads,
    safe_name,
)

ROOT = Path(__file__).resolve().parents[2]
EVERY_KIND = frozenset(KINDS)

# A 2×2 baseline JPEG written by Pillow (not a dependency of egov), kept as bytes.
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d"
    "283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763ffdb0043011112121815182f"
    "1a1a2f634238426363636363636363636363636363636363636363636363636363636363636363636363636363636363636363"
    "636363ffc00011080002000203012200021101031101ffc4001f0000010501010101010100000000000000000102030405060708"
    "090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a10823"
    "42b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465"
    "666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4"
    "c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffc4001f01000301010101010101010100"
    "00000000000102030405060708090a0bffc400b511000201020404030407050404000102770001020311040521310612415107"
    "61711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738393a43444546474849"
    "4a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9"
    "aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9faffda000c03"
    "010002110311003f00c7a28a2b84fa83ffd9"
)
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(56)
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(50) + b"PE\x00\x00"
MACHO = b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + bytes(24)


def pdf() -> bytes:
    return typst.compile("Giấy khai sinh của Nguyễn Văn A".encode(), format="pdf")


def png() -> bytes:
    out = io.BytesIO()
    segno.make("HS-000.01.01.H01-260101-0001").save(out, kind="png")
    return out.getvalue()


def xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Họ tên", "Ngày sinh"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zipped(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for path, data in entries.items():
            # ODF requires the mimetype entry first and stored; the rest are deflated like real files.
            archive.writestr(path, data, zipfile.ZIP_STORED if path == "mimetype" else zipfile.ZIP_DEFLATED)
    return out.getvalue()


CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'wordprocessingml.document.main+xml"/></Types>'
)


def docx(**extra: bytes) -> bytes:
    return zipped(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document><w:body><w:p>Don de nghi</w:p></w:body></w:document>",
            **extra,
        }
    )


ODT = b"application/vnd.oasis.opendocument.text"


def odf(mimetype: bytes, **extra: bytes) -> bytes:
    return zipped(
        {
            "mimetype": mimetype,
            "content.xml": b"<office:document-content/>",
            "META-INF/manifest.xml": b"<manifest:manifest/>",
            **extra,
        }
    )


def ole2(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (version 3, 512-byte sectors): a FAT sector, a directory sector, then
    each stream padded to 4096 bytes so that none lives in the mini stream."""
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_sector, end]
    data = b""
    starts = []
    for content in streams.values():
        content = content.ljust(4096, b"\0")
        count = len(content) // 512
        start = len(fat)
        fat += [*range(start + 1, start + count), end]
        starts.append(start)
        data += content
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, no_stream, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    names = list(streams)
    directory = entry("Root Entry", 5, no_stream, 1 if names else no_stream, end, 0)
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else no_stream
        directory += entry(name, 2, right, no_stream, starts[index], 4096)
    directory = directory.ljust(512, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    return header + struct.pack("<128I", *fat) + directory + data


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refusal(name: str, data: bytes, allowed: frozenset[str] = EVERY_KIND) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(name, data), allowed)
    return caught.value


# -- accepted ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("giay-khai-sinh.pdf", pdf, "pdf"),
        ("ma-qr.png", png, "png"),
        ("anh-chan-dung.JPG", lambda: JPEG, "jpeg"),
        ("don.docx", docx, "docx"),
        ("danh-sach.xlsx", xlsx, "xlsx"),
        ("to-trinh.odt", lambda: odf(ODT), "odt"),
        ("bang-tinh.ods", lambda: odf(b"application/vnd.oasis.opendocument.spreadsheet"), "ods"),
        ("van-ban-cu.doc", lambda: ole2({"WordDocument": b"\xec\xa5", "1Table": b"x"}), "doc"),
        ("so-lieu-cu.xls", lambda: ole2({"Workbook": b"\x09\x08"}), "xls"),
    ],
)
def test_each_kind_is_recognised_from_its_content(name, make, kind):
    data = make()
    checked = check_upload(upload(name, data), EVERY_KIND)
    assert (checked.kind, checked.name, checked.size) == (kind, name, len(data))
    assert checked.content_type == KINDS[kind].content_type
    assert checked.file.read() == data, "the file is handed back rewound and whole"


def test_defaults_accept_scans_and_photos_only():
    assert {"pdf", "jpeg", "png"} == DEFAULT_ALLOWED
    assert check_upload(upload("scan.pdf", pdf())).kind == "pdf"
    error = refusal("don.docx", docx(), DEFAULT_ALLOWED)
    assert error.code == "upload_not_allowed"
    assert "don.docx" in error.messages[0] and "PDF, JPEG, PNG" in error.messages[0]
    assert check_upload(upload("don.docx", docx()), DEFAULT_ALLOWED | OFFICE_KINDS).kind == "docx"


def test_a_name_without_a_type_gets_the_extension_of_its_content():
    assert check_upload(upload("Giấy khai sinh", pdf())).name == "Giấy khai sinh.pdf"
    # "Nguyen" names no kind of file: it stays part of the name.
    assert check_upload(upload("Hồ sơ ông A.Nguyen", pdf())).name == "Hồ sơ ông A.Nguyen.pdf"


# -- refused -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("chuong-trinh.pdf", ELF),
        ("setup.pdf", PE),
        ("app.png", MACHO),
        ("script.pdf", b"#!/bin/sh\nrm -rf /\n"),
        ("bom-script.pdf", b"\xef\xbb\xbf#!/usr/bin/env python3\n"),
        ("tai-lieu.exe", b"%PDF-1.7\n"),  # by its name, whatever it holds
        ("macro.vbs", b"MsgBox 1"),
    ],
)
def test_programs_and_scripts_are_refused_naming_the_file(name, data):
    error = refusal(name, data)
    assert error.code == "upload_program"
    assert name in error.messages[0]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("trang.html", b"<html><body>x</body></html>"),
        ("trang.txt", b"<!DOCTYPE html><p>hi</p><script>alert(1)</script>"),
        ("anh.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("anh", b'<?xml version="1.0"?>\n<svg onload="alert(1)"/>'),
        ("polyglot.pdf", b"%PDF-1.4\n<script>alert(document.cookie)</script>\n"),
        ("polyglot.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 16 + b"<html><script>x</script>"),
    ],
)
def test_web_pages_svg_and_polyglots_are_refused(name, data):
    error = refusal(name, data)
    assert error.code == "upload_markup"
    assert safe_name(name) in error.messages[0]


def test_a_png_named_pdf_is_refused_as_a_mismatch():
    error = refusal("giay-to.pdf", png())
    assert error.code == "upload_mismatch"
    assert "giay-to.pdf" in error.messages[0] and ".pdf" in error.messages[0] and "PNG" in error.messages[0]
    assert refusal("don.xlsx", docx()).code == "upload_mismatch"
    assert refusal("anh.gif", png()).code == "upload_mismatch", "another real type, though not one of ours"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("don.docx", docx(**{"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})),
        (
            "don2.docx",
            docx(**{"[Content_Types].xml": CONTENT_TYPES.replace(b".main+", b".macroEnabled.main+")}),
        ),
        ("to-trinh.odt", odf(ODT, **{"Basic/Standard/Module1.xml": b"x"})),
        ("so-lieu.xls", ole2({"Workbook": b"\x09\x08", "_VBA_PROJECT_CUR": b"x"})),
        ("van-ban.doc", ole2({"WordDocument": b"\xec\xa5", "Macros": b"x"})),
    ],
)
def test_office_files_with_macros_are_refused(name, data):
    error = refusal(name, data)
    assert error.code == "upload_macros"
    assert name in error.messages[0]


def test_containers_with_programs_inside_are_refused_naming_the_entry():
    error = refusal("don.docx", docx(**{"word/media/setup.exe": b"x"}))
    assert error.code == "upload_program" and "setup.exe" in error.messages[0]
    # A program disguised by its name inside the container is found by its first bytes.
    error = refusal("don.docx", docx(**{"word/media/image1.png": PE}))
    assert error.code == "upload_program" and "image1.png" in error.messages[0]


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("rong.pdf", b"", "upload_empty"),
        ("nen.zip", zipped({"a.txt": b"hello"}), "upload_unknown"),
        ("hong.docx", b"PK\x03\x04" + b"\0" * 200, "upload_damaged"),
        ("hong.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 200, "upload_damaged"),
        ("mat-khau.docx", ole2({"EncryptionInfo": b"x", "EncryptedPackage": b"y"}), "upload_damaged"),
        ("trinh-chieu.ppt", ole2({"PowerPoint Document": b"x"}), "upload_unknown"),
        ("ghi-chu.txt", "Ghi chú của công dân".encode(), "upload_unknown"),
        ("anh.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(30), "upload_not_allowed"),
    ],
)
def test_other_contents_are_refused_naming_the_file(name, data, code):
    error = refusal(name, data)
    assert error.code == code
    assert name in error.messages[0]


def test_an_unaccepted_kind_is_named_in_the_message():
    message = refusal("anh.gif", b"GIF89a\x01\x00\x01\x00" + bytes(30)).messages[0]
    assert ".gif" in message and "anh.gif" in message


@override_settings(EGOV_UPLOAD_MAX_MB=1)
def test_the_size_limit_comes_from_the_setting():
    data = pdf()
    assert check_upload(upload("vua.pdf", data.ljust(1024 * 1024, b" "))).kind == "pdf"
    error = refusal("lon.pdf", data.ljust(1024 * 1024 + 1, b" "))
    assert error.code == "upload_too_large" and "lon.pdf" in error.messages[0]
    with translation.override("vi"):
        message = refusal("lon.pdf", data.ljust(1024 * 1024 + 1, b" ")).messages[0]
        assert "dung lượng 1,0 MB; mỗi tệp chỉ được tối đa 1 MB" in message


def test_the_setting_is_read_from_the_environment():
    code = "from django.conf import settings as s; print(s.EGOV_UPLOAD_MAX_MB, s.EGOV_UPLOAD_BATCH_MAX_MB)"
    environment = {**os.environ, "EGOV_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "egov.settings"}
    run = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**environment, "EGOV_UPLOAD_MAX_MB": "7", "EGOV_UPLOAD_BATCH_MAX_MB": "30"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.split() == ["7", "30"]
    run = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**environment, "EGOV_UPLOAD_MAX_MB": "20MB"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0 and "EGOV_UPLOAD_MAX_MB" in run.stderr


# -- batches, forms, messages --------------------------------------------------------------------------------


@override_settings(EGOV_UPLOAD_BATCH_MAX_MB=1)
def test_a_batch_reports_every_refusal_and_its_total():
    big = pdf().ljust(700 * 1024, b" ")
    files = [upload("mot.pdf", big), upload("hai.pdf", big), upload("ba.pdf", ELF), upload("bon.pdf", png())]
    with pytest.raises(ValidationError) as caught:
        check_uploads(files)
    codes = [error.code for error in caught.value.error_list]
    assert codes == ["upload_program", "upload_mismatch", "upload_batch_too_large"]
    checked = check_uploads(files[:1])
    assert [c.name for c in checked] == ["mot.pdf"]


def test_the_validator_refuses_in_a_django_form():
    class PaperForm(forms.Form):
        paper = forms.FileField(validators=[UploadValidator(DEFAULT_ALLOWED)])

    refused = PaperForm(files={"paper": upload("giay.pdf", ELF)})
    assert not refused.is_valid()
    assert "giay.pdf" in refused.errors["paper"][0]
    assert PaperForm(files={"paper": upload("giay.pdf", pdf())}).is_valid()
    with pytest.raises(ValueError, match="exe"):
        UploadValidator({"pdf", "exe"})


def test_refusals_are_in_vietnamese():
    with translation.override("vi"):
        message = refusal("giấy tờ.pdf", png()).messages[0]
        assert message.startswith("Tệp “giấy tờ.pdf”") and "ảnh PNG" in message, message
        assert "chương trình" in refusal("a.pdf", ELF).messages[0]


def test_accept_attribute_lists_the_extensions():
    assert accept_attribute({"png", "pdf"}) == ".pdf,.png"


# -- names ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\An\\Giấy tờ.pdf", "Giấy tờ.pdf"),
        ("..htaccess", "htaccess"),
        ("bao\x00cao\r\n.pdf", "baocao.pdf"),
        ("hoa\u202efdp.exe", "hoafdp.exe"),  # the right-to-left override that shows it as "hoaexe.pdf"
        ("a<b>:c?.pdf", "a_b__c_.pdf"),
        ("   .  ", "file"),
        ("", "file"),
        (unicodedata.normalize("NFD", "Đơn đề nghị cấp lại.pdf"), "Đơn đề nghị cấp lại.pdf"),
    ],
)
def test_names_are_made_safe(raw, safe):
    assert safe_name(raw) == safe
    assert unicodedata.is_normalized("NFC", safe_name(raw))


def test_long_names_are_cut_keeping_the_extension():
    name = safe_name("Nguyễn " * 60 + ".pdf")
    assert name.endswith(".pdf") and len(name.encode()) <= 200
    assert name.startswith("Nguyễn Nguyễn")
