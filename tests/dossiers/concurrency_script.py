"""Run by test_concurrency in its own process, on a throw-away database (a fresh SQLite file, or a fresh
PostgreSQL database that the test creates and drops): two threads, each with its own connection, race
on one dossier. Prints the outcomes as JSON.

Each thread is slowed down between reading the dossier and writing it (the service's check sleeps), so
without the row lock both would read the same state:
- "lock": two assignments with no expected version (the version check cannot catch them); with the lock
  the second waits, sees the first, and both apply in turn.
- "receipt": two receipts with the same one-time key; the second must answer with the first's dossier.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.scratch import start_child

start_child()

from django.db import connection  # noqa: E402

from egov.dossiers import intake, services  # noqa: E402
from egov.dossiers.models import Dossier, DossierEvent  # noqa: E402
from egov.organizations.models import AgencyKind, Role  # noqa: E402
from egov.procedures.models import Field, StepKind  # noqa: E402
from tests.dossiers.conftest import APPLICANT, MONDAY, hours, make_procedure  # noqa: E402
from tests.factories import make_agency, make_staff  # noqa: E402

SLOW = 0.6
root = make_agency("UBND tỉnh", AgencyKind.PROVINCE, code="000.00.00.H99")
office = make_agency("Phòng", AgencyKind.OFFICE, root, code="000.01.01.H99")
commune = make_agency("UBND xã", AgencyKind.COMMUNE, root, code="000.00.31.H99", has_counter=True)
desk = make_staff("motcua", commune, (Role.DESK_OFFICER,)).user
first_specialist = make_staff("chuyenvien1", office, (Role.SPECIALIST,)).user
second_specialist = make_staff("chuyenvien2", office, (Role.SPECIALIST,)).user
leader = make_staff("lanhdao", root, (Role.LEADER,)).user
field = Field.objects.create(code="HT", name="Hộ tịch", name_folded="ho tich")
procedure = make_procedure(
    "2.000635",
    "Cấp bản sao trích lục hộ tịch",
    "5",
    [
        (StepKind.RECEIVE, Role.DESK_OFFICER, None, "4"),
        (StepKind.PROCESS, Role.SPECIALIST, office, "24"),
        (StepKind.APPROVE, Role.LEADER, root, "8"),
        (StepKind.RETURN, Role.DESK_OFFICER, None, "0"),
    ],
    field,
)
d = intake.receive(actor=desk, procedure=procedure, agency=commune, applicant=APPLICANT, now=MONDAY)
d = services.transition(d.pk, "forward", actor=desk, now=MONDAY + hours(1))
version = d.version
connection.close()


def slowed(module: Any, name: str) -> None:
    """Make module.name sleep after it runs: a slow request between its read and its write."""
    original = getattr(module, name)

    def slow(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        time.sleep(SLOW)
        return result

    setattr(module, name, slow)


def race(*calls: Any) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes = [""] * len(calls)

    def run(index: int, call: Any) -> None:
        try:
            barrier.wait()
            outcomes[index] = "ok " + str(call().pk)
        except services.TransitionRefused as exc:
            outcomes[index] = f"{type(exc).__name__}: {exc.message}"
        except Exception as exc:
            outcomes[index] = f"error: {exc!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return outcomes


slowed(services, "check")
lock = race(
    lambda: services.transition(
        d.pk, "assign", actor=leader, handler=first_specialist, now=MONDAY + hours(2)
    ),
    lambda: services.transition(
        d.pk, "assign", actor=leader, handler=second_specialist, now=MONDAY + hours(2)
    ),
)
fresh = Dossier.objects.get(pk=d.pk)
result: dict[str, Any] = {
    "lock": {
        "outcomes": lock,
        "version_before": version,
        "version_after": fresh.version,
        "assignments": DossierEvent.objects.filter(dossier=d, action="assign").count(),
    }
}

slowed(intake, "next_code")
receipts = race(
    *[
        lambda: intake.receive(
            actor=desk,
            procedure=procedure,
            agency=commune,
            applicant=APPLICANT,
            idempotency_key="same-form",
            now=MONDAY + hours(3),
        )
    ]
    * 2
)
result["receipt"] = {
    "outcomes": receipts,
    "dossiers": list(
        DossierEvent.objects.filter(idempotency_key="same-form").values_list("dossier_id", flat=True)
    ),
}
connection.close()
print(json.dumps(result, ensure_ascii=False))
