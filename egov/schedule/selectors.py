"""Reads of the schedule: one agency's week, as the staff may see it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from egov.schedule import permissions
from egov.schedule.models import Entry, Week


@dataclass
class Day:
    day: dt.date
    entries: list[Entry] = field(default_factory=list)


@dataclass
class WeekView:
    agency: Any
    monday: dt.date
    week: Week | None
    days: list[Day]
    may_edit: bool

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def published(self) -> bool:
        return self.week is not None and self.week.is_published


def week_for(user: Any, agency: Any, monday: dt.date) -> WeekView | None:
    """The week as the user sees it: None when they may not read the agency's schedule; no entries when it
    is not published and they may not edit it."""
    if not permissions.may_read(user, agency):
        return None
    editor = permissions.may_edit(user, agency)
    week = Week.objects.filter(agency=agency, monday=monday).first()
    days = [Day(monday + dt.timedelta(days=i)) for i in range(7)]
    if week is not None and (week.is_published or editor):
        for entry in week.entries.select_related("leader", "preparer_unit"):
            days[(entry.day - monday).days].entries.append(entry)
    return WeekView(agency, monday, week, days, editor)


def entry_for(user: Any, pk: int) -> Entry | None:
    """An entry the user may edit."""
    entry = Entry.objects.select_related("week__agency", "leader").filter(pk=pk).first()
    if entry is None or not permissions.may_edit(user, entry.week.agency):
        return None
    return entry
