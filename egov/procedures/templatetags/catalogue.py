"""Small template helpers for the catalogue pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def vnd(value: Any) -> str:
    """An amount in đồng with the Vietnamese thousands separator: 1500000 → 1.500.000."""
    try:
        amount = int(Decimal(str(value)))
    except (ArithmeticError, ValueError):
        return str(value)
    return f"{amount:,}".replace(",", ".")
