"""Comparing markup written in Python with the template it replaced."""

from __future__ import annotations

import re


def tags(html: str) -> list[str]:
    """The markup as its tags and texts, the layout's whitespace between them taken out."""
    return [part.strip() for part in re.split(r"(<[^>]+>)", html) if part.strip()]
