"""Reads of the records app, scoped by the viewer (`permissions.readable_q`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from egov.documents.models import Document
from egov.records.models import RecordEntry, RecordFile


def files_for(user: Any, year: int | None = None) -> QuerySet[RecordFile]:
    qs = (
        RecordFile.objects.visible_to(user)
        .select_related("agency", "keeper")
        .annotate(documents=Count("entries"))
    )
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("agency__path", "heading", "code", "id")


def file_for(user: Any, pk: int) -> RecordFile | None:
    return RecordFile.objects.visible_to(user).select_related("agency", "keeper").filter(pk=pk).first()


def entries(record_file: RecordFile) -> list[RecordEntry]:
    """The file's documents in the order they came into being (Appendix VI, Part I, III.4.g: "bảo đảm trình
    tự thời gian hình thành"): by the document's date, then its arrival or creation."""
    rows = list(record_file.entries.select_related("document", "document__agency"))
    return sorted(
        rows,
        key=lambda e: (e.document.issued_on or e.document.created_at.date(), e.document.created_at, e.pk),
    )


def files_holding(document: Document, user: Any) -> QuerySet[RecordFile]:
    return RecordFile.objects.visible_to(user).filter(entries__document=document)
