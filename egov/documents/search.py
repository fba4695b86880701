"""Search over all documents a person may read: every metadata field, the text of the files, ranked
(Decree 30/2020 Appendix VI, Part I, III.6.d: "tìm kiếm văn bản, hồ sơ đối với tất cả các trường thông tin
đầu vào … và nội dung của văn bản"; III.6.g: the order of the results).

One code path builds the question: the filters become a Django queryset over `Document.objects.visible_to`
(documents/permissions.py), the words typed are folded by `egov.core.text.search_words` exactly as the
stored words were (`search_index`), so "đăng ký đất đai" and "dang ky dat dai" are one question. Only the
ranked match differs by database, in `_matching`: SQLite FTS5 (`bm25`, the metadata weighing ten times the
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
from django.db.models.expressions import RawSQL

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
    if connection.vendor == "sqlite":
        # SQLite uses no index for Django's LIKE … ESCAPE; a range on the key does ("x " ≤ k < "x!").
        return Q(number_symbol_key=key) | Q(number_symbol_key__gte=key + " ", number_symbol_key__lt=key + "!")
    # PostgreSQL: the column's varchar_pattern_ops index serves the prefix (a range would follow the
    # database's collation, where a space may not sort first).
    return Q(number_symbol_key=key) | Q(number_symbol_key__startswith=key + " ")


def _looks_like_number(text: str) -> bool:
    key = numbering.lookup_key(text[:100])
    return bool(key) and key[0].isdigit()


# -- the ranked match, per database ----------------------------------------------------------------------
#
# The match joins the readable, filtered documents as one query, so the engine starts from the words' few
# matches when they are rare and the permission is checked on those rows only. The words become quoted FTS5
# strings or `&`-joined tsquery terms; a word is only [0-9a-z], so no operator typed by a user reaches the
# engine. FTS5's bm25 is lower for a better match (the metadata weighs ten times the text); ts_rank is
# higher, hence its minus sign.


def _match_expression(words: list[str]) -> str:
    if connection.vendor == "postgresql":
        return " & ".join(words)
    return " ".join(f'"{w}"' for w in words)


def _matching(qs: QuerySet[Document], words: list[str]) -> tuple[QuerySet[Document], RawSQL]:
    """The documents of `qs` whose words match, and the expression to sort them by (best first)."""
    expr = _match_expression(words)
    if connection.vendor == "postgresql":
        tsquery = "to_tsquery('simple', %s)"
        matched = qs.filter(search_entry__isnull=False).extra(
            where=[f"documents_searchentry.tsv @@ {tsquery}"], params=[expr]
        )
        return matched, RawSQL(f"-ts_rank(documents_searchentry.tsv, {tsquery})", [expr])
    matched = qs.extra(
        tables=["documents_search_fts"],
        where=["documents_search_fts.rowid = documents_document.id", "documents_search_fts MATCH %s"],
        params=[expr],
    )
    return matched, RawSQL("bm25(documents_search_fts, 10.0, 1.0)", [])


def _ranked(
    qs: QuerySet[Document], words: list[str], exclude: list[int], offset: int, limit: int
) -> list[int]:
    matched, score = _matching(qs.exclude(pk__in=exclude) if exclude else qs, words)
    return list(matched.order_by(score.asc(), "-id").values_list("pk", flat=True)[offset : offset + limit])


def _ranked_count(qs: QuerySet[Document], words: list[str], exclude: list[int]) -> int:
    matched, _score = _matching(qs.exclude(pk__in=exclude) if exclude else qs, words)
    return matched.order_by()[: COUNT_BOUND + 1 - len(exclude)].count()


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
