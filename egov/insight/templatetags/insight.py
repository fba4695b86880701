"""Showing a lateness forecast: its probability and its reasons in words."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(value: float) -> str:
    return f"{round(value * 100)}%"


def _number(value: Any) -> str:
    """A stored figure as the page's tables print theirs: the locale's decimal mark, no ".0" (-20,8; 6)."""
    try:
        return floatformat(float(value), "-1")
    except (TypeError, ValueError):
        return str(value)


@register.filter
def reason(item: dict[str, Any]) -> str:
    """A stored reason ({"feature", "value"}) in words; names are looked up when shown."""
    feature, value = item.get("feature", ""), item.get("value", "")
    kind = feature.split("=", 1)[0]
    if kind == "procedure":
        from egov.procedures.models import Procedure

        name = Procedure.objects.filter(pk=value).values_list("name", flat=True).first() or value
        return _("Procedure: %(name)s") % {"name": name}
    if kind == "agency":
        from egov.organizations.models import Agency

        name = Agency.objects.filter(pk=value).values_list("name", flat=True).first() or value
        return _("At: %(name)s") % {"name": name}
    if kind == "step":
        from egov.procedures.models import StepKind

        label = StepKind(value).label if value in StepKind.values else value
        return _("Current step: %(kind)s") % {"kind": label}
    if kind == "hours_left":
        return _("Working hours left: %(n)s") % {"n": _number(value)}
    if kind == "load":
        return _("The handler started %(n)s steps in the last 7 days") % {"n": _number(value)}
    if kind == "allotted":
        return _("Hours allotted to the step: %(n)s") % {"n": _number(value)}
    return str(feature)
