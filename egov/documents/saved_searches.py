"""A person's saved searches (Decree 30/2020 Appendix VI, Part I, III.6.e: "lưu và sử dụng lại các yêu cầu
tìm kiếm"): kept under a name, replaced when saved again under the same name, deleted by their owner only.
Each write is one transaction with its audit row."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.audit import Actor
from egov.documents import permissions
from egov.documents.models import SavedSearch
from egov.documents.services import person

#: Searches one person keeps, at most.
LIMIT = 50


def of(user: object) -> QuerySet[SavedSearch]:
    """The searches `user` keeps (none for an anonymous visitor)."""
    pk = getattr(user, "pk", None)
    return SavedSearch.objects.filter(user_id=pk) if pk is not None else SavedSearch.objects.none()


def save(*, actor: Actor, name: str, query: str) -> SavedSearch:
    """Keep `query` (the search page's query string) under `name` for `actor`."""
    user = person(actor)
    if not permissions.may_read_any(user):
        raise PermissionDenied(_("You may not search documents."))
    name = " ".join(name.split())[:100]
    if not name:
        raise ValidationError(_("Give the search a name."))
    if not query:
        raise ValidationError(_("There is nothing to save: fill in at least one field of the search."))
    with transaction.atomic():
        existing = of(user).select_for_update().filter(name=name).first()
        if existing is None and of(user).count() >= LIMIT:
            raise ValidationError(_("You keep %(n)d searches already; delete one first.") % {"n": LIMIT})
        before = {"query": existing.query} if existing else None
        saved, _created = SavedSearch.objects.update_or_create(
            user_id=user.pk, name=name, defaults={"query": query[:2000], "created_at": timezone.now()}
        )
        audit.record(actor, "documents.search_saved", saved, before=before, after={"query": saved.query})
    return saved


def delete(*, actor: Actor, saved_id: int) -> None:
    """Delete one of the actor's own saved searches; another person's is refused."""
    with transaction.atomic():
        saved = of(actor).select_for_update().filter(pk=saved_id).first()
        if saved is None:
            raise PermissionDenied(_("This saved search is not yours."))
        audit.record(actor, "documents.search_deleted", saved, before={"query": saved.query})
        saved.delete()
