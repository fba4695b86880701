"""The API's refusals of a schema are told in the user's language, each with pydantic's type and place
(egov.api.errors): a type without a wording of its own gets the generic sentence, never English."""

from __future__ import annotations

from django.utils import translation

from egov.api import errors


def test_each_wording_fills_in_its_bounds():
    with translation.override("vi"):
        told = errors.told(
            [
                {"type": "string_too_long", "loc": ("body", "x"), "msg": "...", "ctx": {"max_length": 64}},
                {"type": "greater_than_equal", "loc": ("query", "page"), "msg": "...", "ctx": {"ge": 1}},
                {"type": "no_such_type", "loc": ("body",), "msg": "Something in English"},
            ]
        )
    assert told == [
        {
            "type": "string_too_long",
            "loc": ["body", "x"],
            "msg": "Nhập tối đa 64 ký tự.",
            "ctx": {"max_length": 64},
        },
        {
            "type": "greater_than_equal",
            "loc": ["query", "page"],
            "msg": "Nhập một giá trị từ 1 trở lên.",
            "ctx": {"ge": 1},
        },
        {"type": "no_such_type", "loc": ["body"], "msg": "Giá trị này không hợp lệ."},
    ]


def test_in_english_when_english_is_asked():
    with translation.override("en"):
        [error] = errors.told([{"type": "missing", "loc": ("body", "code"), "msg": "Field required"}])
    assert error["msg"] == "This field is required."
