"""Run by test_callback_race in its own process, on a throw-away database (a fresh SQLite file, or a fresh
PostgreSQL database that the test creates and drops): the same VNPAY IPN delivered twice at the same moment,
by two threads with their own connections. Prints the outcomes and what was written as JSON.

The first one to get in is slowed down while it credits (after its ledger row, before the fees are marked
paid), so the second arrives while the first has not committed.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ["EGOV_PAYMENT_GATEWAYS"] = "vnpay"
os.environ["EGOV_VNPAY_TMN_CODE"] = "EGOVTEST"
os.environ["EGOV_VNPAY_HASH_SECRET"] = "TESTSECRETKEYFORVNPAYHMACSHA5120"

from tests.scratch import start_child

start_child()

from django.db import connection  # noqa: E402

from egov.channels.models import OutboxMessage  # noqa: E402
from egov.dossiers import intake  # noqa: E402
from egov.dossiers.models import DossierEvent, DossierFee  # noqa: E402
from egov.organizations.models import AgencyKind, Role  # noqa: E402
from egov.payments import services  # noqa: E402
from egov.payments.models import LedgerEntry  # noqa: E402
from egov.procedures.models import Field, StepKind  # noqa: E402
from tests.dossiers.conftest import APPLICANT, MONDAY, make_procedure  # noqa: E402
from tests.factories import make_agency, make_citizen  # noqa: E402
from tests.payments.conftest import vnpay_callback  # noqa: E402

SLOW = 0.8
root = make_agency("UBND tỉnh", AgencyKind.PROVINCE, code="000.00.00.H99")
office = make_agency("Phòng", AgencyKind.OFFICE, root, code="000.01.01.H99")
commune = make_agency("UBND xã", AgencyKind.COMMUNE, root, code="000.00.31.H99", has_counter=True)
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
owner = make_citizen("cd.owner")
d = intake.submit_online(
    procedure=procedure,
    agency=commune,
    applicant=APPLICANT,
    owner=owner,
    fees=[("Lệ phí", Decimal("70000"))],
    now=MONDAY,
)
payment, _url = services.start_payment(actor=owner, dossier=d, gateway="vnpay", return_url="https://x/")
params = vnpay_callback(payment.reference, Decimal("70000"))
messages_before = OutboxMessage.objects.count()
connection.close()

original = services.record_fees_paid


def slow_record(*args: Any, **kwargs: Any) -> Any:
    time.sleep(SLOW)
    return original(*args, **kwargs)


services.record_fees_paid = slow_record  # type: ignore[assignment]

barrier = threading.Barrier(2)
outcomes = [""] * 2


def deliver(index: int) -> None:
    try:
        barrier.wait()
        outcomes[index] = services.receive_callback("vnpay", params).value
    except Exception as exc:
        outcomes[index] = f"error: {exc!r}"
    finally:
        connection.close()


threads = [threading.Thread(target=deliver, args=(i,)) for i in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join(120)
print(
    json.dumps(
        {
            "outcomes": sorted(outcomes),
            "payments": LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYMENT).count(),
            "history": DossierEvent.objects.filter(dossier=d, action="fee_paid").count(),
            "unpaid": DossierFee.objects.filter(dossier=d, paid_at__isnull=True).count(),
            "messages": OutboxMessage.objects.count() - messages_before,
        }
    )
)
