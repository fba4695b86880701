"""The rules of clerical work as data with an effective date (Decree 30/2020/NĐ-CP).

Each JSON file here is one rule set: the document types and their abbreviations (Appendix III), the
numbering (art. 15, art. 22.2), the register columns (Appendix IV) and the reminder lead time, with the
article beside each value ("source"). A document is numbered by the set in force on the day it is numbered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from egov.core import rulesets

FOLDER = Path(__file__).resolve().parent


@dataclass(frozen=True)
class RuleSet:
    version: str
    effective_from: dt.date
    data: dict[str, Any]

    @property
    def types(self) -> dict[str, str]:
        """Abbreviation → name of every document type (Appendix III), in the decree's order."""
        return {code: name for code, name in self.data["types"]}

    @property
    def letter(self) -> str:
        """The key of the letter (công văn), whose symbol carries no type abbreviation."""
        return str(self.data["symbol"]["letter_without_type"])

    @property
    def min_digits(self) -> int:
        return int(self.data["numbering"]["min_digits"])

    @property
    def secret_own_series(self) -> bool:
        return bool(self.data["numbering"]["secret_own_series"])

    @property
    def incoming_secret_own_series(self) -> bool:
        return bool(self.data["numbering"]["incoming_secret_own_series"])

    @property
    def remind_before_working_days(self) -> int:
        return int(self.data["incoming"]["remind_before_working_days"])

    def columns(self, direction: str) -> list[str]:
        return list(self.data["registers"][f"{direction}_columns"])


@lru_cache(maxsize=1)
def all_rules() -> tuple[RuleSet, ...]:
    return rulesets.load(FOLDER, RuleSet)


def rules_for(day: dt.date) -> RuleSet:
    """The rule set in force on `day` (the earliest set for a day before every set)."""
    return rulesets.in_force(all_rules(), day)
