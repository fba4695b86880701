"""Run by test_group_submit_race in its own process, on a throw-away database (a fresh SQLite file, or a
fresh PostgreSQL database the test creates and drops): two threads, each with its own connection, submit the
same linked group draft at once (a double click, two tabs). Each is slowed down after it has checked the
draft, so without the draft's row lock both would go on to file the group. Prints the outcomes as JSON."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.scratch import start_child

start_child()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from egov.dossiers.bundle_models import DossierBundle  # noqa: E402
from egov.dossiers.models import Dossier  # noqa: E402
from egov.filing import group_submission  # noqa: E402
from egov.organizations.models import AgencyKind  # noqa: E402
from tests.factories import make_agency  # noqa: E402
from tests.filing.groups import filled_group_draft, linked_group  # noqa: E402
from tests.filing.race_world import counter_world  # noqa: E402
from tests.scratch import race, slowed  # noqa: E402

settings.MEDIA_ROOT = tempfile.mkdtemp()
world = counter_world()
commune_b = make_agency("UBND xã B", AgencyKind.COMMUNE, world.root, code="000.00.32.H99", has_counter=True)
linked = linked_group(world.online, SimpleNamespace(commune_b=commune_b))
draft = filled_group_draft(linked, world.citizen)
connection.close()

slowed(group_submission, "problems", 0.6)
submit = lambda: group_submission.submit(actor=world.citizen, draft=draft).reference  # noqa: E731
outcomes = race(submit, submit)
result = {
    "outcomes": outcomes,
    "bundles": list(DossierBundle.objects.values_list("reference", flat=True)),
    "dossiers": Dossier.objects.count(),
}
connection.close()
print(json.dumps(result))
