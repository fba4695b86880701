"""Writing the audit log. Every service that changes data calls `record` inside its transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import uuid
from collections.abc import Iterable
from typing import Any, Protocol

from django.db import models

from egov.core import statements
from egov.core.models import AuditEntry


class Actor(Protocol):
    """The person (or set-up code) a service acts for: every service takes it as `actor: Actor`.

    A signed-in `accounts.User` and `SystemActor` both satisfy it; an anonymous visitor does not act
    through services that need one.
    """

    # Read-only members, so that a User (whose is_authenticated is a property) satisfies the protocol.
    @property
    def pk(self) -> Any: ...
    @property
    def is_authenticated(self) -> bool: ...
    @property
    def is_superuser(self) -> bool: ...
    @property
    def is_active(self) -> bool: ...

    def get_full_name(self) -> str: ...


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values as JSON-safe data (foreign keys by id)."""
    names = _attnames(instance._meta.model, tuple(fields) if fields else ())  # not type(): a lazy user
    return {name: _jsonable(getattr(instance, attname)) for name, attname in names}


@functools.cache
def _attnames(model: type[models.Model], fields: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each field's name and attribute (a foreign key's id), once per model and list of fields (every
    move takes two snapshots); no fields: all the concrete ones."""
    meta = model._meta
    names = fields or tuple(f.name for f in meta.concrete_fields)
    return tuple((name, meta.get_field(name).attname) for name in names)  # type: ignore[union-attr]


_PLAIN = (str, int, bool, float, type(None))


def _jsonable(value: Any) -> Any:
    if type(value) in _PLAIN:  # most values: nothing to convert
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def changed(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[dict | None, dict | None]:
    """Keep only the keys whose values differ, so the log shows what really changed."""
    if before is None or after is None:
        return before, after
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(
    actor: Any,
    action: str,
    obj: models.Model,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    agency_path: str = "",
    ip: str | None = None,
) -> AuditEntry:
    before, after = changed(before, after)
    actor_id = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None
    # Written by every change of every app: the INSERT is built once per process (egov.core.statements).
    entry = AuditEntry(
        actor_id=actor_id,
        actor_name=(actor.get_full_name() if actor_id else "system")[:200],
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        agency_path=agency_path,
        before=before,
        after=after,
        ip=ip,
    )
    statements.insert(entry, append_only=True)  # AuditEntry.save refuses rows with a key: this has none
    return entry


class SystemActor:
    """The actor of set-up code (demo, loaders): a superuser that is never saved; the log shows "system"."""

    is_authenticated = True
    is_superuser = True
    is_active = True
    pk = None

    def __init__(self, name: str = "system") -> None:
        self.name = name

    def get_full_name(self) -> str:
        return self.name
