"""The public look-up page and its selector: bare status for a code, details only with a second factor
(last 4 digits of the applicant's phone or ID number) or the slip's signed QR token, masked names, and
never a 500 whatever a visitor types."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse

from egov.core.ratelimit import RateCounter as LookupCounter
from egov.dossiers import lookup
from tests.dossiers.conftest import APPLICANT, MONDAY, hours, receive


@pytest.fixture
def dossier(cast, flows):
    return receive(cast, flows.simple)


def _url(code: str, token: str = "") -> str:
    return reverse("dossiers:lookup", args=[code]) + (f"?t={token}" if token else "")


def _shows_details(page: str, d) -> bool:
    return d.procedure.name in page or 'id="public-applicant"' in page or 'id="public-steps"' in page


def test_the_code_alone_shows_only_the_bare_status(client, dossier):
    response = client.get(_url(dossier.code.lower()))
    page = response.content.decode()
    assert response.status_code == 200 and dossier.code in page and 'id="public-status"' in page
    assert not _shows_details(page, dossier)
    assert "N*** A***" not in page and "Nguyễn" not in page and APPLICANT.phone not in page
    assert 'id="factor-form"' in page


@pytest.mark.parametrize("factor", ["5678", "2345"], ids=["phone", "id-number"])
def test_last_four_digits_of_phone_or_id_show_the_details(client, dossier, factor):
    response = client.post(_url(dossier.code), {"factor": factor})
    page = response.content.decode()
    assert response.status_code == 200 and _shows_details(page, dossier), page
    assert "N*** A***" in page and "Nguyễn Văn An" not in page and APPLICANT.id_number not in page
    assert 'id="factor-form"' not in page


def test_a_wrong_second_factor_shows_the_bare_status_and_counts(client, dossier, settings):
    settings.EGOV_LOOKUP_FAILURE_COST = 7
    for wrong in ("0000", "abcd", "56789", ""):
        response = client.post(_url(dossier.code), {"factor": wrong})
        page = response.content.decode()
        assert response.status_code == 200 and not _shows_details(page, dossier), wrong
        assert 'id="factor-error"' in page and "không khớp" in page, wrong
    assert LookupCounter.objects.get(key="ip:127.0.0.1").count == 4 * (1 + 7)
    assert LookupCounter.objects.get(key=f"code:{dossier.code}").count == 4


def test_a_dossier_takes_only_so_many_wrong_factors_a_day_from_all_addresses(client, dossier, settings):
    settings.EGOV_LOOKUP_CODE_FAILURES = 2
    client.post(_url(dossier.code), {"factor": "0000"}, REMOTE_ADDR="10.0.0.1")
    client.post(_url(dossier.code), {"factor": "1111"}, REMOTE_ADDR="10.0.0.2")
    page = client.post(_url(dossier.code), {"factor": "5678"}, REMOTE_ADDR="10.0.0.3").content.decode()
    assert 'id="factor-locked"' in page and not _shows_details(page, dossier)
    # The slip's QR token still works.
    page = client.get(_url(dossier.code, lookup.token_for(dossier.code))).content.decode()
    assert _shows_details(page, dossier)


def test_the_qr_token_stands_for_the_second_factor(client, cast, flows, dossier):
    other = receive(cast, flows.simple)
    page = client.get(_url(dossier.code, lookup.token_for(dossier.code))).content.decode()
    assert _shows_details(page, dossier) and "N*** A***" in page
    forged = lookup.token_for(dossier.code)[:-2] + "xx"
    from django.core import signing

    foreign_salt = signing.Signer(salt="another.purpose").sign(dossier.code).rsplit(":", 1)[1]
    for token in (lookup.token_for(other.code), forged, foreign_salt, "%00", "x" * 5000):
        response = client.get(_url(dossier.code), {"t": token})
        page = response.content.decode()
        assert response.status_code == 200 and not _shows_details(page, dossier), token[:20]
        assert 'id="token-error"' in page


def test_public_status_is_the_one_answer(dossier, monkeypatch):
    bare = lookup.public_status(dossier.code.lower())
    assert bare is not None and bare.details is None and bare.national_status == 2 and not bare.wrong_proof
    full = lookup.public_status(dossier.code, factor="5678", now=MONDAY + hours(1))
    assert full is not None and full.details is not None and full.details.applicant == "N*** A***"
    assert not full.details.overdue
    token = lookup.token_for(dossier.code)
    late = lookup.public_status(dossier.code, token=token, now=MONDAY + hours(24 * 30))
    assert late is not None and late.details is not None and late.details.overdue
    wrong = lookup.public_status(dossier.code, factor="0000")
    assert wrong is not None and wrong.details is None and wrong.wrong_proof
    # "Overdue" is the dossier clock's answer, not the look-up's own.
    monkeypatch.setattr("egov.dossiers.deadlines.overdue", lambda d, now=None: True)
    again = lookup.public_status(dossier.code, factor="5678", now=MONDAY)
    assert again is not None and again.details is not None and again.details.overdue


def test_the_factor_is_compared_with_hmac_compare_digest(dossier, monkeypatch):
    calls: list[tuple[bytes, bytes]] = []

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return a == b

    monkeypatch.setattr(lookup.hmac, "compare_digest", spy)
    assert lookup.factor_matches(dossier, "5678")
    assert len(calls) == 2  # phone and ID number both compared, whichever matches


@pytest.mark.parametrize(
    "name",
    ["Nguyễn Văn An", "An", "Tôn Nữ Thị Hoàng Bảo Khuyên", "Lê  Bá", "nguyễn thị minh khai", "Ánh"],
)
def test_masked_names_have_one_shape(name):
    masked = lookup.mask_name(name)
    assert re.fullmatch(r"\w\*\*\* \w\*\*\*", masked), masked
    assert len(masked) == 9
    assert masked[0] == name.split()[0][0].upper() and masked[5] == name.split()[-1][0].upper()


def test_masking_keeps_nothing_but_the_initials():
    assert lookup.mask_name("Nguyễn Văn An") == "N*** A***"
    assert lookup.mask_name("Tôn Nữ Thị Hoàng Bảo Khuyên") == "T*** K***"
    assert lookup.mask_name("") == lookup.mask_name("   ") == "***"


NASTY = [
    "",
    " ",
    "a/b",
    "../../etc/passwd",
    "%2F",
    "%00",
    "\x00",
    "\x1b[31m",
    "\r\nSet-Cookie: x=1",
    "mã hồ sơ",
    "Ⅻ-261116-0001",
    "٣٤٥",
    "😀",
    "x" * 10_000,
    "' OR 1=1 --",
    "'; DROP TABLE dossiers_dossier; --",
    "<script>alert(1)</script>",
    "000.00.31.H99-261116-9999?t=abc",
    "%FF%FE",
    "\ud800",
]


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_nasty_codes_in_the_address_never_answer_500(client, dossier, text):
    path = "/tra-cuu/" + quote(text.encode("utf-8", "surrogatepass"), safe="") + "/"
    response = client.get(path)
    assert response.status_code in (301, 400, 404), response.status_code
    if response.status_code == 404:
        assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_nasty_codes_in_the_form_never_answer_500(client, dossier, text):
    query = urlencode({"code": text.encode("utf-8", "surrogatepass")})
    response = client.get(reverse("dossiers:lookup_form") + "?" + query, follow=True)
    page = response.content.decode()
    assert response.status_code in (200, 400, 404), response.status_code
    assert "<script>alert" not in page
    if response.status_code in (400, 404):
        assert _error(page)


def _error(page: str) -> str:
    """The text of the page's error box, checked to be Vietnamese (it has Vietnamese letters)."""
    found = re.search(r'id="lookup-error">([^<]+)<', page)
    assert found, page[-1500:]
    assert re.search("[ăâđêôơưàảãáạếềệốồộờớợủũụứừựíìịýỳ]", found.group(1)), found.group(1)
    return found.group(1)


