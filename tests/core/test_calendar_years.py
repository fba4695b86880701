"""The shipped national calendar against the official announcements, year by year.

Each test names the document it checks. Days are checked through the public API
(is_working_day), i.e. after the post_migrate sync put the data file into the
database, so the whole chain file -> rows -> cache -> arithmetic is exercised.
"""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from egov.core import calendar
from egov.core.calendar.data import load_file, sync_national_days
from egov.core.models import AuditEntry, CalendarDay

pytestmark = pytest.mark.django_db


def span(first: str, last: str) -> list[dt.date]:
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def off(*days: str) -> None:
    for day in days:
        assert not calendar.is_working_day(dt.date.fromisoformat(day)), f"{day} should be a day off"


def working(*days: str) -> None:
    for day in days:
        assert calendar.is_working_day(dt.date.fromisoformat(day)), f"{day} should be a working day"


def working_days_in(year: int) -> int:
    return sum(1 for day in span(f"{year}-01-01", f"{year}-12-31") if calendar.is_working_day(day))


# --- 2025 ---------------------------------------------------------------------------------


def test_tet_2025_nine_days_from_25_january_to_2_february():
    # Thông báo 6150/TB-BLĐTBXH (2024), after Công văn 8726/VPCP-KGVX of 26/11/2024:
    # "nghỉ từ thứ Bảy 25/01/2025 đến hết Chủ nhật 02/02/2025" (26 tháng Chạp – mùng 5 Tết).
    off(*(d.isoformat() for d in span("2025-01-25", "2025-02-02")))
    working("2025-01-24", "2025-02-03")


def test_30_april_2025_swap_with_saturday_26_april():
    # Thông báo 6150/TB-BLĐTBXH: Friday 02/05/2025 swapped with Saturday 26/04/2025,
    # "nghỉ 05 ngày liên tục từ thứ Tư 30/4/2025 đến hết Chủ nhật 04/5/2025".
    off(*(d.isoformat() for d in span("2025-04-30", "2025-05-04")))
    working("2025-04-26", "2025-04-29", "2025-05-05")


def test_hung_kings_and_national_day_2025():
    # Labour Code 2019 art. 112(1)(e): 10/3 lunar = Monday 07/04/2025.
    # Thông báo 6150/TB-BLĐTBXH: National Day 01/09 and 02/09/2025 (Saturday 30/8 – Tuesday 2/9).
    off("2025-04-07", "2025-08-30", "2025-08-31", "2025-09-01", "2025-09-02")
    working("2025-04-04", "2025-04-08", "2025-08-29", "2025-09-03")


def test_2025_has_250_working_days():
    # 261 weekdays - 12 weekday holidays and swapped days + 1 make-up Saturday (26/04).
    assert working_days_in(2025) == 250


# --- 2026 ---------------------------------------------------------------------------------


def test_new_year_2026_four_days_and_make_up_saturday_10_january():
    # Công văn 12729/VPCP-KGVX of 25/12/2025: off Thursday 01/01 to Sunday 04/01/2026,
    # Friday 02/01 swapped with Saturday 10/01/2026.
    off("2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04")
    working("2025-12-31", "2026-01-05", "2026-01-10")


def test_tet_2026_nine_days_from_14_to_22_february():
    # Công văn 9859/VPCP-KGVX of 13/10/2025; Thông báo 9441/TB-BNV of 16/10/2025:
    # Saturday 14/02/2026 (27 tháng Chạp) to Sunday 22/02/2026 (mùng 6), five statutory days 16–20/02.
    off(*(d.isoformat() for d in span("2026-02-14", "2026-02-22")))
    working("2026-02-13", "2026-02-23")
    statutory = CalendarDay.objects.filter(scope="national", kind="holiday", date__month=2, date__year=2026)
    assert [d.date.day for d in statutory] == [16, 17, 18, 19, 20]


def test_hung_kings_2026_on_sunday_gives_monday_off():
    # 10/3 lunar = Sunday 26/04/2026; Labour Code 2019 art. 111(3): the next working day is off.
    off("2026-04-25", "2026-04-26", "2026-04-27")
    working("2026-04-24", "2026-04-28")


def test_30_april_and_national_day_2026():
    # 30/4 and 1/5/2026 are Thursday and Friday (art. 112(1)(c)(d)): off to Sunday 03/05.
    # Công văn 9859/VPCP-KGVX: National Day 01–02/09/2026 with Monday 31/08 swapped with Saturday 22/08,
    # five days from Saturday 29/08 to Wednesday 02/09.
    off("2026-04-30", "2026-05-01", "2026-05-02", "2026-05-03")
    working("2026-04-29", "2026-05-04")
    off(*(d.isoformat() for d in span("2026-08-29", "2026-09-02")))
    working("2026-08-22", "2026-08-28", "2026-09-03")


