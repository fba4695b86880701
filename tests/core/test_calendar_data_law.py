"""The calendar data against the law that makes each day a day off (docs/legal-sources.md).

Vietnam Culture Day (24/11): a paid day off under National Assembly Resolution
28/2026/QH16 on the development of Vietnamese culture, in force from 01/07/2026.
2027: computed from the Labour Code 2019 (art. 111(3), 112(1), 112(3)) until the
Government announces it; the days the Government still decides are estimated,
each with its reason. Checked through the public API after the post_migrate sync,
like tests/core/test_calendar_years.py.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from egov.core import calendar
from egov.core.calendar.data import DATA_FILE, DataFileError, load_file
from egov.core.models import CalendarDay

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CULTURE_DAY_RESOLUTION = "28/2026/QH16"


def at(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


def national(day: str) -> CalendarDay:
    return CalendarDay.objects.get(scope="national", date=day)


# --- 24/11 Vietnam Culture Day: Resolution 28/2026/QH16, in force 01/07/2026 ---------------


@pytest.mark.parametrize("day", ["2026-11-24", "2027-11-24"])
def test_culture_day_is_a_holiday_in_force_cited_to_its_resolution(day):
    # Resolution 28/2026/QH16 (in force 01/07/2026): the law is in force, so the day is not estimated.
    row = national(day)
    assert row.kind == "holiday"
    assert CULTURE_DAY_RESOLUTION in row.source
    assert not row.estimated
    assert not calendar.is_working_day(dt.date.fromisoformat(day))


def test_culture_day_is_not_a_day_off_before_the_resolution_took_effect():
    # The resolution took effect on 01/07/2026: Monday 24/11/2025 was an ordinary working day.
    assert not CalendarDay.objects.filter(scope="national", date="2025-11-24").exists()
    assert calendar.is_working_day(dt.date(2025, 11, 24))


def test_2026_year_sources_cite_the_culture_day_resolution():
    info = load_file().years[2026]
    assert info.status == "announced"
    assert any(CULTURE_DAY_RESOLUTION in source and "01/07/2026" in source for source in info.sources)


def test_a_due_date_across_24_november_2026_skips_it():
    # Monday 23/11/2026 09:00 + 2 working days (16 h): 6.5 h left on Monday, Tuesday 24/11 is
    # Culture Day (Resolution 28/2026/QH16), Wednesday 25/11 (8 h), 1.5 h of Thursday 26/11.
    assert calendar.due_at(at(2026, 11, 23, 9), 2) == at(2026, 11, 26, 9)
    # Received on the holiday itself: the clock starts on Wednesday 25/11 at 07:30.
    assert calendar.due_at(at(2026, 11, 24, 10), 1) == at(2026, 11, 25, 17)


def test_a_due_date_across_24_november_2027_skips_it():
    # Tuesday 23/11/2027 16:00 + 1 working day: 1 h on Tuesday, Wednesday 24/11 off, 7 h of Thursday.
    assert calendar.due_at(at(2027, 11, 23, 16), 1) == at(2027, 11, 25, 16)


# --- 2027: computed until announced ---------------------------------------------------------


def test_2027_is_computed_not_announced():
    assert load_file().years[2027].status == "computed"


# The days the Government (Prime Minister, Ministry of Home Affairs) still decides for 2027.
GOVERNMENT_DECIDES_2027 = {
    # Labour Code art. 112(3): the Prime Minister fixes the Tết days each year.
    "2027-02-04": "112 khoản 3",
    "2027-02-05": "112 khoản 3",
    "2027-02-06": "112 khoản 3",
    "2027-02-07": "112 khoản 3",
    "2027-02-08": "112 khoản 3",
    "2027-02-09": "112 khoản 3",
    "2027-02-10": "112 khoản 3",
    # art. 112(3): the Prime Minister picks the day adjacent to 2/9.
    "2027-09-03": "112 khoản 3",
    # art. 111(3): 1/5/2027 is a Saturday; the day in lieu waits for the official notice.
    "2027-05-03": "111 khoản 3",
}


@pytest.mark.parametrize(("day", "article"), sorted(GOVERNMENT_DECIDES_2027.items()))
def test_2027_days_the_government_decides_are_estimated_with_their_reason(day, article):
    row = national(day)
    assert row.estimated, f"{day} is not announced yet and must be flagged estimated"
    entry = next(d for d in load_file().days if d.date.isoformat() == day)
    assert article in entry.estimated_because
    assert "chưa" in entry.estimated_because or "chờ" in entry.estimated_because


@pytest.mark.parametrize("day", ["2027-01-01", "2027-04-16", "2027-04-30", "2027-05-01", "2027-09-02"])
def test_2027_days_fixed_by_statute_are_not_estimated(day):
    # Labour Code art. 112(1)(a), (e), (c), (d), (đ): the date is fixed by the law itself.
    assert not national(day).estimated


def test_only_2027_days_are_estimated():
    estimated = {d.date.isoformat() for d in load_file().days if d.estimated}
    assert estimated == set(GOVERNMENT_DECIDES_2027)


# --- the loader refuses an estimated day without a reason -----------------------------------


def test_loader_refuses_an_estimated_day_without_a_reason(tmp_path: Path):
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    entry = next(d for d in raw["days"] if d["date"] == "2027-09-03")
    del entry["estimated_because"]
    broken = tmp_path / "calendar.json"
    broken.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataFileError, match="2027-09-03"):
        load_file(broken)
