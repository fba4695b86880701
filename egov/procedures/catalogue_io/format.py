"""The catalogue format's name, the shape of import errors, and where a value sits in a JSON file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

FORMAT = "egov-catalogue/1"

Path = tuple[Any, ...]


def dec(value: Decimal) -> str:
    """A decimal as the format writes it: no exponent, no trailing zeros ("3", "0.5", "100000")."""
    text = format(value.normalize(), "f")
    return text


@dataclass
class ImportIssue:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ImportResult:
    errors: list[ImportIssue] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    fields_changed: int = 0
    #: Codes of the linked groups the file created or changed (catalogue_io.groups).
    groups_changed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


Locate = Callable[[Path], str]


def json_locate(data: Any) -> Locate:
    """Where a value sits in a JSON catalogue, in words."""

    def locate(path: Path) -> str:
        if not path:
            return _("The file")
        if path[0] == "fields" and len(path) > 1:
            return _("Field no. %(n)s, key %(key)s") % {"n": path[1] + 1, "key": path[-1]}
        if path[0] == "procedures" and len(path) > 1:
            index = path[1]
            try:
                code = data["procedures"][index].get("code") or "?"
            except (KeyError, IndexError, TypeError, AttributeError):
                code = "?"
            where = _("Procedure no. %(n)s (%(code)s)") % {"n": index + 1, "code": code}
            rest = [str(p + 1) if isinstance(p, int) else str(p) for p in path[2:]]
            return f"{where}, {' › '.join(rest)}" if rest else where
        return " › ".join(str(p) for p in path)

    return locate
