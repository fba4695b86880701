"""Tasks in the commune An Bình of tests/documents' office: its leader assigns to its office (the
specialist works there) and to the commune's counter centre as a co-operating unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from egov.tasks import services
from egov.tasks.models import Task
from tests.documents.conftest import MONDAY, Office, _signing, ca, office, pdf  # noqa: F401

DUE = dt.date(2026, 6, 12)  # a Friday, two weeks after MONDAY


def assigned(office: Office, now: dt.datetime = MONDAY, **fields: Any) -> Task:  # noqa: F811
    spec = services.Assignment(
        **{
            "title": "Rà soát thủ tục hành chính lĩnh vực hộ tịch",
            "lead_unit": office.commune_office,
            "due_on": DUE,
            "meeting": "Giao ban tuần 23",
            **fields,
        }
    )
    return services.assign(actor=office.leader.user, agency=office.commune, task=spec, now=now)


@pytest.fixture
def task(office) -> Task:  # noqa: F811
    return assigned(office)
