"""Run by test_api_race in its own process, on a throw-away database (a fresh SQLite file, or a fresh
PostgreSQL database the test creates and drops): two threads, each with its own connection, file the same
application with the same Idempotency-Key at once (a client that retried before the first answer came).
Each is slowed down after it found no earlier dossier for the key, so both go on to make one. Prints the
outcomes as JSON."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.scratch import start_child

start_child()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402

from egov.dossiers import intake  # noqa: E402
from egov.dossiers.models import Attachment, Dossier, DossierEvent  # noqa: E402
from egov.filing import direct  # noqa: E402
from tests.filing.conftest import ANSWERS_PAGE_1, ANSWERS_PAGE_2, png_bytes  # noqa: E402
from tests.filing.race_world import counter_world  # noqa: E402
from tests.scratch import race, slowed  # noqa: E402

settings.MEDIA_ROOT = tempfile.mkdtemp()
world = counter_world()
connection.close()

slowed(intake, "_earlier", 0.6, when=lambda found: found is None)


def file_once() -> str:
    filed = direct.file_at_once(
        actor=world.citizen,
        procedure=world.online.procedure,
        agency=world.commune,
        applicant={"phone": "0912345678", "address": "Xã An Bình"},
        answers={**ANSWERS_PAGE_1, **ANSWERS_PAGE_2},
        papers=[(world.online.certificate.pk, SimpleUploadedFile("to-khai.png", png_bytes(), "image/png"))],
        idempotency_key="twice",
    )
    return f"{filed.dossier.pk} {filed.created}"


outcomes = race(file_once, file_once)
result = {
    "outcomes": sorted(outcomes),
    "dossiers": list(Dossier.objects.values_list("pk", flat=True)),
    "submits": DossierEvent.objects.filter(action="submit").count(),
    "attachments": Attachment.objects.count(),
    "files": sum(1 for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()),
}
connection.close()
print(json.dumps(result))
