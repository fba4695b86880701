"""The legal rules of the one-stop mechanism, as data with an effective date.

Each JSON file in this folder is one rule set (code format, pause rule, apology
limit, slip form numbers) with the legal texts it comes from. A dossier is
judged by the set in force when it was received: `rules_for(received_at)`, and
the dossier keeps the version it started with (`Dossier.rules_version`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils import timezone

FOLDER = Path(__file__).resolve().parent


@dataclass(frozen=True)
class RuleSet:
    version: str
    effective_from: dt.date
    title: str
    data: dict[str, Any]

    @property
    def legal_basis(self) -> str:
        """The rules' first source as staff read it ("Nghị định 118/2025/NĐ-CP"): its name up to the date."""
        sources = self.data.get("sources") or [self.title]
        return str(sources[0]).split(" ngày ", 1)[0]

    @property
    def sequence_digits(self) -> int:
        return int(self.data["code"]["sequence_digits"])

    @property
    def code_prefix(self) -> str:
        """Whose identifier a dossier code begins with: "competent_agency" (Decree 118/2025 art. 28.2.a)
        or "receiving_unit" (the 2018 rules as egov issued them)."""
        return str(self.data["code"].get("prefix", "receiving_unit"))

    @property
    def national_portal_identifier(self) -> str:
        """The National Public Service Portal's identifier, the prefix of an inter-agency group's online
        dossier (art. 28.2.a)."""
        return str(self.data["code"]["national_portal_identifier"])

    @property
    def apology_max(self) -> int:
        return int(self.data["apology"]["max"])

    @property
    def apology_max_extension(self) -> Decimal | None:
        """How far a new appointment may lie beyond the current one, in multiples of the procedure's time
        limit (None: no bound in these rules)."""
        value = self.data["apology"].get("max_extension_time_limits")
        return None if value is None else Decimal(str(value))

    @property
    def online_alert_hours(self) -> Decimal | None:
        """Plain hours within which the counter's officers are alerted to an online submission (None: these
        rules set no such limit)."""
        value = self.data.get("online", {}).get("alert_hours")
        return None if value is None else Decimal(str(value))

    @property
    def online_accept_hours(self) -> Decimal | None:
        """Working hours within which the counter accepts an online submission or asks for it to be completed
        (None: these rules set no such limit)."""
        value = self.data.get("online", {}).get("accept_working_hours")
        return None if value is None else Decimal(str(value))

    def online_accept_hours_for(self, procedure_code: str) -> Decimal | None:
        """The acceptance limit of one procedure's online submissions: its own where specialised law sets one
        ("accept_by_procedure", by national code, in working hours), else the decree's."""
        value = self.data.get("online", {}).get("accept_by_procedure", {}).get(procedure_code)
        return self.online_accept_hours if value is None else Decimal(str(value))

    @property
    def financial_obligation_pauses(self) -> bool:
        return bool(self.data.get("financial_obligation_pauses", True))

    @property
    def document_code_format(self) -> str | None:
        """How a result's document code is formed (Decree 118/2025 art. 22.4); None: the rules have none."""
        rule = self.data.get("result", {}).get("document_code")
        return None if rule is None else str(rule["format"])

    @property
    def early_return_notice(self) -> bool:
        """Whether a result ready before its appointment is announced so (Decree 118/2025 art. 22.5)."""
        return bool(self.data.get("result", {}).get("early_return_notice", False))

    @property
    def correction_days(self) -> Decimal | None:
        """Working days to bring back a corrected result (Decree 118/2025 art. 23.1); None: no such move."""
        value = self.data.get("result", {}).get("correction_working_days")
        return None if value is None else Decimal(str(value))

    @property
    def paper_forward_days(self) -> Decimal | None:
        """Working days for the paper dossier to reach the competent agency (art. 20.1.a of Decree 118/2025);
        None: these rules set no limit."""
        value = self.data.get("paper_forward", {}).get("working_days")
        return None if value is None else Decimal(str(value))

    def supplement_mode(self, procedure_code: str) -> str:
        rule = self.data["supplement"]
        return "restart" if procedure_code in rule.get("restart_procedures", []) else rule["mode"]

    @property
    def supplement_max_requests(self) -> int | None:
        """How many supplement requests a dossier may receive in all (None: no bound in these rules)."""
        value = self.data["supplement"].get("max_requests")
        return None if value is None else int(value)

    def supplement_request_within(self, procedure_code: str) -> Decimal | None:
        """Working days after receipt within which a supplement may be requested (None: no limit); a
        procedure whose specialised law sets its own limit is listed by its code."""
        rule = self.data["supplement"]
        value = rule.get("request_within_by_procedure", {}).get(procedure_code)
        if value is None:
            value = rule.get("request_within_working_days")
        return None if value is None else Decimal(str(value))

    @property
    def supplement_close_after_days(self) -> int | None:
        """Plain days after the supplement notice after which an uncompleted dossier is closed (None: these
        rules close none)."""
        value = self.data["supplement"].get("close_after_days")
        return None if value is None else int(value)

    def supplement_close_after_days_for(self, procedure_code: str) -> int | None:
        """The closure period of one procedure's dossiers: its own where specialised law sets one
        ("close_after_by_procedure", by national code, in plain days), else the decree's."""
        value = self.data["supplement"].get("close_after_by_procedure", {}).get(procedure_code)
        return self.supplement_close_after_days if value is None else int(value)

    @property
    def apology_min_notice_days(self) -> Decimal | None:
        """Working days before the due moment by which the apology must come (None: no bound)."""
        value = self.data["apology"].get("min_notice_working_days")
        return None if value is None else Decimal(str(value))

    @property
    def apology_when_overdue(self) -> bool:
        return bool(self.data["apology"].get("when_overdue", True))

    @property
    def apology_when_paused(self) -> bool:
        return bool(self.data["apology"].get("when_paused", True))

    def slip_form(self, slip: str) -> str | None:
        """The form number of a slip ("Mẫu số 01"), or None when this rule set has no such form."""
        return self.data["slips"].get(slip)

    @property
    def slip_annex(self) -> str:
        return str(self.data["slips"]["annex"])


@lru_cache(maxsize=1)
def all_rule_sets() -> tuple[RuleSet, ...]:
    sets = []
    for path in sorted(FOLDER.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        sets.append(
            RuleSet(
                version=data["version"],
                effective_from=dt.date.fromisoformat(data["effective_from"]),
                title=data["title"],
                data=data,
            )
        )
    return tuple(sorted(sets, key=lambda s: s.effective_from))


def rules_for(moment: dt.datetime | dt.date) -> RuleSet:
    """The rule set in force at `moment` (the latest whose effective date is on or before it)."""
    day = timezone.localdate(moment) if isinstance(moment, dt.datetime) else moment
    chosen = None
    for rule_set in all_rule_sets():
        if rule_set.effective_from <= day:
            chosen = rule_set
    if chosen is None:
        raise LookupError(f"no one-stop rule set in force on {day}")
    return chosen


def rules_by_version(version: str) -> RuleSet:
    for rule_set in all_rule_sets():
        if rule_set.version == version:
            return rule_set
    raise LookupError(version)
