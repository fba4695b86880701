"""Escaping for markup written in Python where a template's loop cost too much (a queue's rows, a dossier's
history, the catalogue's search results), and markup kept per process where every viewer gets the same."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from html import escape as _escape_text
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def escape(value: Any) -> str:
    """`conditional_escape(value)` (Django's, which a template's `{{ value }}` and `format_html` apply)
    without its lazy-text wrapper: the text of a safe value as it is, any other value escaped."""
    html = getattr(value, "__html__", None)
    return str(html()) if html is not None else _escape_text(str(value))


def mark_selected(options: str, value: Any) -> str:
    """`options` (`<option value="…">` written without a choice) with the first option of `value` marked
    selected, as Django's single select and a template comparing each option mark only the first ("" is a
    value too: a select's "All" option)."""
    if value is None:
        return options
    tag = f'<option value="{escape(value)}">'
    return options.replace(tag, tag[:-1] + " selected>", 1)


class Kept(Generic[T]):
    """Markup written once per key and kept per process. The key names everything the markup depends on (the
    build token of the lists it shows, the language…), so a new build is a new key and a stale copy is never
    used; past `limit` keys, which only old builds make, they are all dropped."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._written: dict[Hashable, T] = {}

    def get(self, key: Hashable, write: Callable[[], T]) -> T:
        found = self._written.get(key)
        if found is None:
            found = self.put(key, write())
        return found

    def peek(self, key: Hashable) -> T | None:
        """What is kept under `key`, or None (a caller that writes what is missing for many keys at once)."""
        return self._written.get(key)

    def clear(self) -> None:
        self._written.clear()

    def put(self, key: Hashable, value: T) -> T:
        if len(self._written) > self.limit:
            self._written.clear()
        self._written[key] = value
        return value