def test_vietnam_culture_day_2026_is_a_day_off():
    # Nghị quyết 28/2026/QH16 (in force 01/07/2026): 24/11 is Vietnam Culture Day, a paid day off.
    # Its sourcing is checked in tests/core/test_calendar_data_law.py.
    off("2026-11-24")
    working("2026-11-23", "2026-11-25")


def test_2026_has_249_working_days():
    # 261 weekdays - 14 weekday days off + 2 make-up Saturdays (10/01, 22/08).
    assert working_days_in(2026) == 249


# --- 2027 (not announced yet: computed from the Labour Code) -------------------------------


def test_2027_legal_days_computed_from_the_labour_code():
    # Art. 112(1): 01/01 (Fri); Tết = 30 Chạp to mùng 4 (05–09/02/2027, lunar new year on Saturday 06/02),
    # the weekend ones compensated on the next working days (art. 111(3)) -> 04/02 and 10/02 per the
    # holidays package's rule; Hùng Kings 10/3 lunar = 16/04; 30/04 (Fri); 01/05 (Sat) -> Monday 03/05;
    # National Day 02/09 (Thu) and the adjacent 03/09.
    off("2027-01-01", "2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10")
    off("2027-04-16", "2027-04-30", "2027-05-03", "2027-09-02", "2027-09-03")
    working("2027-01-04", "2027-02-03", "2027-02-11", "2027-05-04")
    assert working_days_in(2027) == 249
    estimated = CalendarDay.objects.filter(scope="national", date__year=2027, estimated=True)
    assert estimated.filter(date="2027-02-06").exists()
    assert not CalendarDay.objects.get(scope="national", date="2027-04-30").estimated


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_every_holiday_of_the_holidays_package_is_a_day_off(year):
    """Cross-check: the file may add announced days, never miss a legal one."""
    for day in holidays.country_holidays("VN", years=year):
        assert not calendar.is_working_day(day), day


def test_file_adds_only_documented_days_to_the_holidays_package():
    package = {d for y in (2025, 2026, 2027) for d in holidays.country_holidays("VN", years=y)}
    extra = {
        d
        for d in span("2025-01-01", "2027-12-31")
        if d.weekday() < 5 and not calendar.is_working_day(d) and d not in package
    }
    # 02/01/2026: Công văn 12729/VPCP-KGVX of 25/12/2025 (after that package release).
    assert extra == {dt.date(2026, 1, 2)}


def test_years_beyond_the_file_fall_back_to_the_holidays_package():
    # 2028 is not in the data file: Tết 2028 (26/01) still counts as a day off.
    assert not CalendarDay.objects.filter(date__year=2028).exists()
    off("2028-01-26", "2028-05-01")
    working("2028-01-04")


# --- the data file and its sync ------------------------------------------------------------


def test_data_file_entries_are_sourced_and_unique():
    data = load_file()
    assert set(data.years) == {2025, 2026, 2027}
    assert {y.status for y in data.years.values()} == {"announced", "computed"}
    assert all(day.source and day.name for day in data.days)
    assert len({day.date for day in data.days}) == len(data.days)


def test_migrate_synced_the_file_and_a_second_sync_changes_nothing():
    assert CalendarDay.objects.filter(scope="national").count() == len(load_file().days)
    audits = AuditEntry.objects.count()
    result = sync_national_days()
    assert not result.changed
    assert AuditEntry.objects.count() == audits


def test_sync_repairs_national_rows_and_leaves_province_rows(cast):
    CalendarDay.objects.filter(scope="national", date="2025-09-02").update(
        name="tampered", kind="working_day"
    )
    CalendarDay.objects.create(date=dt.date(2025, 3, 3), scope="national", kind="holiday", name="stray")
    CalendarDay.objects.create(date=dt.date(2025, 3, 4), scope="province", kind="day_off", name="Tỉnh nghỉ")
    result = sync_national_days(agency_path=cast.province.root.path)
    assert (result.created, result.updated, result.deleted) == (0, 1, 1)
    assert CalendarDay.objects.get(scope="national", date="2025-09-02").name == "Quốc khánh"
    assert not CalendarDay.objects.filter(scope="national", date="2025-03-03").exists()
    assert CalendarDay.objects.filter(scope="province", date="2025-03-04").exists()
    actions = set(
        AuditEntry.objects.filter(action__startswith="calendar.sync").values_list("action", flat=True)
    )
    assert {"calendar.sync.update", "calendar.sync.delete"} <= actions
