"""Escaping for markup written in Python where a template's loop cost too much (a queue's rows, a dossier's
history, the catalogue's search results)."""

from __future__ import annotations

from html import escape as _escape_text
from typing import Any


def escape(value: Any) -> str:
    """`conditional_escape(value)` (Django's, which a template's `{{ value }}` and `format_html` apply)
    without its lazy-text wrapper: the text of a safe value as it is, any other value escaped."""
    html = getattr(value, "__html__", None)
    return str(html()) if html is not None else _escape_text(str(value))
