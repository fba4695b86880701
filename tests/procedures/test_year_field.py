"""A year of birth is a whole year, from the field's first year to this year, refused in Vietnamese without a
stray space before the full stop (Django's own Vietnamese text has one: "… 1900 .")."""

from __future__ import annotations

from django.utils import timezone, translation

from egov.procedures.formfields import make_field
from egov.procedures.formschema import validate_schema

YEAR = {"name": "nam_sinh", "label": "Năm sinh", "type": "year", "required": True, "min": 1900}


def _errors(field, value: str) -> list[str]:
    with translation.override("vi"):
        form_errors = []
        try:
            field.clean(value)
        except Exception as error:
            form_errors = [str(m) for m in error.messages]  # type: ignore[attr-defined]
        return form_errors


def test_a_year_of_birth_is_a_whole_year_up_to_this_year() -> None:
    field = make_field(YEAR)
    assert field.clean("1985") == 1985
    for wrong in ("1985.5", "198x", "1899", str(timezone.localdate().year + 1)):
        messages = _errors(field, wrong)
        assert messages, wrong
        assert all(" ." not in m and m.endswith((".", ")")) for m in messages), messages
    assert "1900" in _errors(field, "1899")[0]


def test_a_numbers_limit_is_said_without_a_space_before_the_full_stop() -> None:
    field = make_field({"name": "so_ban", "label": "Số bản", "type": "number", "min": 1, "max": 20})
    (message,) = _errors(field, "21")
    assert message.endswith("20.") and " ." not in message


def test_a_schema_year_takes_a_whole_first_year() -> None:
    assert validate_schema({"fields": [YEAR]}) == []
    assert validate_schema({"fields": [{**YEAR, "min": "năm"}]})
