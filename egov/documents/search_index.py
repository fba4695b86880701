"""Keeping the search words of documents: the text of each file read once when it is stored
(`files.keep` calls `remember_text`), and a document's entry rewritten in the transaction of every change
(`services._record` calls `index`). `manage.py index_documents` (re)builds both for what is already stored.

Only PDFs have their text read (pypdf, which pyHanko already needs); a scan without a text layer, an image
or an office file adds no words, and its document is still found by its metadata. The text read is capped
(`TEXT_LIMIT` characters, `PAGE_LIMIT` pages) so one huge file cannot make an entry PostgreSQL refuses
(a tsvector holds at most 1 MB) or a search slow.
"""

from __future__ import annotations

import io
import logging

from django.utils import timezone

from egov.core import signing
from egov.core.text import search_key, search_words
from egov.documents.models import Document, DocumentFile, ExtractedText, SearchEntry
from egov.documents.rules import rules_for

log = logging.getLogger(__name__)

TEXT_LIMIT = 200_000
PAGE_LIMIT = 300


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, page by page, up to the limits; "" for anything pypdf cannot read."""
    from pypdf import PdfReader

    parts: list[str] = []
    size = 0
    try:
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages[:PAGE_LIMIT]:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size >= TEXT_LIMIT:
                break
    except Exception:  # a damaged or encrypted PDF is stored all the same; it just adds no words
        log.warning("could not read the text of a PDF", exc_info=True)
    return "\n".join(parts)[:TEXT_LIMIT]


def remember_text(data: bytes, sha256: str) -> None:
    """Read and keep the words of a file's content once per content (copies share it)."""
    if ExtractedText.objects.filter(sha256=sha256).exists():
        return
    text = pdf_text(data) if signing.is_pdf(data) else ""
    ExtractedText.objects.get_or_create(
        sha256=sha256, defaults={"words": " ".join(search_words(text)), "extracted_at": timezone.now()}
    )


def _type_name(doc: Document) -> str:
    day = doc.issued_on or timezone.localdate(doc.created_at)
    return rules_for(day).types.get(doc.doc_type, "")


def current_files(doc: Document) -> list[DocumentFile]:
    """The last version of the main file, then every attachment: an earlier draft is not the document (its
    words are not searched, a record file's export leaves it out)."""
    files = list(doc.files.all())
    mains = [f for f in files if f.role == DocumentFile.Role.MAIN]
    last = max(mains, key=lambda f: (f.version, f.id), default=None)
    return ([last] if last else []) + [f for f in files if f.role != DocumentFile.Role.MAIN]


def entry_for(doc: Document, texts: dict[str, str]) -> SearchEntry:
    """The entry of `doc`, given the words of its files' contents by SHA-256."""
    meta = search_key(
        doc.number_symbol,
        doc.doc_type,
        _type_name(doc),
        doc.issuer_name,
        doc.summary,
        doc.signer_name,
        doc.signer_position,
        doc.recipients_text,
    )
    body = " | ".join(texts.get(f.sha256, "") for f in current_files(doc))
    return SearchEntry(
        document_id=doc.pk,
        meta=meta,
        body=body[: TEXT_LIMIT * 2],
        issuer_key=search_key(doc.issuer_name)[:250],
        signer_key=search_key(doc.signer_name, doc.signer_position)[:250],
        summary_key=search_key(doc.summary)[:600],
    )


def index(doc: Document) -> None:
    """Rewrite the entry of one document (inside the caller's transaction)."""
    shas = [f.sha256 for f in doc.files.all()]
    texts = dict(ExtractedText.objects.filter(sha256__in=shas).values_list("sha256", "words"))
    entry = entry_for(doc, texts)
    SearchEntry.objects.update_or_create(document_id=doc.pk, defaults={k: getattr(entry, k) for k in FIELDS})


FIELDS = ("meta", "body", "issuer_key", "signer_key", "summary_key")


def reindex_all(*, extract: bool = False, batch: int = 500) -> tuple[int, int]:
    """Rebuild every entry; with `extract`, read every file's text again first (after the folding or the
    extraction changed). Returns (files read, documents indexed)."""
    read = 0
    if extract:
        ExtractedText.objects.all().delete()
    seen = set(ExtractedText.objects.values_list("sha256", flat=True))
    for item in DocumentFile.objects.order_by("id").iterator(chunk_size=batch):
        if item.sha256 in seen:
            continue
        try:
            with item.file.open("rb") as f:
                data = f.read()
        except OSError:
            log.warning("file %s of document %s is missing", item.file.name, item.document_id)
            continue
        remember_text(data, item.sha256)
        seen.add(item.sha256)
        read += 1
    done = 0
    ids = list(Document.objects.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), batch):
        docs = Document.objects.filter(id__in=ids[start : start + batch]).prefetch_related("files")
        docs_list = list(docs)
        shas = {f.sha256 for d in docs_list for f in d.files.all()}
        texts = dict(ExtractedText.objects.filter(sha256__in=shas).values_list("sha256", "words"))
        entries = [entry_for(d, texts) for d in docs_list]
        SearchEntry.objects.filter(document_id__in=[d.pk for d in docs_list]).delete()
        SearchEntry.objects.bulk_create(entries)
        done += len(entries)
    return read, done
