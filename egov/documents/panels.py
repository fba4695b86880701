"""The home-page panel of the documents waiting for the person: each count links to the list it counts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from egov.documents import permissions, selectors


def work_panel(request: HttpRequest) -> dict[str, Any]:
    office = selectors.office_of(request.user)
    registers = office is not None and permissions.may_read_registers(request.user, office)
    return {
        "work": selectors.work_for(request.user),
        "registers": registers,
        # The e-office reports are the clerk's and the leaders' dashboard of documents.
        "reports": registers,
        "year": timezone.localdate().year,
    }
