"""Writes of the insight app: a manual figure entered with its evidence (one transaction, audited)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.audit import Actor, record, snapshot
from egov.core.uploads import check_upload
from egov.insight import permissions
from egov.insight.definitions import manual_codes
from egov.insight.models import ManualFigure

FIELDS = ("agency", "indicator", "period_start", "period_end", "value", "note", "evidence_name")
EVIDENCE_KINDS = ("pdf", "jpeg", "png", "docx", "xlsx", "odt", "ods")


def enter_figure(
    *,
    actor: Actor,
    agency: Any,
    indicator: str,
    period_start: dt.date,
    period_end: dt.date,
    value: Decimal,
    note: str = "",
    evidence: Any = None,
    now: dt.datetime | None = None,
) -> ManualFigure:
    """Record a figure the system cannot count, for one agency and period; the latest entry counts."""
    if not permissions.may_enter(actor, agency):
        raise PermissionDenied(_("You do not enter figures for this agency."))
    definition = manual_codes().get(indicator)
    if definition is None:
        raise ValidationError(_("This indicator is computed by the system, not entered."))
    if period_end <= period_start:
        raise ValidationError(_("The period ends before it starts."))
    if value < 0 or (definition.unit == "%" and value > 100):
        raise ValidationError(_("A share is between 0 and 100."))
    checked = check_upload(evidence, EVIDENCE_KINDS) if evidence else None
    with transaction.atomic():
        figure = ManualFigure(
            agency=agency,
            indicator=indicator,
            period_start=period_start,
            period_end=period_end,
            value=value,
            note=note,
            entered_by_id=actor.pk,
            entered_at=now or timezone.now(),
        )
        if checked:
            figure.evidence_name = checked.name
            figure.evidence.save(checked.name, checked.file, save=False)
        figure.save()
        record(
            actor,
            "insight.figure",
            figure,
            after={**snapshot(figure, FIELDS), "evidence": figure.evidence.name},
            agency_path=agency.path,
        )
    return figure
