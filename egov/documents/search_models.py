"""What document search reads: the folded words of each document and of each stored file's text, and the
searches people keep (Decree 30/2020 Appendix VI, Part I, III.6.d-e: search every field and the content;
save and reuse a search).

`SearchEntry` holds a document's words folded by `egov.core.text.search_words` (marks and đ removed, i/y
variants made equal), in two ranked parts: `meta` (number and symbol, type, issuer, summary, signer,
recipients) and `body` (the text of its files). The ranked index over them is the database's own: an FTS5
table kept by triggers on SQLite, a generated tsvector column with a GIN index on PostgreSQL (migration
0002; docs/documents.md, "Search"). `ExtractedText` is the text of one file's content, keyed by its SHA-256,
so the copies of an issued document (which point at the same stored file) are read once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExtractedText(models.Model):
    """The folded words of a file's content (PDF text; nothing for a scan without a text layer)."""

    sha256 = models.CharField(max_length=64, unique=True)
    words = models.TextField(blank=True)
    extracted_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.sha256


class SearchEntry(models.Model):
    """One document's searchable words, rewritten by `search_index.index` with every change."""

    document = models.OneToOneField(
        "documents.Document", on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    meta = models.TextField(blank=True)
    body = models.TextField(blank=True)
    issuer_key = models.CharField(max_length=250, blank=True)
    signer_key = models.CharField(max_length=250, blank=True)
    summary_key = models.CharField(max_length=600, blank=True)

    def __str__(self) -> str:
        return str(self.document_id)


class SavedSearch(models.Model):
    """A search a person keeps under a name: the search page's own query string."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    query = models.TextField(_("search"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="documents_saved_search_name_per_user")
        ]

    def __str__(self) -> str:
        return self.name
