"""Run by test_api_race in its own process, on a throw-away database (a fresh SQLite file, or a fresh
PostgreSQL database the test creates and drops): two threads, each with its own connection, file the same
application with the same Idempotency-Key at once (a client that retried before the first answer came).
Each is slowed down after it found no earlier dossier for the key, so both go on to make one. Prints the
outcomes as JSON."""

from __future__ import annotations

import json
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.scratch import start_child

start_child()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402

from egov.dossiers import intake  # noqa: E402
from egov.dossiers.models import Attachment, Dossier, DossierEvent  # noqa: E402
from egov.filing import direct  # noqa: E402
from egov.organizations.models import AgencyKind, Role  # noqa: E402
from tests.factories import make_agency, make_citizen, make_staff  # noqa: E402
from tests.filing.conftest import ANSWERS_PAGE_1, ANSWERS_PAGE_2, online_procedure, png_bytes  # noqa: E402

settings.MEDIA_ROOT = tempfile.mkdtemp()
SLOW = 0.6
root = make_agency("UBND tỉnh", AgencyKind.PROVINCE, code="000.00.00.H99")
justice = make_agency("Sở Tư pháp", AgencyKind.DEPARTMENT, root, code="000.00.01.H99")
office = make_agency("Phòng", AgencyKind.OFFICE, justice, code="000.01.01.H99")
commune = make_agency("UBND xã", AgencyKind.COMMUNE, root, code="000.00.31.H99", has_counter=True)
make_staff("motcua", commune, (Role.DESK_OFFICER,))
online = online_procedure(root=root, justice=justice, office=office, counter=commune)
citizen = make_citizen("congdan", id_number="001090012345", verified=True)
connection.close()

original = intake._earlier


def slow(*args: Any, **kwargs: Any) -> Any:
    found = original(*args, **kwargs)
    if found is None:
        time.sleep(SLOW)
    return found


intake._earlier = slow  # type: ignore[assignment]
barrier = threading.Barrier(2)
outcomes = ["", ""]


def run(index: int) -> None:
    try:
        barrier.wait()
        filed = direct.file_at_once(
            actor=citizen,
            procedure=online.procedure,
            agency=commune,
            applicant={"phone": "0912345678", "address": "Xã An Bình"},
            answers={**ANSWERS_PAGE_1, **ANSWERS_PAGE_2},
            papers=[(online.declaration.pk, SimpleUploadedFile("to-khai.png", png_bytes(), "image/png"))],
            idempotency_key="twice",
        )
        outcomes[index] = f"ok {filed.dossier.pk} {filed.created}"
    except Exception as exc:
        outcomes[index] = f"error: {exc!r}"
    finally:
        connection.close()


threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join(120)
result = {
    "outcomes": sorted(outcomes),
    "dossiers": list(Dossier.objects.values_list("pk", flat=True)),
    "submits": DossierEvent.objects.filter(action="submit").count(),
    "attachments": Attachment.objects.count(),
    "files": sum(1 for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()),
}
connection.close()
print(json.dumps(result))
