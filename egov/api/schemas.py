"""Response shapes of the public JSON API (OpenAPI generated from these by django-ninja)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str


class AgencyOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    admin_unit_code: str
    has_counter: bool
    is_active: bool
    depth: int


class RoleOut(Schema):
    role: str
    agency_id: int
    agency_name: str


class MeOut(Schema):
    username: str
    full_name: str
    agency: AgencyOut | None
    roles: list[RoleOut]


class FieldOut(Schema):
    code: str
    name: str


class ProcedureSummaryOut(Schema):
    code: str
    name: str
    field: FieldOut
    levels: list[str]
    processing_time: Decimal
    time_unit: str = Field(description='"days", "hours", or "same_day" (see same_day_cutoff)')
    same_day_cutoff: str | None = Field(
        None,
        description='Same-day procedures: received after this local time ("15:00"), the result is due the '
        "next working day; null for other units",
    )
    time_limit_source: str = Field("", description="The legal source of the time limit")
    service_level: str

    @staticmethod
    def resolve_same_day_cutoff(obj: Any) -> str | None:
        return obj.same_day_cutoff.strftime("%H:%M") if obj.same_day_cutoff else None


class DocumentOut(Schema):
    name: str
    copy_kind: str
    quantity: int
    required: bool
    reusable: bool
    #: upload: the online filing asks for a file; form: the online form is this paper; database: the
    #: one-stop reads it from a national or specialised database (not asked online).
    online: str
    template_name: str


class FeeOut(Schema):
    #: What a filing gives in `fee_cases` to say a chosen line's case is the applicant's.
    id: int
    kind: str
    name: str
    amount: Decimal
    condition: str
    legal_basis: str
    #: The amount when filed online, where the fee's rule sets one (null: the same online).
    online_amount: Decimal | None
    online_basis: str
    online_from: dt.date | None
    online_until: dt.date | None
    #: When the line is charged: always, chosen (the applicant's case) or confirmed (by an officer).
    applies: str
    case: str
    case_basis: str
    #: The names of the lines this one is charged instead of.
    replaces: list[str]
    #: A line charged per unit: the online form's number field that counts the units (empty: once), and
    #: the first unit it charges. A filing is charged amount × the units its answers give.
    per_field: str
    per_from: int
    #: A case the form's answers decide: the date field (group.field in a one-row group) and the days after
    #: it from which the case applies (a late registration); not asked in `fee_cases`.
    when_field: str
    when_days: int | None


class ProcedureOut(ProcedureSummaryOut):
    legal_basis: str
    result: str
    applicant_types: list[str]
    channels: list[str]
    online_payment: bool
    requirements: str
    steps_text: str
    source: str
    documents: list[DocumentOut]
    fees: list[FeeOut]
    agencies: list[AgencyOut]
