"""Run by test_concurrency in its own process, on a file database (as the embedded profile runs):
two officers' threads take a move on the same dossier at the same moment. Prints the outcome as JSON."""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from egov.dossiers import intake, services  # noqa: E402
from egov.dossiers.models import Dossier, DossierEvent  # noqa: E402
from egov.organizations.models import AgencyKind, Role  # noqa: E402
from egov.procedures.models import Field, StepKind  # noqa: E402
from tests.dossiers.conftest import APPLICANT, MONDAY, hours, make_procedure  # noqa: E402
from tests.factories import make_agency, make_staff  # noqa: E402

call_command("migrate", verbosity=0)
root = make_agency("UBND tỉnh", AgencyKind.PROVINCE, code="000.00.00.H99")
office = make_agency("Phòng", AgencyKind.OFFICE, root, code="000.01.01.H99")
commune = make_agency("UBND xã", AgencyKind.COMMUNE, root, code="000.00.31.H99", has_counter=True)
desk = make_staff("motcua", commune, (Role.DESK_OFFICER,)).user
specialist = make_staff("chuyenvien", office, (Role.SPECIALIST,)).user
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

barrier = threading.Barrier(2)
outcomes: dict[str, str] = {}


def act(name: str, action: str, by: object, **kw: object) -> None:
    try:
        barrier.wait()
        services.transition(d.pk, action, actor=by, expected_version=version, now=MONDAY + hours(2), **kw)
        outcomes[name] = "ok"
    except services.StaleDossier as exc:
        outcomes[name] = "stale: " + exc.message
    except Exception as exc:
        outcomes[name] = f"error: {exc!r}"
    finally:
        connection.close()


threads = [
    threading.Thread(target=act, args=("specialist", "assign", specialist), kwargs={"handler": specialist}),
    threading.Thread(target=act, args=("leader", "request_supplement", leader), kwargs={"reason": "Thiếu"}),
]
for t in threads:
    t.start()
for t in threads:
    t.join(60)
fresh = Dossier.objects.get(pk=d.pk)
print(
    json.dumps(
        {
            "outcomes": outcomes,
            "version_before": version,
            "version_after": fresh.version,
            "events": list(DossierEvent.objects.filter(dossier=d).values_list("action", flat=True)),
        },
        ensure_ascii=False,
    )
)
