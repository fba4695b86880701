"""Filters for the `LOGGING` setting (no model imports: logging is configured before the apps load)."""

from __future__ import annotations

import logging


class DropTooManyRequests(logging.Filter):
    """Drop django.request's "Too Many Requests: <path>" line, written for every 429 answer: a flooding
    client is refused thousands of times a second, and each line cost the worker time the other clients
    waited for. egov.core.ratelimit logs one line instead when a key goes over its limit in a window."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != 429
