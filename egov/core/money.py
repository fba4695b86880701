"""Amounts of money as people read them in Vietnam: "8.000 đ", "1.500.000 đ".

The thousands separator is a dot, the đồng has no decimals, and a no-break space keeps the number and
its "đ" on one line. Every page and form that shows an amount uses `format_vnd` (templates through the
`dong` filter of `core/templatetags/money.py`), so no screen writes "8,000" or "8000.00".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any


def group_thousands(amount: int) -> str:
    """1500000 → "1.500.000"; a negative amount keeps its sign."""
    return f"{amount:,}".replace(",", ".")


def format_vnd(value: Any, unit: str = "đ") -> str:
    """An amount in đồng: 8000 → "8.000 đ"; an empty or unreadable value is printed as it is."""
    if value is None or value == "":
        return ""
    try:
        amount = int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{group_thousands(amount)}\u00a0{unit}"
