"""The shipped national calendar (egov/core/data/vn_calendar.json) and its sync into CalendarDay rows."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "vn_calendar.json"
SYNCED_FIELDS = ("kind", "name", "source", "estimated")


class DataFileError(ValueError):
    """The data file is malformed; the message names the entry."""


@dataclass(frozen=True)
class NationalDay:
    date: dt.date
    kind: str
    name: str
    source: str
    estimated: bool = False
    estimated_because: str = ""  # why the date is not final yet; required when estimated


@dataclass(frozen=True)
class YearInfo:
    year: int
    status: str  # "announced" (official announcement) or "computed" (from the Labour Code)
    sources: tuple[str, ...]


@dataclass
class NationalCalendar:
    years: dict[int, YearInfo]
    days: list[NationalDay] = field(default_factory=list)


def load_file(path: Path = DATA_FILE) -> NationalCalendar:
    """Read and check the data file: known kinds, one entry per date, every date in a listed year,
    and a reason on every estimated day."""
    from egov.core.models import CalendarDayKind

    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    years: dict[int, YearInfo] = {}
    for key, info in raw.get("years", {}).items():
        if info.get("status") not in ("announced", "computed"):
            raise DataFileError(f"year {key}: status must be 'announced' or 'computed'")
        years[int(key)] = YearInfo(int(key), info["status"], tuple(info.get("sources", ())))
    days: list[NationalDay] = []
    seen: set[dt.date] = set()
    for entry in raw.get("days", []):
        try:
            day = dt.date.fromisoformat(entry["date"])
        except (KeyError, ValueError) as error:
            raise DataFileError(f"bad date in {entry!r}") from error
        if day in seen:
            raise DataFileError(f"{day} is listed twice")
        if day.year not in years:
            raise DataFileError(f"{day}: year {day.year} is not described under 'years'")
        if entry.get("kind") not in CalendarDayKind.values:
            raise DataFileError(f"{day}: unknown kind {entry.get('kind')!r}")
        if not str(entry.get("name", "")).strip() or not str(entry.get("source", "")).strip():
            raise DataFileError(f"{day}: every entry needs a name and its legal source")
        estimated = bool(entry.get("estimated"))
        because = str(entry.get("estimated_because", "")).strip()
        if estimated and not because:
            raise DataFileError(f"{day}: an estimated day needs 'estimated_because' (why it is not final)")
        seen.add(day)
        days.append(NationalDay(day, entry["kind"], entry["name"], entry["source"], estimated, because))
    return NationalCalendar(years, sorted(days, key=lambda d: d.date))


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@transaction.atomic
def sync_national_days(calendar: NationalCalendar | None = None, *, agency_path: str = "") -> SyncResult:
    """Make the national CalendarDay rows equal to the data file. Idempotent: no change, no write.

    Rows the file no longer lists are deleted, so a corrected announcement replaces
    the old one. Province rows are never touched. Each change leaves an audit row
    by the system, filed under `agency_path` (the caller passes the province's root
    agency so its auditors see it); without one (a fresh install, no agency yet) the
    data file in git is the only record.
    """
    from egov.core import audit
    from egov.core.models import CalendarDay

    calendar = calendar or load_file()
    wanted = {day.date: day for day in calendar.days}
    existing = {row.date: row for row in CalendarDay.objects.filter(scope=CalendarDay.Scope.NATIONAL)}
    path = agency_path
    record = audit.record if path else _no_audit
    result = SyncResult()
    for day, entry in wanted.items():
        row = existing.pop(day, None)
        values = {name: getattr(entry, name) for name in SYNCED_FIELDS}
        if row is None:
            row = CalendarDay.objects.create(date=day, scope=CalendarDay.Scope.NATIONAL, **values)
            record(None, "calendar.sync.create", row, after=audit.snapshot(row), agency_path=path)
            result.created += 1
        elif any(getattr(row, name) != value for name, value in values.items()):
            before = audit.snapshot(row)
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
            record(
                None, "calendar.sync.update", row, before=before, after=audit.snapshot(row), agency_path=path
            )
            result.updated += 1
    for row in existing.values():
        record(None, "calendar.sync.delete", row, before=audit.snapshot(row), agency_path=path)
        row.delete()
        result.deleted += 1
    return result


def _no_audit(*args: Any, **kwargs: Any) -> None:
    return None
