"""Reads of the citizen's store.

    papers_for(user)                                   # what the store page lists, newest first
    offers_for(user, procedure, organisation=None)     # {RequiredDocument id: [StoredPaper, …]}

`offers_for` is what an online filing offers instead of asking for a paper again (docs/datastore.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from egov.core.text import fold
from egov.datastore import permissions
from egov.datastore.models import StoredPaper


def papers_for(user: Any) -> QuerySet[StoredPaper]:
    """Every entry this account may read and that was not removed, with its dossier."""
    return (
        StoredPaper.objects.filter(permissions.visibility_q(user), removed_at__isnull=True)
        .select_related("attachment", "attachment__dossier", "organisation")
        .order_by("-stored_at", "-id")
    )


def paper_for(user: Any, pk: int) -> StoredPaper | None:
    """One entry this account may read, or None (not there, removed, or someone else's)."""
    return papers_for(user).filter(pk=pk).first()


def usable(queryset: QuerySet[StoredPaper], today: dt.date) -> QuerySet[StoredPaper]:
    """Entries still valid today (no validity, or a validity that has not ended)."""
    return queryset.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))


def offers_for(user: Any, procedure: Any, organisation: Any = None) -> dict[int, list[StoredPaper]]:
    """What the citizen already has for each paper the procedure asks for: one key per line of the
    procedure's checklist (`procedures.RequiredDocument` id, in the catalogue's order), each with the
    store's entries that answer it, newest first; an empty list where there is none.

    An entry answers a line when it was kept for that very line (`requirement`), or when its name is the
    line's name once folded (egov.core.text.fold: case, diacritics and spacing ignored), so a paper filed
    for one procedure, or an electronic result, is offered for another procedure that asks for it. Expired
    entries (valid_until past) and removed ones are never offered. With `organisation`, the organisation's
    papers (only if the user is one of its members); without, the person's own papers."""
    from egov.procedures.models import RequiredDocument

    lines = list(RequiredDocument.objects.filter(procedure=procedure).order_by("sort_order", "id"))
    offers: dict[int, list[StoredPaper]] = {line.pk: [] for line in lines}
    entries = usable(papers_for(user), timezone.localdate())
    if organisation is None:
        entries = entries.filter(organisation__isnull=True)
    else:
        entries = entries.filter(organisation=organisation)
    by_name: dict[str, list[int]] = {}
    for line in lines:
        by_name.setdefault(fold(line.name), []).append(line.pk)
    for entry in entries:
        matched = {entry.requirement_id} if entry.requirement_id in offers else set()
        matched.update(by_name.get(fold(entry.name), ()))
        for line_id in matched:
            offers[line_id].append(entry)
    return offers
