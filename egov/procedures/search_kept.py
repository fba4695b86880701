"""The public search's answers kept per process under the catalogue's token (procedures.catalogue_version):
which published procedures a query finds, in their order, and each found procedure's item in the list.

Why: a search page built its two ORM queries (the count and the page, with the words' conditions and the
rank) on every request, about half of the page's CPU (docs/performance.md, "The procedure search kept"),
though what a query finds changes only when the catalogue does. Every key names the token, which every write
that can change a search replaces (a procedure, its agencies, its field), and which each request reads once:
so an answer kept for another catalogue is never found, in this process or any other. Both tables are
bounded (a visitor typing new words makes new keys); past the bound they are dropped and asked again.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from egov.core.markup import Kept
from egov.procedures import catalogue_version, search_markup, selectors

#: {(token, query): the ids found, best first}: at most 1,024 queries (8 bytes an id).
_found: Kept[array[int]] = Kept(limit=1024)
#: {(token, language, script prefix, id): the procedure's item}: the catalogue's procedures in two languages.
_items: Kept[str] = Kept(limit=16_384)


def found(query: selectors.Query) -> array[int]:
    """The ids of the published procedures `selectors.search(query)` finds, in its order."""
    return _found.get(
        (catalogue_version.token(), query),
        lambda: array("q", selectors.search(query).values_list("pk", flat=True)),
    )


def items(ids: Iterable[int]) -> SafeString:
    """The list items of the procedures `ids` (a page of `found`), in that order."""
    token, language, prefix = catalogue_version.token(), get_language() or "", get_script_prefix()
    # Taken into a dict of this page's own: the shared table may be emptied by a `put` below (past its
    # bound), which must not take items of this page with it.
    written = {pk: _items.peek((token, language, prefix, pk)) for pk in ids}
    missing = [pk for pk, item in written.items() if item is None]
    if missing:
        for procedure in selectors.public_procedures().filter(pk__in=missing):
            key = (token, language, prefix, procedure.pk)
            written[procedure.pk] = _items.put(key, search_markup.item(procedure, prefix))
    # A procedure unpublished since its id was found has no item: the token changed, so `found` is asked
    # again on the next request; this one shows what it can. Each item escaped in search_markup.item.
    return mark_safe("\n".join(item for item in written.values() if item is not None))


def forget() -> None:
    """Drop both tables (the tests: a test's catalogue is rolled back, and its token may come again)."""
    _found.clear()
    _items.clear()
