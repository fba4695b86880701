"""Run by test_group_submit_race in its own process, on a throw-away database (a fresh SQLite file, or a
fresh PostgreSQL database the test creates and drops): two threads, each with its own connection, submit the
same linked group draft at once (a double click, two tabs). Each is slowed down after it has checked the
draft, so without the draft's row lock both would go on to file the group. Prints the outcomes as JSON."""

from __future__ import annotations

import json
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.scratch import start_child

start_child()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from egov.dossiers.bundle_models import DossierBundle  # noqa: E402
from egov.dossiers.models import Dossier  # noqa: E402
from egov.filing import group_submission  # noqa: E402
from egov.organizations.models import AgencyKind, Role  # noqa: E402
from tests.factories import make_agency, make_citizen, make_staff  # noqa: E402
from tests.filing.conftest import online_procedure  # noqa: E402
from tests.filing.groups import filled_group_draft, linked_group  # noqa: E402

settings.MEDIA_ROOT = tempfile.mkdtemp()
SLOW = 0.6
root = make_agency("UBND tỉnh", AgencyKind.PROVINCE, code="000.00.00.H99")
justice = make_agency("Sở Tư pháp", AgencyKind.DEPARTMENT, root, code="000.00.01.H99")
office = make_agency("Phòng", AgencyKind.OFFICE, justice, code="000.01.01.H99")
commune = make_agency("UBND xã A", AgencyKind.COMMUNE, root, code="000.00.31.H99", has_counter=True)
commune_b = make_agency("UBND xã B", AgencyKind.COMMUNE, root, code="000.00.32.H99", has_counter=True)
make_staff("motcua", commune, (Role.DESK_OFFICER,))
online = online_procedure(root=root, justice=justice, office=office, counter=commune)
linked = linked_group(online, SimpleNamespace(commune_b=commune_b))

citizen = make_citizen("congdan", id_number="001090012345", verified=True)
draft = filled_group_draft(linked, citizen)
connection.close()

original = group_submission.problems


def slow(*args: Any, **kwargs: Any) -> Any:
    found = original(*args, **kwargs)
    time.sleep(SLOW)
    return found


group_submission.problems = slow  # type: ignore[assignment]
barrier = threading.Barrier(2)
outcomes = ["", ""]


def run(index: int) -> None:
    try:
        barrier.wait()
        outcomes[index] = "ok " + group_submission.submit(actor=citizen, draft=draft).reference
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
    "bundles": list(DossierBundle.objects.values_list("reference", flat=True)),
    "dossiers": Dossier.objects.count(),
}
connection.close()
print(json.dumps(result))
