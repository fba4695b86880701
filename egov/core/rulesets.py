"""Legal rules kept as data: a folder of JSON rule sets, each with its "version" and "effective_from" date,
and the one in force on a day. The apps wrap each set's data in their own class (documents' Decree 30 rules,
the exchange's status codes)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar


class Dated(Protocol):
    @property
    def effective_from(self) -> dt.date: ...


T = TypeVar("T", bound=Dated)


def load(folder: Path, make: Callable[[str, dt.date, dict[str, Any]], T]) -> tuple[T, ...]:
    """Every `*.json` set of `folder`, made into `make(version, effective_from, data)`, oldest first."""
    sets = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        sets.append(make(data["version"], dt.date.fromisoformat(data["effective_from"]), data))
    return tuple(sorted(sets, key=lambda s: s.effective_from))


def in_force(sets: Sequence[T], day: dt.date) -> T:
    """The set in force on `day`: the latest that took effect by then, else the earliest of all."""
    current = sets[0]
    for rule_set in sets:
        if rule_set.effective_from <= day:
            current = rule_set
    return current
