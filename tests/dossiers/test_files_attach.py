"""Files recorded on a dossier (`files.attach`): several in one INSERT, each a new row that is never
written over, in the order given, each pointing at its stored file with its checksum."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from egov.dossiers import files as filestore
from egov.dossiers.models import Attachment
from tests.dossiers.conftest import MONDAY, receive

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_several_files_are_new_rows_in_order_with_their_checksums(cast, flows):
    d = receive(cast, flows.simple)
    event = d.events.get()
    uploads = [SimpleUploadedFile(f"giay-to-{n}.pdf", PDF + bytes([n]), "application/pdf") for n in (1, 2, 3)]
    stored = filestore.store(uploads, MONDAY)
    rows = filestore.attach(
        d, event, stored, kind=Attachment.Kind.PAPER, actor=cast.desk_officer.user, now=MONDAY
    )
    assert [r.name for r in rows] == ["giay-to-1.pdf", "giay-to-2.pdf", "giay-to-3.pdf"]
    assert all(r.pk is not None for r in rows) and len({r.pk for r in rows}) == 3
    kept = {a.pk: a for a in Attachment.objects.filter(pk__in=[r.pk for r in rows])}
    for row, item in zip(rows, stored, strict=True):
        saved = kept[row.pk]
        assert (saved.file.name, saved.sha256, saved.size, saved.event_id) == (
            item.path,
            item.sha256,
            item.size,
            event.pk,
        )
        assert saved.uploaded_by == cast.desk_officer.user and filestore.verify_attachment(saved)


@pytest.mark.django_db
def test_a_recorded_file_is_never_written_over(cast, flows):
    d = receive(cast, flows.simple)
    stored = filestore.store([SimpleUploadedFile("a.pdf", PDF, "application/pdf")], MONDAY)
    stored += filestore.store([SimpleUploadedFile("b.pdf", PDF + b"b", "application/pdf")], MONDAY)
    first, second = filestore.attach(
        d, d.events.get(), stored, kind=Attachment.Kind.PAPER, actor=None, now=MONDAY
    )
    second.name = "changed.pdf"
    with pytest.raises(ValueError):
        second.save()
    # Nor by a second INSERT with the same key.
    copy = Attachment.objects.get(pk=first.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attachment.objects.bulk_create([copy])
    assert Attachment.objects.get(pk=second.pk).name == "b.pdf"
    assert Attachment.objects.filter(dossier=d).count() == 2
