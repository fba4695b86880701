"""Reads of the documents app, scoped by the viewer (`permissions.readable_q`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from egov.documents import numbering, permissions
from egov.documents.models import Direction, Document, Register
from egov.organizations.models import Agency
from egov.organizations.selectors import home_agency


def office_of(user: Any) -> Agency | None:
    """The agency whose registers the user works in: that of their own staff record."""
    home = home_agency(user)
    return permissions.issuing_agency(home) if home is not None else None


def documents_for(user: Any, direction: str = "", query: str = "", status: str = "") -> QuerySet[Document]:
    qs = Document.objects.visible_to(user).select_related("agency")
    if direction in Direction.values:
        qs = qs.filter(direction=direction)
    if status:
        qs = qs.filter(status=status)
    if query.strip():
        key = numbering.lookup_key(query)
        qs = qs.filter(Q(number_symbol_key__startswith=key) | Q(summary__icontains=query.strip()))
    return qs.order_by("-created_at", "-id")


def document_for(user: Any, pk: int) -> Document | None:
    return (
        Document.objects.visible_to(user)
        .select_related("agency", "register", "source", "replaces", "drafting_unit", "approver", "created_by")
        .filter(pk=pk)
        .first()
    )


def register_entries(agency: Agency, direction: str, year: int, series: str = "main") -> QuerySet[Document]:
    """The lines of a register in number order."""
    register = Register.objects.filter(agency=agency, direction=direction, year=year, series=series).first()
    if register is None:
        return Document.objects.none()
    return (
        register.documents.order_by("register_number")
        .select_related("agency")
        .prefetch_related("assignments__unit", "recipients")
    )
