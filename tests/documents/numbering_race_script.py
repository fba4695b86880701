"""Run by test_numbering_race in its own process, on a throw-away database (a fresh SQLite file, or a fresh
PostgreSQL database the test creates and drops). Eight clerks' registrations start together from threads
with their own connections; each waits a moment after taking its number, inside its transaction, so
without the row lock two would read the same number; one in four then fails and rolls back, so a number
taken outside the transaction would leave a gap. Prints the numbers committed, or the errors, as JSON."""

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

from django.db import connection, transaction  # noqa: E402

from egov.documents import numbering  # noqa: E402
from egov.documents.models import Direction  # noqa: E402
from egov.organizations.models import AgencyKind  # noqa: E402
from tests.documents.conftest import MONDAY  # noqa: E402
from tests.factories import make_agency  # noqa: E402

ISSUERS = 8
SLOW = 0.2
agency = make_agency("UBND xã", AgencyKind.COMMUNE, code="000.00.31.H99")
connection.close()

barrier = threading.Barrier(ISSUERS)
outcomes: list[Any] = [None] * ISSUERS


def run(index: int) -> None:
    try:
        barrier.wait()
        with transaction.atomic():
            _, number = numbering.take_number(agency, Direction.OUTGOING, "main", MONDAY)
            time.sleep(SLOW)
            if index % 4 == 3:
                raise RuntimeError("rolled back")
        outcomes[index] = number
    except RuntimeError:
        outcomes[index] = "rolled back"
    except Exception as exc:
        outcomes[index] = f"error: {exc!r}"
    finally:
        connection.close()


threads = [threading.Thread(target=run, args=(i,)) for i in range(ISSUERS)]
for t in threads:
    t.start()
for t in threads:
    t.join(120)
with transaction.atomic():
    _, after = numbering.take_number(agency, Direction.OUTGOING, "main", MONDAY)
print(json.dumps({"numbers": outcomes, "next": after}))
