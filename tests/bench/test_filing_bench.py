"""The filing bench's own parts that its figures rest on: the paper it sends is a real 200 KB PDF that egov
accepts, and its check afterwards finds a stored file that is not exactly what was sent."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pyhanko.pdf_utils.reader import PdfFileReader

from egov.dossiers import files as filestore
from egov.filing import services
from egov.filing.models import DraftPaper
from tests.filing.conftest import _media, citizen, filled_draft, online  # noqa: F401  (fixtures)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from filing_http import FILE_SIZE, numbered, pdf_template
from filing_snippets import EGOV_CHECK_SNIPPET


def test_the_bench_paper_is_a_200_kb_pdf_that_the_upload_check_accepts_and_a_reader_opens():
    data = numbered(pdf_template(), 1234567890123)
    assert len(data) == FILE_SIZE == 200 * 1024
    [checked] = filestore.check_uploads([SimpleUploadedFile("giay-to-1.pdf", data)])
    assert checked.kind == "pdf"
    reader = PdfFileReader(io.BytesIO(data))
    assert reader.root["/Pages"]["/Count"] == 1


def _check(tmp_path, monkeypatch, capsys, draft_ids, template):
    (tmp_path / "paper.pdf").write_bytes(template)
    (tmp_path / "ids.json").write_text(json.dumps(draft_ids))
    monkeypatch.setenv("FILEBENCH_PDF", str(tmp_path / "paper.pdf"))
    monkeypatch.setenv("FILEBENCH_IDS", str(tmp_path / "ids.json"))
    capsys.readouterr()
    exec(EGOV_CHECK_SNIPPET, {})  # as `manage.py shell -c` runs it
    out = capsys.readouterr().out
    return json.loads(out[out.index("FILEBENCH") + len("FILEBENCH") :])


@pytest.mark.django_db
def test_the_bench_check_passes_files_as_sent_and_finds_one_changed_in_storage(
    online,  # noqa: F811
    citizen,  # noqa: F811
    tmp_path,
    monkeypatch,
    capsys,
):
    template = pdf_template()
    draft = filled_draft(online, citizen, papers=False)
    sent = numbered(template, draft.pk * 10 + 1)
    upload = SimpleUploadedFile("giay-to-1.pdf", sent)
    services.add_upload(actor=citizen, draft=draft, requirement=online.certificate, upload=upload)
    services.submit(actor=citizen, draft=draft)

    result = _check(tmp_path, monkeypatch, capsys, [draft.pk], template)
    # The draft's upload and the dossier's attachment (the same stored file), both as sent.
    assert result == {"files": 2, "missing": [], "bad": [], "dossiers": 1}

    paper = DraftPaper.objects.get(draft=draft)
    Path(filestore.storage().path(paper.file.name)).write_bytes(numbered(template, draft.pk * 10 + 2))
    result = _check(tmp_path, monkeypatch, capsys, [draft.pk], template)
    assert len(result["bad"]) == 2 and result["missing"] == []
