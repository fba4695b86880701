"""`{% exchange_of doc %}` on a document's page: its exchange with other agencies (egov/exchange)."""

from __future__ import annotations

from typing import Any

from django import template

from egov.exchange import selectors

register = template.Library()


@register.inclusion_tag("exchange/_document.html")
def exchange_of(doc: Any) -> dict[str, Any]:
    return selectors.for_document(doc)
