"""Run by test_submit_race in its own process, on a throw-away database (a fresh SQLite file, or a fresh
PostgreSQL database the test creates and drops): two threads, each with its own connection, submit the same
draft at once (a double click, two tabs). Each is slowed down after it has checked the draft, so without the
draft's row lock both would go on to make a dossier. Prints the outcomes as JSON."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.scratch import start_child

start_child()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from egov.dossiers.models import Dossier, DossierEvent  # noqa: E402
from egov.filing import services, submission  # noqa: E402
from tests.filing.conftest import filled_draft  # noqa: E402
from tests.filing.race_world import counter_world  # noqa: E402
from tests.scratch import race, slowed  # noqa: E402

settings.MEDIA_ROOT = tempfile.mkdtemp()
world = counter_world()
draft = filled_draft(world.online, world.citizen)
connection.close()

slowed(submission, "problems", 0.6)
submit = lambda: services.submit(actor=world.citizen, draft=draft).pk  # noqa: E731
outcomes = race(submit, submit)
result = {
    "outcomes": outcomes,
    "dossiers": list(Dossier.objects.values_list("pk", flat=True)),
    "submits": DossierEvent.objects.filter(action="submit").count(),
}
connection.close()
print(json.dumps(result))