@pytest.mark.parametrize("raw", ["/tra-cuu/%00/", "/tra-cuu/a%2Fb/", "/tra-cuu/%FF/", "/tra-cuu/a/b/c/"])
def test_raw_paths_show_the_page_with_a_vietnamese_message(client, dossier, raw):
    response = client.get(raw)
    page = response.content.decode()
    assert response.status_code == 404
    assert "Đây không phải là mã hồ sơ" in _error(page) or "Không có hồ sơ" in _error(page)


@pytest.mark.parametrize("factor", ["\x00\x00\x00\x00", "١٢٣٤", "5678" * 2500, "' OR 1=1 --"])
def test_nasty_factors_never_answer_500(client, dossier, factor):
    response = client.post(_url(dossier.code), {"factor": factor})
    assert response.status_code == 200 and not _shows_details(response.content.decode(), dossier)


def test_the_form_sends_a_good_code_to_its_page(client, dossier):
    response = client.get(reverse("dossiers:lookup_form"), {"code": f"  {dossier.code.lower()} "})
    assert response.status_code == 302 and response["Location"] == _url(dossier.code)
    assert client.get(_url("000.00.31.H99-261116-9999")).status_code == 404


def test_the_second_factor_form_works_with_csrf_checks(dossier):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    page = browser.get(_url(dossier.code)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token and 'action="' + _url(dossier.code) + '"' in page
    response = browser.post(_url(dossier.code), {"factor": "5678", "csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 200 and _shows_details(response.content.decode(), dossier)
