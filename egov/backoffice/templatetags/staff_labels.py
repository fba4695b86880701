"""Plain words for what staff screens show: `{{ row|actor }}` names who wrote an audit entry or a history
row (egov.backoffice.actor_labels)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from egov.backoffice import actor_labels

register = template.Library()


@register.filter
def actor(row: Any) -> SafeString:
    return actor_labels.html(row)
