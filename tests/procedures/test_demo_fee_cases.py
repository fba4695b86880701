"""The demo catalogue's fee lines say when each applies, so the demo never overcharges: a birth registered
in time pays nothing and a late one the late charge instead (Luật Hộ tịch 2014 art. 11 as the rows cite
it, not read); a residence registration is charged one line, its online amount where filed online
(Circular 75/2022/TT-BTC, corroborated), not the direct and the online line both."""

from __future__ import annotations

import json

import pytest

from egov.procedures.demo import DEMO_FILE


@pytest.fixture
def catalogue() -> dict[str, dict]:
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    return {p["code"]: p for p in data["procedures"]}


def test_a_late_birth_registration_is_a_case_the_applicant_chooses_luat_ho_tich_art_11(catalogue) -> None:
    fees = {f["name"]: f for f in catalogue["1.001193"]["fees"]}
    late = next(f for name, f in fees.items() if "quá hạn" in name)
    assert late["applies"] == "chosen" and "60 ngày" in late["case"]
    assert late["replaces"] == ["Lệ phí đăng ký khai sinh"]
    assert fees["Lệ phí đăng ký khai sinh"].get("applies", "always") == "always"
    assert fees["Lệ phí đăng ký khai sinh"]["amount"] == "0"


def test_no_procedure_charges_the_direct_and_the_online_line_both_circular_75_2022(catalogue) -> None:
    for code, procedure in catalogue.items():
        names = [f["name"] for f in procedure["fees"] if f.get("applies", "always") == "always"]
        assert not any("trực tuyến)" in n for n in names) or not any("trực tiếp)" in n for n in names), code
    residence = {f["name"]: f for f in catalogue["1.004222"]["fees"]}
    assert (
        residence["Lệ phí đăng ký thường trú"]["amount"],
        residence["Lệ phí đăng ký thường trú"]["online_amount"],
    ) == (
        "20000",
        "10000",
    )


def test_every_case_line_says_its_case_and_basis_and_replaces_lines_of_its_procedure(catalogue) -> None:
    for code, procedure in catalogue.items():
        names = {f["name"] for f in procedure["fees"]}
        for fee in procedure["fees"]:
            if fee.get("applies", "always") != "always":
                assert fee["case"] and fee["case_basis"], (code, fee["name"])
            assert set(fee.get("replaces", [])) <= names - {fee["name"]}, (code, fee["name"])
