"""Dossiers of the citizens of tests/portal in the states the pages show."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from egov.dossiers.models import Dossier
from tests.dossiers.conftest import MONDAY, hours, step
from tests.portal.conftest import file_online


def pdf(name: str = "ban-sao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode(), content_type="application/pdf")


def accepted(cast: Any, flows: Any, owner: Any, at: dt.datetime = MONDAY, **kw: Any) -> Dossier:
    d = file_online(cast, flows.simple, owner, now=at, **kw)
    return step(d, "accept", cast.desk_officer, at + hours(1))


def processing(cast: Any, flows: Any, owner: Any, at: dt.datetime = MONDAY, **kw: Any) -> Dossier:
    d = step(accepted(cast, flows, owner, at, **kw), "forward", cast.desk_officer, at + hours(2))
    return step(d, "assign", cast.specialist, at + hours(2.5), handler=cast.specialist.user)


def supplement_asked(cast: Any, flows: Any, owner: Any, at: dt.datetime = MONDAY, **kw: Any) -> Dossier:
    d = processing(cast, flows, owner, at, **kw)
    return step(
        d, "request_supplement", cast.specialist, at + hours(3), reason="Thiếu bản sao Giấy khai sinh"
    )


def resolved(cast: Any, flows: Any, owner: Any, at: dt.datetime = MONDAY, **kw: Any) -> Dossier:
    d = step(processing(cast, flows, owner, at, **kw), "submit_for_approval", cast.specialist, at + hours(4))
    return step(d, "approve", cast.leader, at + hours(5), files=[pdf("ket-qua.pdf")])
