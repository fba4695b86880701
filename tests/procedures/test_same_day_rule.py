"""Same-day procedures: "received before 15:00, returned the same day; after 15:00, the next working day".

The rule comes from specialised law, not from Decree 118 (whose 15:00 rule, art. 18.2, is about forwarding
a paper dossier): for certification (chứng thực) the procedure text cites it, per the research notes, to
Decree 23/2015/NĐ-CP art. 7 — not retrieved, UNVERIFIED; for civil status (khai sinh, kết hôn, trích lục)
the published procedure records state it, and the instrument that sets it was NOT FOUND (unverified). See
docs/legal-notes/decree-118.md §5. So the cut-off is data on each procedure, with its source.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from egov.dossiers import deadlines
from egov.procedures.catalogue_io import export, importer
from egov.procedures.demo import DEMO_FILE
from egov.procedures.models import Procedure, TimeUnit
from egov.procedures.services import catalogue as catalogue_services
from tests.conftest import Cast
from tests.factories import SYSTEM
from tests.procedures.conftest import Catalogue

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FIFTEEN = dt.time(15, 0)
CERTIFICATION_SOURCE = "Nghị định 23/2015/NĐ-CP, Điều 7 (chưa kiểm chứng)"


def at(y: int, m: int, d: int, h: int = 8, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


def same_day(cutoff: dt.time = FIFTEEN) -> Procedure:
    return Procedure(
        processing_time=Decimal(1),
        time_unit=TimeUnit.SAME_DAY,
        same_day_cutoff=cutoff,
        time_limit_source=CERTIFICATION_SOURCE,
    )


# --- the appointment (egov.dossiers.deadlines.dossier_due) -------------------------------------------------


def test_received_at_1459_is_due_the_same_day_at_closing_decree_23_2015_art_7_unverified():
    # Thursday 3 December 2026, a working day; offices close at 17:00.
    assert deadlines.dossier_due(at(2026, 12, 3, 14, 59), same_day()) == at(2026, 12, 3, 17)


def test_received_at_1501_is_due_the_next_working_day_decree_23_2015_art_7_unverified():
    assert deadlines.dossier_due(at(2026, 12, 3, 15, 1), same_day()) == at(2026, 12, 4, 17)


def test_received_friday_after_the_cut_off_is_due_monday():
    assert deadlines.dossier_due(at(2026, 12, 4, 16, 30), same_day()) == at(2026, 12, 7, 17)


def test_received_on_a_day_off_is_due_the_next_working_day():
    # Saturday morning (a kiosk or the portal): Monday.
    assert deadlines.dossier_due(at(2026, 12, 5, 9), same_day()) == at(2026, 12, 7, 17)
    # Monday 23/11/2026 after 15:00: Tuesday 24/11 is Vietnam Culture Day (a day off), so Wednesday.
    assert deadlines.dossier_due(at(2026, 11, 23, 15, 30), same_day()) == at(2026, 11, 25, 17)


def test_received_before_office_hours_counts_for_that_day():
    assert deadlines.dossier_due(at(2026, 12, 3, 6, 45), same_day()) == at(2026, 12, 3, 17)


def test_the_cut_off_is_the_procedures_own_data():
    # Another specialised law's cut-off (e.g. 16:00) moves the boundary with it.
    assert deadlines.dossier_due(at(2026, 12, 3, 15, 30), same_day(dt.time(16))) == at(2026, 12, 3, 17)


def test_counted_in_hours_the_same_receipt_would_be_due_next_morning():
    """The approximation the rule replaces: "4 working hours" from 14:59 ends the next morning."""
    hours = Procedure(processing_time=Decimal(4), time_unit=TimeUnit.WORKING_HOURS)
    assert deadlines.dossier_due(at(2026, 12, 3, 14, 59), hours) == at(2026, 12, 4, 9, 29)


# --- the catalogue editor, import/export, API, public page -------------------------------------------------


def test_the_editor_asks_for_the_cut_off_in_vietnamese_and_keeps_it(
    catalogue: Catalogue, cast: Cast, login: Any
) -> None:
    client = login(cast.province_admin)
    url = reverse("procedures:admin_edit", args=[catalogue.birth.pk])
    form = {
        "code": catalogue.birth.code,
        "name": catalogue.birth.name,
        "field": catalogue.civil.pk,
        "levels": ["commune"],
        "agencies": [cast.province.commune_a.pk],
        "processing_time": "1",
        "time_unit": "same_day",
        "applicant_types": ["citizen"],
        "channels": ["counter", "online"],
        "service_level": "partly_online",
    }
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Thủ tục trả trong ngày cần giờ chốt" in response.content.decode()
    catalogue.birth.refresh_from_db()
    assert catalogue.birth.time_unit == TimeUnit.WORKING_DAYS

    response = client.post(
        url, {**form, "same_day_cutoff": "15:00", "time_limit_source": CERTIFICATION_SOURCE}
    )
    assert response.status_code == 302
    catalogue.birth.refresh_from_db()
    assert (catalogue.birth.time_unit, catalogue.birth.same_day_cutoff) == (TimeUnit.SAME_DAY, FIFTEEN)
    assert catalogue.birth.time_limit_source == CERTIFICATION_SOURCE


def _make_same_day(procedure: Procedure) -> None:
    data = catalogue_services.ProcedureData.of(procedure)
    data = catalogue_services.ProcedureData(
        **{
            **{n: getattr(data, n) for n in data.names()},
            "time_unit": TimeUnit.SAME_DAY,
            "same_day_cutoff": FIFTEEN,
            "time_limit_source": CERTIFICATION_SOURCE,
        }
    )
    catalogue_services.update_procedure(SYSTEM, procedure, data, agencies=list(procedure.agencies.all()))


def test_export_and_import_carry_the_cut_off_and_refuse_a_bad_one(catalogue: Catalogue) -> None:
    _make_same_day(catalogue.birth)
    data = export.export_catalogue()
    row = next(p for p in data["procedures"] if p["code"] == catalogue.birth.code)
    assert (row["time_unit"], row["same_day_cutoff"]) == ("same_day", "15:00")
    assert row["time_limit_source"] == CERTIFICATION_SOURCE
    assert importer.import_catalogue(SYSTEM, data).unchanged.count(catalogue.birth.code) == 1

    row["same_day_cutoff"] = "3 giờ chiều"
    result = importer.import_catalogue(SYSTEM, data)
    assert not result.ok
    assert any("giờ chốt" in issue.message for issue in result.errors)
    catalogue.birth.refresh_from_db()
    assert catalogue.birth.same_day_cutoff == FIFTEEN


def test_api_and_public_page_show_the_rule(catalogue: Catalogue, client: Any) -> None:
    _make_same_day(catalogue.birth)
    body = client.get(f"/api/v1/procedures/{catalogue.birth.code}").json()
    assert (body["time_unit"], body["same_day_cutoff"]) == ("same_day", "15:00")
    assert body["time_limit_source"] == CERTIFICATION_SOURCE
    page = client.get(reverse("procedures:detail", args=[catalogue.birth.code])).content.decode()
    assert "Trong ngày làm việc; nhận sau 15:00 thì trả trong ngày làm việc tiếp theo" in page
    assert CERTIFICATION_SOURCE in page


# --- the demo catalogue ----------------------------------------------------------------------------------

#: The demo procedures whose record says "trong ngày; sau 15 giờ … ngày làm việc tiếp theo".
SAME_DAY_DEMO = {"1.001193", "1.000894", "2.000635", "2.000815", "2.000884", "3.000465"}


def test_demo_catalogue_uses_the_rule_where_the_records_say_so():
    procedures = {p["code"]: p for p in json.loads(DEMO_FILE.read_text(encoding="utf-8"))["procedures"]}
    rule = {code for code, p in procedures.items() if p["time_unit"] == "same_day"}
    assert rule == SAME_DAY_DEMO
    for code in SAME_DAY_DEMO:
        assert procedures[code]["same_day_cutoff"] == "15:00"
        assert (
            "15 giờ" in procedures[code]["time_limit_source"]
            or "Điều 7" in procedures[code]["time_limit_source"]
        )
    # Kết hôn's longer limit when verification is needed stays a note, not the rule.
    assert "05 ngày làm việc" in procedures["1.000894"]["processing_note"]
    # Khai tử's record names no cut-off: it keeps its 01 working day.
    assert (procedures["1.000656"]["processing_time"], procedures["1.000656"]["time_unit"]) == ("1", "days")


def test_a_same_day_procedures_steps_need_only_fit_in_its_working_day():
    procedure = same_day()
    assert procedure.allotment_fits(Decimal(4)) and procedure.allotment_fits(Decimal(8))
    assert not procedure.allotment_fits(Decimal("8.5"))
    days = Procedure(processing_time=Decimal(1), time_unit=TimeUnit.WORKING_DAYS)
    assert days.allotment_fits(Decimal(8)) and not days.allotment_fits(Decimal(4))
