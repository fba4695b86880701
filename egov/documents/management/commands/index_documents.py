"""(Re)build the search words of every document: `manage.py index_documents [--extract]`.

Run it once after installing the search (documents stored before it have no entry), and with `--extract`
after the text folding or the extraction changed, so every file's text is read again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from egov.documents import search_index


class Command(BaseCommand):
    help = "Rebuild the search index of the documents (docs/documents.md, Search)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--extract", action="store_true", help="read the text of every file again")

    def handle(self, *args: Any, extract: bool = False, **options: Any) -> None:
        read, indexed = search_index.reindex_all(extract=extract)
        if options.get("verbosity", 1):
            self.stdout.write(f"{read} files read, {indexed} documents indexed")
