"""The demo catalogue's online forms refuse impossible dates: a birth, a death, a loss or an issue after
today, a birth before 1900, an appointment before today (a newcomer's walk filed a child born in 2099).
The schema's "today" bound is the day the form is checked (formschema.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from egov.procedures import formschema
from egov.procedures.demo import DEMO_FILE
from egov.procedures.formfields import make_field

RAW = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
#: Date fields that name what has already happened, and those that name what is still to come.
PAST = (
    "ngay_sinh",
    "ngay_chet",
    "ngay_mat",
    "ngay_cap",
    "thoi_diem_su_dung",
    "ngay_ban_hanh",
    "ngay_dang_ky",
)
FUTURE = ("ngay_hen", "thoi_han_den")


def _date_fields() -> list[tuple[str, dict]]:
    found = []

    def walk(code: str, fields: list[dict]) -> None:
        for field in fields:
            if field.get("type") == "date":
                found.append((code, field))
            if field.get("type") == "group":
                walk(code, field.get("fields", []))

    for procedure in RAW["procedures"]:
        form = procedure.get("form") or {}
        walk(procedure["code"], form.get("fields", []))
    return found


def test_every_past_event_is_bounded_by_today_and_every_appointment_starts_today():
    fields = _date_fields()
    assert len(fields) > 50
    for code, field in fields:
        if field["name"].startswith(PAST):
            assert field.get("max") == "today", (code, field["name"])
        if field["name"].startswith("ngay_sinh"):
            assert field.get("min") == "1900-01-01", (code, field["name"])
        if field["name"].startswith(FUTURE):
            assert field.get("min") == "today", (code, field["name"])
    for procedure in RAW["procedures"]:
        if procedure.get("form"):
            assert formschema.validate_schema(procedure["form"]) == [], procedure["code"]


@pytest.mark.parametrize(
    ("when", "accepted"),
    [("2099-12-31", False), ("1899-12-31", False), ("2020-02-29", True), (None, True)],
)
def test_a_birth_date_after_today_or_before_1900_is_refused_in_vietnamese(when, accepted):
    _code, spec = next(f for f in _date_fields() if f[0] == "1.001193" and f[1]["name"] == "ngay_sinh")
    field = make_field(spec)
    value = when or timezone.localdate().isoformat()
    if accepted:
        assert field.clean(value) == dt.date.fromisoformat(value)
    else:
        with pytest.raises(ValidationError) as refused:
            field.clean(value)
        assert "ngày" in " ".join(refused.value.messages).lower()
