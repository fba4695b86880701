"""Run by test_code_sequence_race in its own process, on a throw-away database (a fresh SQLite file, or a
fresh PostgreSQL database that the test creates and drops). Several receipts of one competent agency's
procedure, at two different counters, start together from threads with their own connections, and each
waits a moment after taking its sequence number, inside its transaction, so without the row lock two of
them would read the same number. Prints the codes they got, or their errors, as JSON."""

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

from egov.dossiers import codes, intake  # noqa: E402
from egov.organizations.models import AgencyKind, Role  # noqa: E402
from egov.procedures.models import Field, StepKind  # noqa: E402
from tests.dossiers.conftest import APPLICANT, MONDAY, make_procedure  # noqa: E402
from tests.factories import make_agency, make_staff  # noqa: E402

RECEIPTS = 6
SLOW = 0.3
root = make_agency("UBND tỉnh", AgencyKind.PROVINCE, code="000.00.00.H99")
justice = make_agency("Sở Tư pháp", AgencyKind.DEPARTMENT, root, code="000.00.01.H99")
counters = [
    make_agency(f"UBND xã {n}", AgencyKind.COMMUNE, root, code=f"000.00.3{n}.H99", has_counter=True)
    for n in (1, 2)
]
desks = [make_staff(f"motcua{n}", c, (Role.DESK_OFFICER,)).user for n, c in enumerate(counters)]
procedure = make_procedure(
    "2.000635",
    "Cấp bản sao trích lục hộ tịch",
    "5",
    [
        (StepKind.RECEIVE, Role.DESK_OFFICER, None, "4"),
        (StepKind.APPROVE, Role.LEADER, justice, "8"),
        (StepKind.RETURN, Role.DESK_OFFICER, None, "0"),
    ],
    Field.objects.create(code="HT", name="Hộ tịch", name_folded="ho tich"),
)
connection.close()

original = codes.next_code


def slow_next_code(*args: Any, **kwargs: Any) -> str:
    """Hold the transaction open after the number is taken: a slow request before its commit."""
    code = original(*args, **kwargs)
    time.sleep(SLOW)
    return code


codes.next_code = slow_next_code  # type: ignore[assignment]
barrier = threading.Barrier(RECEIPTS)
outcomes: list[str] = [""] * RECEIPTS


def run(index: int) -> None:
    try:
        barrier.wait()
        d = intake.receive(
            actor=desks[index % 2],
            procedure=procedure,
            agency=counters[index % 2],
            applicant=APPLICANT,
            now=MONDAY,
        )
        outcomes[index] = d.code
    except Exception as exc:
        outcomes[index] = f"error: {exc!r}"
    finally:
        connection.close()


threads = [threading.Thread(target=run, args=(i,)) for i in range(RECEIPTS)]
for t in threads:
    t.start()
for t in threads:
    t.join(120)
print(json.dumps({"codes": outcomes}, ensure_ascii=False))
