"""Small template helpers for the catalogue pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from egov.core.money import group_thousands

register = template.Library()


@register.filter
def vnd(value: Any) -> str:
    """An amount in đồng with the Vietnamese thousands separator, without the unit: 1500000 → 1.500.000.
    Pages print amounts with `{% load money %}{{ amount|dong }}` ("1.500.000 đ")."""
    try:
        amount = int(Decimal(str(value)))
    except (ArithmeticError, ValueError):
        return str(value)
    return group_thousands(amount)
