"""Run by test_submit_race in its own process, on a throw-away database (a fresh SQLite file, or a fresh
PostgreSQL database the test creates and drops): two threads, each with its own connection, submit the same
draft at once (a double click, two tabs). Each is slowed down after it has checked the draft, so without the
draft's row lock both would go on to make a dossier. Prints the outcomes as JSON."""

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
from django.db import connection  # noqa: E402

from egov.dossiers.models import Dossier, DossierEvent  # noqa: E402
from egov.filing import services, submission  # noqa: E402
from egov.organizations.models import AgencyKind, Role  # noqa: E402
from tests.factories import make_agency, make_citizen, make_staff  # noqa: E402
from tests.filing.conftest import filled_draft, online_procedure  # noqa: E402

settings.MEDIA_ROOT = tempfile.mkdtemp()
SLOW = 0.6
root = make_agency("UBND tỉnh", AgencyKind.PROVINCE, code="000.00.00.H99")
justice = make_agency("Sở Tư pháp", AgencyKind.DEPARTMENT, root, code="000.00.01.H99")
office = make_agency("Phòng", AgencyKind.OFFICE, justice, code="000.01.01.H99")
commune = make_agency("UBND xã", AgencyKind.COMMUNE, root, code="000.00.31.H99", has_counter=True)
make_staff("motcua", commune, (Role.DESK_OFFICER,))
online = online_procedure(root=root, justice=justice, office=office, counter=commune)

citizen = make_citizen("congdan", id_number="001090012345", verified=True)
draft = filled_draft(online, citizen)
connection.close()

original = submission.problems


def slow(*args: Any, **kwargs: Any) -> Any:
    found = original(*args, **kwargs)
    time.sleep(SLOW)
    return found


submission.problems = slow  # type: ignore[assignment]
barrier = threading.Barrier(2)
outcomes = ["", ""]


def run(index: int) -> None:
    try:
        barrier.wait()
        outcomes[index] = "ok " + str(services.submit(actor=citizen, draft=draft).pk)
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
    "outcomes": outcomes,
    "dossiers": list(Dossier.objects.values_list("pk", flat=True)),
    "submits": DossierEvent.objects.filter(action="submit").count(),
}
connection.close()
print(json.dumps(result))
