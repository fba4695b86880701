"""Filters for the rows of long lists (the work queues), written for speed with Django's exact output."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.template.defaultfilters import date

register = template.Library()

MOMENT = "H:i d/m/Y"


@register.filter(expects_localtime=True)
def moment(value: Any) -> str:
    """`value|date:"H:i d/m/Y"`, the way every list writes a moment, without Django's general formatter
    (a DateFormat object and a parse of the format per value: a fifth of a queue page's rendering)."""
    if isinstance(value, dt.datetime):  # already in the local time zone (expects_localtime)
        return f"{value.hour:02d}:{value.minute:02d} {value.day:02d}/{value.month:02d}/{value.year:04d}"
    return date(value, MOMENT)


@register.filter
def rules_basis(version: str) -> str:
    """The legal basis of a dossier's rules version ("nd118-2025" → "Nghị định 118/2025/NĐ-CP"), the version
    itself if no rule set has it."""
    from egov.dossiers.rules import rules_by_version

    try:
        return rules_by_version(version).legal_basis
    except LookupError:
        return version
