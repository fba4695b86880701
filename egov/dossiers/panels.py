"""The home-page panel of the work queues."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from egov.dossiers import selectors


def queue_panel(request: HttpRequest) -> dict[str, Any]:
    return {"queue_counts": selectors.queue_counts(request.user)}
