"""The edXML status codes as data with an effective date (QCVN 102:2016/BTTTT), each with its source."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from egov.core import rulesets

FOLDER = Path(__file__).resolve().parent


@dataclass(frozen=True)
class StatusRules:
    version: str
    effective_from: dt.date
    data: dict[str, Any]

    @property
    def namespace(self) -> str:
        return str(self.data["namespace"])

    def code(self, name: str) -> str:
        """The code of the status named `name` ("arrived", "completed"...)."""
        return next(c["code"] for c in self.data["codes"] if c["name"] == name)

    def name(self, code: str) -> str:
        """The name of `code`; "" for a code the rules do not know."""
        return next((c["name"] for c in self.data["codes"] if c["code"] == code), "")

    def for_move(self, action: str) -> str:
        """The status name a receiver's document move reports to the sender ("" when it reports none)."""
        value = self.data["moves"].get(action, "")
        return "" if action == "source" else str(value)


@lru_cache(maxsize=1)
def _all() -> tuple[StatusRules, ...]:
    return rulesets.load(FOLDER, StatusRules)


def rules_for(day: dt.date) -> StatusRules:
    """The rule set in force on `day` (the earliest one before any took effect)."""
    return rulesets.in_force(_all(), day)
