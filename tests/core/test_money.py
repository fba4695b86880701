"""Amounts in đồng: "8.000 đ" (egov.core.money and the `dong` template filter)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from egov.core.money import format_vnd

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (8000, "8.000 đ"),
        (Decimal("8000.00"), "8.000 đ"),
        (Decimal("1500000"), "1.500.000 đ"),
        (0, "0 đ"),
        (999, "999 đ"),
        ("25000", "25.000 đ"),
    ],
)
def test_dot_between_thousands_no_decimals(value, shown):
    assert format_vnd(value) == shown.replace(" ", NBSP)


def test_empty_and_unreadable_values_are_not_invented():
    assert format_vnd(None) == ""
    assert format_vnd("") == ""
    assert format_vnd("miễn phí") == "miễn phí"


def test_template_filter_prints_the_same():
    html = Template("{% load money %}{{ amount|dong }}").render(Context({"amount": Decimal("50000")}))
    assert html == f"50.000{NBSP}đ"
