"""A paginator whose count stops early: "more than 1,000" instead of counting every row.

A work queue of a large agency holds tens of thousands of open dossiers at a million; counting them all on
every page view reads them all, though an officer looks at the first pages. This paginator counts at most
`bound` rows, or further when the page asked for lies deeper, so the page asked for and the next one are
always reachable (docs/performance.md, "Counts that do not scan"). With `fetch`, a page is read in two
steps: the ids, sorted, up to the bound, from the filter's own index — their number is the count and the
page's ids are a slice of them, so the filter runs once, not once to count and again for the page — then
the rows with what they show (a "deferred join"), so the sort touches index entries only, not every
matching row with its joins. With `count_ids` as well, the count is its own bounded count (no sort) and
the page reads only the keys up to its end, in an index kept in the list's order: at ten million dossiers
reading the first 1,001 keys sorted cost a queue 4.5 ms, the count and the page 1.5 ms (docs/performance.md,
"A queue's page in the index's order"). The filter then runs twice, and the two statements see the rows
each at its own moment: a dossier that moves between them can leave the last page one row short or
long until the next view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_BOUND = 1000
#: The deepest page counted towards: a page number typed beyond it (page=10**18) would make the bound, and
#: the LIMIT of the statement reading the keys, too large for the database's integers (SQLite: a 500).
#: 10,000 pages are far more than anyone pages through; a deeper number shows the last page reached.
DEEPEST_PAGE = 10_000


def bounded_count(rows: QuerySet[Any], bound: int = COUNT_BOUND) -> int:
    """The rows of `rows`, counted up to bound + 1 at most: bound + 1 means "more than bound"."""
    # The order does not change a count, and sorting would cost.
    return rows.order_by()[: bound + 1].count()


class BoundedPaginator(Paginator):
    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *,
        page: Any = None,
        bound: int | None = None,
        fetch: Callable[[list[Any]], Iterable[Any]] | None = None,
        find_ids: Callable[[int], list[Any]] | None = None,
        count_ids: Callable[[int], int] | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.fetch = fetch
        #: With `fetch`, how to read the keys instead of the QuerySet's `values_list`: `find_ids(n)` gives
        #: the first n keys in the list's order (a statement kept compiled, egov.dossiers.selectors).
        self.find_ids = find_ids
        #: With `find_ids`, how to count apart: `count_ids(bound)` counts the rows up to bound + 1, and a
        #: page asks `find_ids` for the keys up to its own end only.
        self.count_ids = count_ids if find_ids is not None else None
        try:
            wanted = min(max(int(page), 1), DEEPEST_PAGE)
        except (TypeError, ValueError):
            wanted = 1
        # Count one page past the one asked for, so its "next" link shows when more rows follow.
        self.bound = max(COUNT_BOUND if bound is None else bound, (wanted + 1) * per_page)

    @cached_property
    def ids(self) -> list[Any]:
        """With `fetch`: the keys of the rows in the list's order, up to bound + 1, in one query. On a
        million dossiers the filter's own work (the index entries, the rows it must still test) is most of
        a queue's SQL: a count and then a page paid it twice."""
        if self.find_ids is not None:
            return self.find_ids(self.bound + 1)
        rows = self.object_list
        assert isinstance(rows, QuerySet)  # `fetch` is given with a QuerySet or `find_ids` (see `page`)
        return list(rows.values_list("pk", flat=True)[: self.bound + 1])

    @cached_property
    def count(self) -> int:
        """The rows, up to bound + 1: bound + 1 means "more than bound" (see `more`)."""
        rows = self.object_list
        if self.count_ids is not None:
            return self.count_ids(self.bound)
        if self._by_ids:
            return len(self.ids)
        if isinstance(rows, QuerySet):
            return bounded_count(rows, self.bound)
        return len(rows[: self.bound + 1])

    @property
    def _by_ids(self) -> bool:
        return self.fetch is not None and (
            self.find_ids is not None or isinstance(self.object_list, QuerySet)
        )

    def page(self, number: Any) -> Page:
        """With `fetch`: the page's ids first (a slice of `ids`, or with `count_ids` of `find_ids` to the
        page's end; the index answers alone, sorted on its columns), then `fetch(ids)` for the rows with
        all they show, kept in the ids' order."""
        if not self._by_ids:
            return super().page(number)
        assert self.fetch is not None
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if self.count_ids is not None:
            assert self.find_ids is not None
            # To the page's end, not the count's: one statement per page depth, whatever the count.
            ids = self.find_ids(bottom + self.per_page)[bottom:top] if top > bottom else []
        else:
            ids = self.ids[bottom:top]
        found = {row.pk: row for row in self.fetch(ids)} if ids else {}
        return Page([found[pk] for pk in ids if pk in found], number, self)

    @property
    def more(self) -> bool:
        """Whether there are more rows than `bound` (the count shown is then "more than bound")."""
        return self.count > self.bound
