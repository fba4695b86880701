"""Who is told about a document's move, by email through the outbox, in the move's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _

from egov.channels import outbox
from egov.documents.models import Document
from egov.organizations.models import Agency, RoleGrant


def people(agency: Agency, roles: Iterable[str]) -> list[Any]:
    """The active users granted one of `roles` on `agency` itself."""
    ids = RoleGrant.objects.filter(agency=agency, role__in=list(roles)).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True))


def tell(users: Iterable[Any], doc: Document, what: str) -> int:
    """Queue one email per user who has an address; returns how many were queued. Always in Vietnamese:
    the province's staff work in it."""
    sent = 0
    seen: set[int] = set()
    with translation.override("vi"):
        title = str(doc) if doc.number_symbol else doc.summary[:80]
        subject = _("Document %(title)s: %(what)s") % {"title": title, "what": what}
        body = _("%(what)s\n\nDocument: %(summary)s\nIssuer: %(issuer)s\n") % {
            "what": what,
            "summary": doc.summary,
            "issuer": doc.issuer_name,
        }
    for user in users:
        if user is None or user.pk in seen or not getattr(user, "email", ""):
            continue
        seen.add(user.pk)
        outbox.enqueue("email", {"to": user.email, "subject": subject, "body": body}, subject=doc)
        sent += 1
    return sent
