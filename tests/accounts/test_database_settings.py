"""`migrate` connects as the tables' owner; everything else as the application's role."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SHOW = (
    "import sys; sys.argv = {argv!r}; import egov.settings as s; "
    "print(s.DATABASES['default']['USER'], s.EGOV_APP_DATABASE_USER)"
)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["manage.py", "migrate"], "owner app"),
        (["manage.py", "runserver"], "app app"),
        (["manage.py", "deliver_outbox"], "app app"),
    ],
)
def test_only_migrate_uses_the_owner(argv, expected):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("EGOV_")},
        "EGOV_DEBUG": "1",
        "EGOV_DATABASE_URL": "postgres://app:a@127.0.0.1:5432/egov",
        "EGOV_MIGRATE_DATABASE_URL": "postgres://owner:o@127.0.0.1:5432/egov",
    }
    out = subprocess.run(
        [sys.executable, "-c", SHOW.format(argv=argv)], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == expected.split()
