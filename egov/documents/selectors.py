"""Reads of the documents app, scoped by the viewer (`permissions.readable_q`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core import kept_sql
from egov.documents import numbering, permissions
from egov.documents.models import Direction, Document, Register, Status
from egov.organizations.models import Agency
from egov.organizations.permissions import roles_of
from egov.organizations.roles import Role
from egov.organizations.selectors import home_agency


def office_of(user: Any) -> Agency | None:
    """The agency whose registers the user works in: that of their own staff record."""
    home = home_agency(user)
    return permissions.issuing_agency(home) if home is not None else None


#: An incoming document is open until it is completed, recalled or replaced.
OPEN_INCOMING = (Status.RECEIVED, Status.REGISTERED, Status.SUBMITTED, Status.ASSIGNED, Status.IN_PROGRESS)

#: The lists' orders: the newest first (the default), or the nearest deadline first (no deadline last).
ORDERS = {
    "": ("-created_at", "-id"),
    "han": (F("due_on").asc(nulls_last=True), "-created_at", "-id"),
}


def overdue_q(today: dt.date | None = None) -> Q:
    """An incoming document still open after its deadline (the instruction's, else the one it came with)."""
    today = today or timezone.localdate()
    return Q(direction=Direction.INCOMING, status__in=OPEN_INCOMING, due_on__lt=today)


def documents_for(
    user: Any,
    direction: str = "",
    query: str = "",
    status: str = "",
    *,
    overdue: bool = False,
    order: str = "",
) -> QuerySet[Document]:
    """The documents the user reads, filtered as the list's form asks; each carries `is_overdue`."""
    today = timezone.localdate()
    qs = Document.objects.visible_to(user).select_related("agency")
    if direction in Direction.values:
        qs = qs.filter(direction=direction)
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(overdue_q(today))
    if query.strip():
        key = numbering.lookup_key(query)
        qs = qs.filter(Q(number_symbol_key__startswith=key) | Q(summary__icontains=query.strip()))
    qs = qs.annotate(
        is_overdue=Case(When(overdue_q(today), then=True), default=False, output_field=BooleanField())
    )
    return qs.order_by(*ORDERS.get(order, ORDERS[""]))


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


def register_years(agency: Agency, direction: str) -> list[int]:
    """The years whose register of this agency and direction holds a document, and the current year."""
    used = Register.objects.filter(agency=agency, direction=direction, last__gt=0).values_list("year")
    return sorted({*(y for (y,) in used), timezone.localdate().year})


@dataclass(frozen=True)
class Work:
    """One kind of document work waiting for someone: a filter of the documents list."""

    key: str
    label: Any
    direction: str
    status: str = ""
    overdue: bool = False

    def q(self, today: dt.date) -> Q:
        q = Q(direction=self.direction)
        if self.status:
            q &= Q(status=self.status)
        return q & overdue_q(today) if self.overdue else q

    def query(self) -> str:
        """The list's query string for this work (documents_for's filters)."""
        params = {"huong": self.direction, "trang-thai": self.status, "qua-han": "1" if self.overdue else ""}
        return urlencode({k: v for k, v in params.items() if v})


IN, OUT = Direction.INCOMING, Direction.OUTGOING
OVERDUE = Work("overdue", _("Incoming, past the deadline"), IN, overdue=True)
#: The work of each role, in the order of the decree's steps (art. 20-24 incoming, 14-19 outgoing).
WORK: dict[str, tuple[Work, ...]] = {
    Role.CLERK: (
        Work("to_register", _("Received, to enter in the register"), IN, Status.RECEIVED),
        Work("to_submit", _("Registered, to submit to a leader"), IN, Status.REGISTERED),
        Work("to_issue", _("Signed, to issue"), OUT, Status.SIGNED),
    ),
    Role.LEADER: (
        Work("to_instruct", _("Waiting for your instruction"), IN, Status.SUBMITTED),
        Work("to_approve", _("Drafts waiting for approval"), OUT, Status.IN_REVIEW),
        Work("to_sign", _("Approved, waiting for the signature"), OUT, Status.APPROVED),
    ),
    Role.SPECIALIST: (
        Work("to_start", _("Assigned, not started"), IN, Status.ASSIGNED),
        Work("in_progress", _("Being handled"), IN, Status.IN_PROGRESS),
        Work("drafts", _("Drafts"), OUT, Status.DRAFT),
    ),
}


def work_for(user: Any) -> list[tuple[Work, int]]:
    """The document work waiting for the user's roles, each with its count: as many documents as the list
    its link opens shows (the same filters over the same readable documents), counted in one query."""
    held = roles_of(user)
    works = [w for role, ws in WORK.items() if role in held for w in ws]
    if not works:
        return []
    works.append(OVERDUE)
    keys = [w.key for w in works]

    def compile(today: dt.date) -> tuple[str, Any]:
        # `aggregate` as one row of a values query (no GROUP BY: its only group is a constant), so its SQL
        # can be kept; the counts are the same.
        counts = {w.key: Count("id", filter=w.q(today)) for w in works}
        rows = Document.objects.visible_to(user).order_by().values(one=Value(1)).annotate(**counts)
        try:
            return rows.values_list(*keys).query.sql_with_params()
        except EmptyResultSet:  # nothing readable (no staff account): every count 0, as `aggregate` said
            return "SELECT " + ", ".join("0" for _ in keys), []

    key = ("documents.work_for", tuple(keys), permissions.readable_key(user))
    (counts,) = kept_sql.rows(key, compile, timezone.localdate())
    return list(zip(works, (int(n) for n in counts), strict=True))
