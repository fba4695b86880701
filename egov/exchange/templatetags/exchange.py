"""`{% exchange_of doc %}` on a document's page: its exchange with other agencies (egov/exchange)."""

from __future__ import annotations

from typing import Any

from django import template

from egov.documents import permissions
from egov.exchange import selectors

register = template.Library()


@register.inclusion_tag("exchange/_document.html", takes_context=True)
def exchange_of(context: Any, doc: Any) -> dict[str, Any]:
    shown = selectors.for_document(doc)
    request = context.get("request")
    user = getattr(request, "user", None)
    if shown.get("recall") is not None and not permissions.is_clerk(user, doc.agency):
        shown["recall_readonly"] = True
    shown["csrf_token"] = context.get("csrf_token")
    return shown
