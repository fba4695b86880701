"""Every change to a weekly schedule, each in one transaction with its audit row and, once the week is
published, the emails to those concerned (outbox): the entry's leader and the leaders and specialists of
the unit that prepares it. Before publication the office edits freely and nobody is told.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from egov.channels import outbox
from egov.core import audit
from egov.core.audit import Actor
from egov.documents.notices import people
from egov.organizations.models import Agency
from egov.organizations.permissions import has_role
from egov.organizations.roles import Role
from egov.schedule import permissions
from egov.schedule.models import Entry, Week

FIELDS = ("leader", "day", "starts_at", "place", "content", "participants", "preparer", "preparer_unit")


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class EntrySpec:
    leader: Any
    day: dt.date
    starts_at: dt.time
    place: str
    content: str
    participants: str = ""
    preparer: str = ""
    preparer_unit: Agency | None = None


def _check(actor: Actor, agency: Agency, spec: EntrySpec) -> None:
    if not permissions.may_edit(actor, agency):
        raise PermissionDenied(_("Only the office or a leader of the agency edits its work schedule."))
    if not has_role(spec.leader, Role.LEADER, agency):
        raise ValidationError(
            _("%(name)s is not a leader of this agency.") % {"name": spec.leader.get_full_name()}
        )
    if spec.preparer_unit is not None and not spec.preparer_unit.path.startswith(agency.path):
        raise ValidationError(_("%(unit)s is not a unit of this agency.") % {"unit": spec.preparer_unit.name})
    if not spec.content.strip() or not spec.place.strip():
        raise ValidationError(_("Write the content and the place."))


def _tell(entry: Entry, what: str, unit: bool = True) -> None:
    """Email the entry's leader and (with `unit`) its preparing unit's people: the entry, and what happened
    to it."""
    told = [entry.leader]
    if unit and entry.preparer_unit is not None:
        told += people(entry.preparer_unit, (Role.LEADER, Role.SPECIALIST))
    with translation.override("vi"):
        subject = _("Work schedule: %(what)s") % {"what": what}
        body = _("%(what)s\n\n%(day)s %(time)s, %(place)s\n%(content)s\nLeader: %(leader)s\n") % {
            "what": what,
            "day": f"{entry.day:%d/%m/%Y}",
            "time": f"{entry.starts_at:%H:%M}",
            "place": entry.place,
            "content": entry.content,
            "leader": entry.leader.get_full_name(),
        }
    seen: set[int] = set()
    for user in told:
        if user.pk in seen or not user.email or not user.is_active:
            continue
        seen.add(user.pk)
        outbox.enqueue("email", {"to": user.email, "subject": subject, "body": body}, subject=entry)


def _values(entry: Entry) -> dict[str, Any]:
    """The entry's fields as the audit row keeps them (ids, and dates and times as text)."""
    values = {f: getattr(entry, f"{f}_id" if f in ("leader", "preparer_unit") else f) for f in FIELDS}
    return {k: v.isoformat() if isinstance(v, dt.date | dt.time) else v for k, v in values.items()}


def _record(actor: Actor, action: str, entry: Entry, before: dict[str, Any] | None) -> None:
    after = _values(entry)
    after.update(changed=entry.changed, cancelled=entry.cancelled)
    audit.record(
        actor, f"schedule.{action}", entry, before=before, after=after, agency_path=entry.week.agency.path
    )


def add_entry(*, actor: Actor, agency: Agency, spec: EntrySpec, now: dt.datetime | None = None) -> Entry:
    """An entry in the week of its day (the week is made when needed); after publication it is marked as
    added and those concerned are told."""
    now = now or timezone.now()
    _check(actor, agency, spec)
    with transaction.atomic():
        week, _made = Week.objects.select_for_update().get_or_create(
            agency=agency, monday=monday_of(spec.day)
        )
        entry = Entry.objects.create(week=week, updated_at=now, **vars(spec))
        if week.is_published:
            with translation.override("vi"):
                entry.changed, entry.change_note = True, _("added after publication")
            entry.save(update_fields=["changed", "change_note"])
            _tell(entry, _("a new engagement"))
        _record(actor, "add", entry, None)
    return entry


