"""The indicator sets as data (egov/insight/data/*.json): each indicator with its group, kind (computed by
the system or entered by hand), formula and source, and the set's effective date."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    kind: str  # "computed" or "manual"
    unit: str
    name: str
    name_vi: str
    formula: str
    formula_vi: str
    source: str
    #: A share where less is better (overdue dossiers): the chart and tables say so beside the code.
    lower_is_better: bool = False

    @property
    def label(self) -> str:
        return self.name_vi if (get_language() or "vi").startswith("vi") else self.name

    @property
    def formula_label(self) -> str:
        return self.formula_vi if (get_language() or "vi").startswith("vi") else self.formula

    @property
    def manual(self) -> bool:
        return self.kind == "manual"


@dataclass(frozen=True)
class IndicatorSet:
    key: str
    title: str
    effective_from: dt.date
    #: Where the set comes from, for the developers and the docs (with what was not verified).
    source: str
    #: The legal or reporting basis as the pages show it, in Vietnamese.
    basis: str
    indicators: tuple[Indicator, ...]

    def by_code(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.code == code)


@cache
def load(key: str) -> IndicatorSet:
    raw = json.loads((DATA / f"{key}.json").read_text(encoding="utf-8"))
    return IndicatorSet(
        key=raw["set"],
        title=raw["title"],
        effective_from=dt.date.fromisoformat(raw["effective_from"]),
        source=raw["source"],
        basis=raw["basis"],
        indicators=tuple(
            Indicator(group=i.get("group", ""), **{k: v for k, v in i.items() if k != "group"})
            for i in raw["indicators"]
        ),
    )


def in_force(key: str, day: dt.date) -> IndicatorSet | None:
    """The set if it applies on `day` (a period before its effective date has no figures of it)."""
    s = load(key)
    return s if day >= s.effective_from else None


def manual_codes() -> dict[str, Indicator]:
    return {i.code: i for key in ("decision_766", "it_application") for i in load(key).indicators if i.manual}
