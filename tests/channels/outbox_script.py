"""Run by the worker tests in a child process, on the worker database (EGOV_DATABASE_URL):
`enqueue-email N PREFIX` writes N emails in one transaction, `enqueue-sms N` N SMS."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402

from egov.channels import outbox  # noqa: E402

action, count = sys.argv[1], int(sys.argv[2])
with transaction.atomic():
    for i in range(count):
        if action == "enqueue-email":
            payload = {"to": f"citizen{i}@example.vn", "subject": f"{sys.argv[3]}-{i}", "body": "Hồ sơ"}
            outbox.enqueue("email", payload)
        else:
            outbox.enqueue("sms", {"to": f"09{i:08d}", "text": f"Hồ sơ {i}"})
print("ok")