def change_entry(*, actor: Actor, entry: Entry, spec: EntrySpec, now: dt.datetime | None = None) -> Entry:
    """Change an entry; after publication it is marked as changed with what changed, and those concerned
    (before and after the change) are told. Moving it to another week is refused: cancel it and add one."""
    now = now or timezone.now()
    agency = entry.week.agency
    _check(actor, agency, spec)
    if monday_of(spec.day) != entry.week.monday:
        raise ValidationError(_("The day must be in the same week; cancel this entry and add a new one."))
    with transaction.atomic():
        locked = Entry.objects.select_for_update().select_related("week__agency").get(pk=entry.pk)
        if locked.cancelled:
            raise ValidationError(_("This entry is cancelled."))
        before = _values(locked)
        old = Entry(**{f: getattr(locked, f) for f in FIELDS}, week=locked.week, updated_at=now)
        for name, value in vars(spec).items():
            setattr(locked, name, value)
        with translation.override("vi"):  # the note is printed on the agency's paper, in Vietnamese
            labels = {f: str(getattr(Entry._meta.get_field(f), "verbose_name", f)) for f in FIELDS}
        moved = [labels[f] for f in FIELDS if getattr(old, f) != getattr(locked, f)]
        if not moved:
            return locked
        locked.updated_at = now
        if locked.week.is_published:
            locked.changed = True
            with translation.override("vi"):
                locked.change_note = (_("changed: %(fields)s") % {"fields": ", ".join(moved)})[:300]
            if old.leader_id != locked.leader_id or old.preparer_unit_id != locked.preparer_unit_id:
                _tell(old, _("an engagement was moved to someone else"))
            _tell(locked, _("an engagement changed (%(fields)s)") % {"fields": ", ".join(moved)})
        locked.save()
        _record(actor, "change", locked, before)
    return locked


def cancel_entry(*, actor: Actor, entry: Entry, reason: str = "", now: dt.datetime | None = None) -> None:
    """Remove an entry: before publication it is deleted; after, it stays marked as cancelled (with the
    reason) and those concerned are told."""
    now = now or timezone.now()
    agency = entry.week.agency
    if not permissions.may_edit(actor, agency):
        raise PermissionDenied(_("Only the office or a leader of the agency edits its work schedule."))
    with transaction.atomic():
        locked = Entry.objects.select_for_update().select_related("week__agency", "leader").get(pk=entry.pk)
        if not locked.week.is_published:
            _record(actor, "cancel", locked, None)
            locked.delete()
            return
        if not reason.strip():
            raise ValidationError(_("Give the reason: the week is already published."))
        locked.cancelled = locked.changed = True
        with translation.override("vi"):
            locked.change_note = (_("cancelled: %(reason)s") % {"reason": reason.strip()})[:300]
        locked.updated_at = now
        locked.save()
        _tell(locked, _("an engagement is cancelled"))
        _record(actor, "cancel", locked, None)


def publish(*, actor: Actor, agency: Agency, monday: dt.date, now: dt.datetime | None = None) -> Week:
    """Publish the week: from now on the agency's staff see it, and later changes are marked. The leaders
    on it are told."""
    now = now or timezone.now()
    if not permissions.may_edit(actor, agency):
        raise PermissionDenied(_("Only the office or a leader of the agency edits its work schedule."))
    with transaction.atomic():
        week, _made = Week.objects.select_for_update().get_or_create(agency=agency, monday=monday_of(monday))
        if week.is_published:
            raise ValidationError(_("This week is already published."))
        if not week.entries.exists():
            raise ValidationError(_("The week has no entry yet."))
        week.published_at = now
        week.published_by = actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[assignment]
        week.save(update_fields=["published_at", "published_by"])
        with translation.override("vi"):
            what = _("the work schedule of the week of %(d)s is published") % {"d": f"{week.monday:%d/%m/%Y}"}
        first_of_each = {e.leader_id: e for e in week.entries.select_related("leader", "preparer_unit")}
        for entry in first_of_each.values():
            _tell(entry, what, unit=False)
        audit.record(
            actor,
            "schedule.publish",
            week,
            after={"monday": week.monday.isoformat()},
            agency_path=agency.path,
        )
    return week
