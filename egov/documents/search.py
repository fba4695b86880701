"""Search over all documents a person may read: every metadata field, the text of the files, ranked
(Decree 30/2020 Appendix VI, Part I, III.6.d: "tìm kiếm văn bản, hồ sơ đối với tất cả các trường thông tin
đầu vào … và nội dung của văn bản"; III.6.g: the order of the results).

One code path builds the question: the filters become a Django queryset over `Document.objects.visible_to`
(documents/permissions.py), the words typed are folded by `egov.core.text.search_words` exactly as the
stored words were (`search_index`), so "đăng ký đất đai" and "dang ky dat dai" are one question. Only the
ranked match differs by database, in `_MATCH`: SQLite FTS5 (`bm25`, the metadata weighing ten times the
files' text) or PostgreSQL full text (`ts_rank` over a tsvector whose metadata has weight A, the text B).
A number typed any way ("1565/QĐ-UBND", "1565/QD-UBND", "1565 qd ubnd") is first looked up in the
indexed `number_symbol_key` column: those documents come first, then the ranked matches of the words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from egov.core.text import QUERY_LIMIT, search_words, words_condition
from egov.documents import numbering
from egov.documents.models import Document, Register

#: More words than this are ignored: a pasted paragraph must not become a query of hundreds of terms.
WORD_LIMIT = 16
#: Numbers matched by `number_symbol_key` shown before the ranked matches, at most.
NUMBER_LIMIT = 50
#: Counting stops here: "more than 1,000" (as `core.paging`).
COUNT_BOUND = 1000
#: The most rows an export writes.
EXPORT_LIMIT = 5000


@dataclass(frozen=True)
class Criteria:
    """What a search asks; every field optional. Text fields are matched word by word, folded."""

    text: str = ""
    number: str = ""
    doc_type: str = ""
    issuer: str = ""
    summary: str = ""
    signer: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    urgency: str = ""
    register: Register | None = None
    direction: str = ""
    status: str = ""

    def words(self) -> list[str]:
        return search_words(self.text[:QUERY_LIMIT])[:WORD_LIMIT]

    @property
    def empty(self) -> bool:
        return not any(v for v in vars(self).values())


@dataclass
class Results:
    documents: list[Document]
    #: Matching documents, counted up to COUNT_BOUND + 1 (more than COUNT_BOUND).
    total: int
    offset: int = 0
    limit: int = 20
    numbers: int = 0
    words: list[str] = field(default_factory=list)

    @property
    def more_than_bound(self) -> bool:
        return self.total > COUNT_BOUND


def _key_filter(qs: QuerySet[Document], column: str, text: str) -> QuerySet[Document]:
    condition = words_condition(f"search_entry__{column}", text[:QUERY_LIMIT])
    return qs.filter(condition) if condition is not None else qs.none()


def filtered(user: Any, c: Criteria) -> QuerySet[Document]:
    """The documents `user` may read that pass every filter but the ranked words."""
    qs: QuerySet[Document] = Document.objects.visible_to(user)
    if c.number.strip():
        qs = qs.filter(_number_q(c.number))
    exact = {
        "doc_type": c.doc_type,
        "urgency": c.urgency,
        "direction": c.direction,
        "status": c.status,
        "register": c.register,
    }
    qs = qs.filter(**{k: v for k, v in exact.items() if v})
    if c.date_from:
        qs = qs.filter(issued_on__gte=c.date_from)
    if c.date_to:
        qs = qs.filter(issued_on__lte=c.date_to)
    for column, text in (("issuer_key", c.issuer), ("signer_key", c.signer), ("summary_key", c.summary)):
        if text.strip():
            qs = _key_filter(qs, column, text)
    return qs


def _number_q(typed: str) -> Q:
    """A number and symbol typed any way: the whole key, or its number followed by any symbol."""
    key = numbering.lookup_key(typed[:100])
    if not key:
        return Q(pk__in=[])
    return Q(number_symbol_key=key) | Q(number_symbol_key__startswith=key + " ")


def _looks_like_number(text: str) -> bool:
    key = numbering.lookup_key(text[:100])
    return bool(key) and key[0].isdigit()


# -- the ranked match, per database ----------------------------------------------------------------------

_MATCH = {
    # FTS5: every word as a quoted string (a word is [0-9a-z]+, so no operator can be typed); bm25 is
    # lower for a better match; the metadata weighs ten times the text. The readable documents are joined
    # as a subquery: SQLite materialises it once, where "rowid IN (subquery)" ran 100× slower.
    "sqlite": (
        "SELECT f.rowid FROM documents_search_fts f JOIN ({ids}) v ON v.pk = f.rowid "
        "WHERE documents_search_fts MATCH %s {exclude} "
        "ORDER BY bm25(documents_search_fts, 10.0, 1.0), f.rowid DESC",
        "SELECT count(*) FROM (SELECT f.rowid FROM documents_search_fts f JOIN ({ids}) v ON v.pk = f.rowid "
        "WHERE documents_search_fts MATCH %s {exclude} LIMIT %s)",
        "f.rowid",
    ),
    "postgresql": (
        "SELECT e.document_id FROM documents_searchentry e JOIN ({ids}) v ON v.pk = e.document_id "
        "WHERE e.tsv @@ to_tsquery('simple', %s) {exclude} "
        "ORDER BY ts_rank(e.tsv, to_tsquery('simple', %s)) DESC, e.document_id DESC",
        "SELECT count(*) FROM (SELECT e.document_id FROM documents_searchentry e JOIN ({ids}) v "
        "ON v.pk = e.document_id WHERE e.tsv @@ to_tsquery('simple', %s) {exclude} LIMIT %s) AS m",
        "e.document_id",
    ),
}


def _match_expression(words: list[str]) -> str:
    if connection.vendor == "postgresql":
        return " & ".join(words)
    return " ".join(f'"{w}"' for w in words)


def _ranked(
    qs: QuerySet[Document], words: list[str], exclude: list[int], offset: int, limit: int
) -> list[int]:
    select, _count, column = _MATCH[connection.vendor]
    ids_sql, ids_params = qs.order_by().values("pk").query.sql_with_params()
    skip = f"AND {column} NOT IN ({', '.join(['%s'] * len(exclude))})" if exclude else ""
    expr = _match_expression(words)
    sql = select.format(ids=ids_sql, exclude=skip) + " LIMIT %s OFFSET %s"
    params: list[Any] = [*ids_params, expr, *exclude]
    if connection.vendor == "postgresql":
        params.append(expr)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


def _ranked_count(qs: QuerySet[Document], words: list[str], exclude: list[int]) -> int:
    _select, count, column = _MATCH[connection.vendor]
    ids_sql, ids_params = qs.order_by().values("pk").query.sql_with_params()
    skip = f"AND {column} NOT IN ({', '.join(['%s'] * len(exclude))})" if exclude else ""
    with connection.cursor() as cursor:
        cursor.execute(
            count.format(ids=ids_sql, exclude=skip),
            [*ids_params, _match_expression(words), *exclude, COUNT_BOUND + 1 - len(exclude)],
        )
        return int(cursor.fetchone()[0])


def _rows(ids: list[int]) -> list[Document]:
    by_id = Document.objects.select_related("agency", "register").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def search(user: Any, c: Criteria, *, offset: int = 0, limit: int = 20) -> Results:
    """One page of the documents `user` may read that match `c`, best first.

    Without words: the newest first (by date of the document, then of entry). With words: the documents
    whose number and symbol is the text typed (if it looks like a number), then the ranked matches."""
    qs = filtered(user, c)
    words = c.words()
    if c.text.strip() and not words:  # only punctuation or symbols: nothing, never everything
        return Results([], 0, offset, limit)
    if not words:
        page = qs.order_by("-issued_on", "-created_at", "-id")
        total = page.order_by()[: COUNT_BOUND + 1].count()
        ids = list(page.values_list("pk", flat=True)[offset : offset + limit])
        return Results(_rows(ids), total, offset, limit)
    numbers: list[int] = []
    if _looks_like_number(c.text):
        by_number = qs.filter(_number_q(c.text)).order_by("-issued_on", "-id")
        numbers = list(by_number.values_list("pk", flat=True)[:NUMBER_LIMIT])
    head = numbers[offset : offset + limit]
    rest_offset = max(0, offset - len(numbers))
    rest = _ranked(qs, words, numbers, rest_offset, limit - len(head)) if len(head) < limit else []
    total = len(numbers) + _ranked_count(qs, words, numbers)
    return Results(_rows(head + rest), total, offset, limit, len(numbers), words)


def export_rows(user: Any, c: Criteria) -> list[Document]:
    """Every result of the search in its order, up to EXPORT_LIMIT."""
    return search(user, c, offset=0, limit=EXPORT_LIMIT).documents
