"""The weekly schedule of the commune An Bình (tests/documents' office): its clerk drafts it, its leader
is on it, the specialist of its office prepares."""

from __future__ import annotations

import datetime as dt
from typing import Any

from egov.schedule import services
from egov.schedule.models import Entry
from tests.documents.conftest import MONDAY, Office, _signing, ca, office  # noqa: F401

WEEK = MONDAY.date()  # Monday 01/06/2026


def spec(office: Office, **fields: Any) -> services.EntrySpec:  # noqa: F811
    return services.EntrySpec(
        **{
            "leader": office.leader.user,
            "day": WEEK + dt.timedelta(days=1),
            "starts_at": dt.time(8, 0),
            "place": "Phòng họp tầng 2",
            "content": "Họp giao ban UBND xã",
            "participants": "Lãnh đạo UBND xã, công chức chuyên môn",
            "preparer": "Văn phòng HĐND và UBND xã",
            "preparer_unit": office.commune_office,
            **fields,
        }
    )


def added(office: Office, **fields: Any) -> Entry:  # noqa: F811
    return services.add_entry(
        actor=office.clerk.user, agency=office.commune, spec=spec(office, **fields), now=MONDAY
    )
