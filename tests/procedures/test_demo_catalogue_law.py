"""The 49 demo procedures against the national procedure database and the 2025 reform.

Each fact is written in docs/legal-sources.md with its source: the record of the
national procedure database (Cơ sở dữ liệu quốc gia về thủ tục hành chính, CSDLQG,
copy of 18-19/07/2026) and the decision that announced it. Most checks read the
data file (fast); the first test loads it through the ordinary importer and
checks that a dossier gets the same values from the database.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from egov.procedures.demo import DEMO_FILE, load_demo_catalogue
from egov.procedures.models import Level, Procedure, TimeUnit

HDND_MARK = "(mức do HĐND tỉnh quyết định)"
NATIONAL_FEE_ACTS = (
    "281/2016/TT-BTC",  # copies of civil-status extracts
    "226/2016/TT-BTC",  # certification
    "244/2016/TT-BTC",  # criminal-record information
    "47/2019/TT-BTC",  # enterprise registration
    "75/2022/TT-BTC",  # residence registration
)


RAW = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
BY_CODE: dict[str, dict] = {p["code"]: p for p in RAW["procedures"]}


@pytest.fixture
def catalogue() -> dict[str, dict]:
    return BY_CODE


@pytest.mark.django_db
def test_the_importer_gives_dossiers_the_verified_values():
    load_demo_catalogue()
    assert Procedure.objects.filter(code__in=BY_CODE).count() == len(BY_CODE) == 49
    house = Procedure.objects.get(code="1.013225")
    assert (house.processing_time, house.time_unit) == (Decimal(7), TimeUnit.WORKING_DAYS)
    assert house.levels == [Level.COMMUNE]
    assert any(HDND_MARK in fee.name and fee.amount > 0 for fee in house.fees.all())
    assert not [p.code for p in Procedure.objects.all() if Level.DISTRICT in p.levels]
    record = Procedure.objects.get(code="3.000333")
    assert (record.processing_time, record.levels) == (Decimal(10), [Level.PROVINCE])


# --- construction permits: CSDLQG 1.013225 / 1.013229, Decision 1077/QĐ-BXD of 29/06/2026 ----


@pytest.mark.parametrize("code", ["1.013225", "1.013229"])
def test_construction_permit_new_or_repair_time_is_7_working_days_for_houses_10_for_works(catalogue, code):
    # CSDLQG: "10 ngày làm việc đối với công trình (hoặc 7 ngày làm việc đối với nhà ở riêng lẻ)".
    # One time per procedure in the format: the shorter one, so no house is due later than the law allows.
    permit = catalogue[code]
    assert (permit["processing_time"], permit["time_unit"]) == ("7", TimeUnit.WORKING_DAYS)
    assert "10 ngày làm việc đối với công trình" in permit["processing_note"]
    assert "07 ngày làm việc đối với nhà ở riêng lẻ" in permit["processing_note"]
    assert "1077/QĐ-BXD" in permit["source"]


@pytest.mark.parametrize("code", ["1.013227", "1.013228"])
def test_construction_permit_extension_or_reissue_is_5_working_days(catalogue, code):
    # CSDLQG 1.013227 (gia hạn) and 1.013228 (cấp lại): 05 ngày làm việc.
    permit = catalogue[code]
    assert (permit["processing_time"], permit["time_unit"]) == ("5", TimeUnit.WORKING_DAYS)
    assert "1077/QĐ-BXD" in permit["source"]


@pytest.mark.parametrize("code", ["1.013225", "1.013229", "1.013227", "1.013228"])
def test_construction_permits_are_issued_by_the_commune(catalogue, code):
    # Decree 140/2025/NĐ-CP (two-tier local government, construction): the commune People's
    # Committee since 01/07/2025; CSDLQG: "Ủy ban nhân dân cấp xã".
    assert catalogue[code]["levels"] == [Level.COMMUNE]


# --- the two-tier local government since 01/07/2025: no district level -----------------------


def test_no_procedure_is_carried_out_at_a_district_level(catalogue):
    assert not [code for code, p in catalogue.items() if Level.DISTRICT in p["levels"]]


def test_no_step_or_paper_sends_the_applicant_to_a_district(catalogue):
    # Only a historical note ("trước đây UBND cấp huyện") may name a district.
    offenders = []
    for code, procedure in catalogue.items():
        texts = [procedure["steps_text"], procedure["requirements"], procedure["result"]]
        texts += [step["name"] for step in steps(procedure)]
        texts += [doc["name"] for doc in procedure["documents"]]
        offenders += [(code, t) for t in texts if "huyện" in t.lower()]
    assert offenders == []


def test_criminal_record_certificate_is_issued_by_the_provincial_police(catalogue):
    # Since 01/03/2025 the Ministry of Public Security issues criminal-record certificates
    # (CSDLQG 3.000333 is announced by Bộ Công an); Law on Judicial Records 2009 art. 48: 10 working days.
    record = catalogue["3.000333"]
    assert record["levels"] == [Level.PROVINCE]
    assert (record["processing_time"], record["time_unit"]) == ("10", TimeUnit.WORKING_DAYS)
    assert "Công an" in record["steps_text"] and "Sở Tư pháp" not in record["steps_text"]
    signers = [s["name"] for s in steps(record) if s["kind"] == "approve"]
    assert signers and all("Công an tỉnh" in name for name in signers)


# --- fees set by the provincial People's Council are flagged as such -------------------------

# Procedures whose CSDLQG record (or Circular 85/2019/TT-BTC) leaves the amount to the provincial council.
SET_BY_PROVINCIAL_COUNCIL = [
    "1.001193",  # khai sinh quá hạn
    "1.000656",  # khai tử quá hạn
    "1.004873",
    "1.004859",
    "1.004884",
    "1.005461",
    "1.001022",
    "2.000528",
    "1.013225",  # construction permits: "Theo quy định của Hội đồng nhân dân cấp tỉnh"
    "1.013229",
    "1.013227",
    "1.013228",
    "1.001612",  # household business registration
    "2.000720",
    "2.000575",
    "1.013978",  # land certificates
    "1.012783",
    "1.012784",
    "1.012786",
    "1.013992",
]


def council_fees(procedure: dict) -> list[dict]:
    return [f for f in procedure["fees"] if HDND_MARK in f["name"]]


@pytest.mark.parametrize("code", SET_BY_PROVINCIAL_COUNCIL)
def test_fee_set_by_the_provincial_council_says_so(catalogue, code):
    fees = council_fees(catalogue[code])
    assert fees, f"{code}: its charge is set by the provincial council and must be listed as such"
    for fee in fees:
        assert "Nghị quyết HĐND tỉnh" in fee["legal_basis"]
        assert "85/2019/TT-BTC" in fee["legal_basis"]
        # The amount is the fictional demo province's, never presented as a national one
        # (an amount of 0 would be shown as "Free").
        assert Decimal(fee["amount"]) > 0
        assert "giả định" in fee["condition"] and "không phải mức toàn quốc" in fee["condition"]


def test_national_fees_are_not_flagged_as_provincial(catalogue):
    for code, procedure in catalogue.items():
        for fee in procedure["fees"]:
            if any(act in fee["legal_basis"] for act in NATIONAL_FEE_ACTS):
                assert HDND_MARK not in fee["name"], (code, fee["name"])


def test_only_the_listed_procedures_carry_provincial_council_fees(catalogue):
    flagged = {code for code, p in catalogue.items() if council_fees(p)}
    assert flagged == set(SET_BY_PROVINCIAL_COUNCIL)


# --- times and announcing decisions, as the CSDLQG records show them --------------------------

# code: (working days, announcing decision on the CSDLQG record)
CSDLQG = {
    "1.001193": (1, "163/QĐ-BTP"),
    "1.000656": (1, "163/QĐ-BTP"),
    "1.000894": (1, "163/QĐ-BTP"),
    "1.004873": (3, "163/QĐ-BTP"),
    "1.004859": (3, "163/QĐ-BTP"),
    "1.004884": (5, "163/QĐ-BTP"),
    "1.005461": (5, "163/QĐ-BTP"),
    "1.004837": (3, "163/QĐ-BTP"),
    "1.001022": (3, "163/QĐ-BTP"),
    "2.000528": (1, "163/QĐ-BTP"),
    "1.004222": (7, "1523/QĐ-BCA-C06"),
    "1.004194": (3, "9354/QĐ-BCA-C06"),
    "1.010038": (5, "9354/QĐ-BCA-C06"),
    "2.001610": (3, "92/QĐ-BTC"),
    "2.001955": (7, "628/QĐ-BNV"),
}


@pytest.mark.parametrize(("code", "expected"), sorted(CSDLQG.items()))
def test_time_and_source_match_the_national_database(catalogue, code, expected):
    days, decision = expected
    procedure = catalogue[code]
    # Khai sinh and kết hôn: "01 ngày" on the record, "trong ngày, sau 15 giờ ngày làm việc tiếp theo" in its
    # text: a same-day rule (tests/procedures/test_same_day_rule.py).
    unit = TimeUnit.SAME_DAY if code in ("1.001193", "1.000894") else TimeUnit.WORKING_DAYS
    assert (Decimal(procedure["processing_time"]), procedure["time_unit"]) == (days, unit)
    assert f"Quyết định công bố {decision}" in procedure["source"]


def steps(procedure: dict) -> list[dict]:
    families = [procedure.get("workflow") or {}, *(procedure.get("workflows") or [])]
    return [step for family in families for step in family.get("steps", [])]
