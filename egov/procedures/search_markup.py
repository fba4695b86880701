"""The public search page's selects and result items, written in Python.

The page lists up to twenty procedures and offers every field, level and agency in its selects (74
agencies in the demo province); the template's loops over them were four fifths of the page's CPU
(docs/performance.md, "The procedure search written in Python"). The options are written once per build of
the cached facets and language, and each page only marks the chosen one; each result item is written once per
catalogue, language and script prefix (egov.procedures.search_kept keeps them), each address reversed once per
procedure and script prefix. The markup is the template's, item for
item (`tests/procedures/test_search_markup.py` renders the loops they replaced beside them).
"""

from __future__ import annotations

import functools
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from egov.core.markup import Kept, mark_selected
from egov.core.markup import escape as _e
from egov.procedures.models import Level
from egov.procedures.selectors import Query

#: {(build of the facets, language): {select: its options, none chosen}}.
_written: Kept[dict[str, str]] = Kept(limit=32)


def select_options(lists: dict[str, Any], query: Query) -> dict[str, SafeString]:
    """The options of the field, level and agency selects (after "All"), the query's choice marked."""
    written = _written.get((lists["token"], get_language() or ""), lambda: _options(lists))
    chosen = {"field": query.field, "level": query.level, "agency": query.agency}
    # Each one escaped in the writing.
    return {name: mark_safe(mark_selected(options, chosen[name])) for name, options in written.items()}


def _options(lists: dict[str, Any]) -> dict[str, str]:
    return {
        "field": "".join(f'<option value="{_e(f.code)}">{_e(f.name)}</option>' for f in lists["fields"]),
        "level": "".join(
            f'<option value="{_e(f.value)}">{_e(Level(f.value).label)}</option>' for f in lists["levels"]
        ),
        "agency": "".join(f'<option value="{_e(a.pk)}">{_e(a.name)}</option>' for a in lists["agencies"]),
    }


def item(p: Any, prefix: str) -> str:
    """A found procedure as the list's item: code and name linking to the procedure's page, then its field,
    time limit and service level; each value escaped (egov.procedures.search_kept keeps them)."""
    about = f"{_e(p.field.name)} · {_e(p.time_limit_text)} · {_e(p.get_service_level_display())}"
    return (
        f'<li><a href="{_e(_detail_url(p.code, prefix))}"><span class="code">{_e(p.code)}</span>'
        f'{_e(p.name)}</a>\n<div class="muted">{about}</div></li>'
    )


@functools.lru_cache(maxsize=4096)
def _detail_url(code: str, prefix: str) -> str:
    """A procedure page's address: the same for every page that lists it (per script prefix)."""
    return reverse("procedures:detail", args=[code])
