"""`{% load money %}` … `{{ fee.amount|dong }}` → "8.000 đ" (egov.core.money.format_vnd)."""

from __future__ import annotations

from typing import Any

from django import template

from egov.core.money import format_vnd, group_thousands

register = template.Library()


@register.filter
def dong(value: Any) -> str:
    """An amount in đồng with the Vietnamese thousands separator and no decimals: 8000 → "8.000 đ"."""
    return format_vnd(value)


@register.filter
def thousands(value: Any) -> str:
    """A whole number with the Vietnamese thousands separator: 1000 → "1.000"."""
    try:
        return group_thousands(int(value))
    except (TypeError, ValueError):
        return str(value)
