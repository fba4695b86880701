"""Typed readers for EGOV_* environment variables.

Every setting that an operator may change is read here, so a wrong value
stops the process at start-up with a message that names the variable and
what it expects, instead of failing later in a request.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit


class ConfigError(Exception):
    """A configuration value is missing or malformed."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class Env:
    """Reads EGOV_* variables from a mapping (os.environ by default)."""

    source: Mapping[str, str]
    prefix: str = "EGOV_"

    def _raw(self, name: str) -> str | None:
        return self.source.get(self.prefix + name)

    def _fail(self, name: str, value: str, expected: str) -> ConfigError:
        return ConfigError(f"{self.prefix}{name}={value!r}: expected {expected}")

    def text(self, name: str, default: str | None = None) -> str:
        value = self._raw(name)
        if value is None or value == "":
            if default is None:
                raise ConfigError(f"{self.prefix}{name} is required but not set")
            return default
        return value

    def flag(self, name: str, default: bool) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise self._fail(name, value, "one of 1/0, true/false, yes/no, on/off")

    def integer(self, name: str, default: int, minimum: int | None = None, maximum: int | None = None) -> int:
        value = self._raw(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError:
            raise self._fail(name, value, "an integer") from None
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            raise self._fail(name, value, f"an integer between {minimum} and {maximum}")
        return number

    def items(self, name: str, default: list[str]) -> list[str]:
        value = self._raw(name)
        if value is None:
            return default
        return [item.strip() for item in value.split(",") if item.strip()]

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.text(name, default)
        if value not in choices:
            raise self._fail(name, value, "one of " + ", ".join(choices))
        return value

    def weekdays(self, name: str, default: str) -> tuple[int, ...]:
        """Weekday numbers, Monday=0 ... Sunday=6, e.g. '0,1,2,3,4'."""
        value = self.text(name, default)
        try:
            days = tuple(sorted({int(item) for item in value.split(",") if item.strip()}))
        except ValueError:
            days = ()
        if not days or not set(days) <= set(range(7)):
            raise self._fail(name, value, "comma-separated weekday numbers from 0 (Monday) to 6 (Sunday)")
        return days

    def path(self, name: str, default: Path) -> Path:
        value = self._raw(name)
        return Path(value).expanduser().resolve() if value else default

    def database(self, name: str, default_sqlite: Path) -> dict[str, object]:
        """Parse a database URL: sqlite:///abs/path or postgres://user:pass@host:port/db?opt=v."""
        value = self._raw(name)
        max_age = self.integer("DB_CONN_MAX_AGE", 600, minimum=0)
        if not value:
            return sqlite_database(default_sqlite, max_age)
        parts = urlsplit(value)
        if parts.scheme == "sqlite":
            path = unquote(parts.path)
            if not path or path == "/":
                raise self._fail(name, value, "sqlite:///absolute/path/to/file.sqlite3")
            return sqlite_database(Path(path), max_age)
        if parts.scheme in ("postgres", "postgresql"):
            db_name = unquote(parts.path.lstrip("/"))
            if not db_name:
                raise self._fail(name, value, "postgres://user:password@host:5432/database")
            try:
                port = parts.port
            except ValueError:
                raise self._fail(name, value, "a numeric port") from None
            options = dict(parse_qsl(parts.query))
            return {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": db_name,
                "USER": unquote(parts.username or ""),
                "PASSWORD": unquote(parts.password or ""),
                "HOST": parts.hostname or "",
                "PORT": str(port or ""),
                # Persistent connections: a new PostgreSQL connection per request
                # costs 4x in throughput (docs/performance.md).
                "CONN_MAX_AGE": max_age,
                "CONN_HEALTH_CHECKS": True,
                "OPTIONS": options,
            }
        raise self._fail(name, value, "a sqlite:/// or postgres:// URL")

    def clock(self, name: str, default: str) -> list[tuple[time, time]]:
        """Office hours as 'HH:MM-HH:MM,HH:MM-HH:MM' (morning and afternoon sessions)."""
        value = self.text(name, default)
        sessions: list[tuple[time, time]] = []
        try:
            for chunk in value.split(","):
                start_text, end_text = chunk.strip().split("-")
                start, end = time.fromisoformat(start_text.strip()), time.fromisoformat(end_text.strip())
                if start >= end or (sessions and start < sessions[-1][1]):
                    raise ValueError
                sessions.append((start, end))
        except ValueError:
            raise self._fail(name, value, "ordered sessions like 07:30-11:30,13:30-17:00") from None
        return sessions


def sqlite_database(path: Path, max_age: int = 600) -> dict[str, object]:
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # Persistent connections here too: opening the file and running the PRAGMAs below on every request
        # was a measurable part of a short request (docs/performance.md); the PRAGMAs run once per connection.
        "CONN_MAX_AGE": max_age,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # WAL lets readers and one writer work at once; IMMEDIATE takes the write
            # lock at BEGIN so two transitions never deadlock on a lock upgrade.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }


def from_os() -> Env:
    return Env(os.environ)
