"""Writes to the province's own calendar days. Each function is one transaction with its audit row.

The days are core's data (egov.core.models.CalendarDay) read by core's calendar engine; who may change
them (backoffice/permissions.py) and where the change is filed in the audit log (the province's root
agency) belong to the back office.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from egov.backoffice.permissions import can_edit_calendar
from egov.backoffice.selectors import province_agency_path
from egov.core import audit
from egov.core.audit import Actor
from egov.core.calendar import data, national_baseline
from egov.core.models import CalendarDay, CalendarDayKind

FIELDS = ("date", "scope", "kind", "name", "source")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _require_editor(actor: Actor) -> None:
    if not can_edit_calendar(actor):
        raise PermissionDenied(_("Only a province administrator may change the working calendar."))


def sync_national_days() -> data.SyncResult:
    """Make the national rows equal to the shipped data file, filing changes under the province's root."""
    return data.sync_national_days(agency_path=province_agency_path())


def _validate(day: dt.date, kind: str, name: str, exclude_pk: int | None = None) -> None:
    shown = day.strftime("%d/%m/%Y")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(
            {
                "date": _("Choose a date between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )
    if kind not in CalendarDayKind.values:
        raise ValidationError({"kind": _("Choose a kind of day.")})
    if not name.strip():
        raise ValidationError({"name": _("Give the day a name, e.g. the decision that sets it.")})
    taken = CalendarDay.objects.filter(scope=CalendarDay.Scope.PROVINCE, date=day)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {
                "date": _("The province already has an entry for %(date)s; edit that one instead.")
                % {"date": shown}
            }
        )
    working = national_baseline(day)
    if kind == CalendarDayKind.WORKING_DAY and working:
        raise ValidationError(
            {
                "kind": _("%(date)s is already a working day; only a day off can be made a working day.")
                % {"date": shown}
            }
        )
    if kind != CalendarDayKind.WORKING_DAY and not working:
        raise ValidationError(
            {
                "kind": _("%(date)s is already a day off; only a working day can be made a day off.")
                % {"date": shown}
            }
        )


def _save(row: CalendarDay) -> None:
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        # Another administrator saved the same date a moment ago.
        raise ValidationError(
            {"date": _("The province already has an entry for this date; edit that one instead.")}
        ) from None


@transaction.atomic
def create_province_day(
    actor: Actor, *, date: dt.date, kind: str, name: str, source: str = ""
) -> CalendarDay:
    """Add the province's own day off, holiday or make-up working day."""
    _require_editor(actor)
    _validate(date, kind, name)
    row = CalendarDay(
        date=date, scope=CalendarDay.Scope.PROVINCE, kind=kind, name=name.strip(), source=source.strip()
    )
    _save(row)
    audit.record(
        actor, "calendar.create", row, after=audit.snapshot(row, FIELDS), agency_path=province_agency_path()
    )
    return row


@transaction.atomic
def update_province_day(
    actor: Actor, row: CalendarDay, *, date: dt.date, kind: str, name: str, source: str = ""
) -> CalendarDay:
    _require_editor(actor)
    row = CalendarDay.objects.select_for_update(of=("self",)).get(pk=row.pk, scope=CalendarDay.Scope.PROVINCE)
    _validate(date, kind, name, exclude_pk=row.pk)
    before = audit.snapshot(row, FIELDS)
    row.date, row.kind, row.name, row.source = date, kind, name.strip(), source.strip()
    _save(row)
    audit.record(
        actor,
        "calendar.update",
        row,
        before=before,
        after=audit.snapshot(row, FIELDS),
        agency_path=province_agency_path(),
    )
    return row


@transaction.atomic
def delete_province_day(actor: Actor, row: CalendarDay) -> None:
    _require_editor(actor)
    row = CalendarDay.objects.select_for_update(of=("self",)).get(pk=row.pk, scope=CalendarDay.Scope.PROVINCE)
    audit.record(
        actor, "calendar.delete", row, before=audit.snapshot(row, FIELDS), agency_path=province_agency_path()
    )
    row.delete()
