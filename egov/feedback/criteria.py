"""What a citizen rates a dossier's handling on, as data with the text it comes from and the day it applies.

The contents of the rating are those Decree 118/2025/NĐ-CP art. 33.1 lists for the evaluation by organisations
and individuals (points a–h; point i, "other contents", is the free comment). The three levels are this
project's choice: the national portal's own scale (Circular 01/2018/TT-VPCP, replaced with Decree 61/2018 by
Decree 118) could not be read (docs/feedback.md, "Sources"). A rating's overall level is derived, not asked:
"not satisfied" when any content is, "very satisfied" when every content is, otherwise "satisfied".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    NOT_SATISFIED = 1, _("Not satisfied")
    SATISFIED = 2, _("Satisfied")
    VERY_SATISFIED = 3, _("Very satisfied")


#: Levels that count as satisfied in the share the reports show.
SATISFIED_LEVELS = (Level.SATISFIED, Level.VERY_SATISFIED)


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str | Promise
    source: str
    #: A content that not every dossier has (no complaint made, nothing filed online) may be left unrated.
    optional: bool = False


@dataclass(frozen=True)
class CriteriaSet:
    version: str
    effective_from: dt.date
    source: str
    criteria: tuple[Criterion, ...]


DECREE_118 = CriteriaSet(
    version="decree-118-2025",
    effective_from=dt.date(2025, 7, 1),  # Decree 118/2025 art. 40.1
    source="Decree 118/2025/NĐ-CP art. 33.1",
    criteria=(
        Criterion(
            "time",
            _("Time taken to return the result, against the time the rules set"),
            "Decree 118/2025 art. 33.1.a",
        ),
        Criterion(
            "agencies",
            _("Number of agencies you had to contact to complete the dossier"),
            "Decree 118/2025 art. 33.1.b",
        ),
        Criterion(
            "contacts",
            _("Number of times you had to contact the receiving agency to complete the dossier"),
            "Decree 118/2025 art. 33.1.c",
        ),
        Criterion(
            "information",
            _("Accuracy, completeness and timeliness of the published information on the procedure"),
            "Decree 118/2025 art. 33.1.d",
        ),
        Criterion(
            "attitude",
            _("Attitude of the staff who guided you, received and handled the dossier"),
            "Decree 118/2025 art. 33.1.đ",
        ),
        Criterion(
            "lawful",
            _("Lawfulness of the result and of the costs; no cost beyond what the law sets"),
            "Decree 118/2025 art. 33.1.e",
        ),
        Criterion(
            "explanations",
            _("Time and quality of the answers to your feedback or complaints, if you made any"),
            "Decree 118/2025 art. 33.1.g",
            optional=True,
        ),
        Criterion(
            "online",
            _("Progress and quality of the online public service, if you used it"),
            "Decree 118/2025 art. 33.1.h",
            optional=True,
        ),
    ),
)

#: Every set, oldest first. A dossier is rated on the set in force when its result was returned.
SETS: tuple[CriteriaSet, ...] = (DECREE_118,)


def criteria_for(day: dt.date) -> CriteriaSet:
    """The set in force on `day` (the first one for a day before every set)."""
    current = SETS[0]
    for candidate in SETS:
        if candidate.effective_from <= day:
            current = candidate
    return current


def overall(levels: dict[str, int]) -> int:
    """The overall level of a rating from its contents' levels (see the module's docstring)."""
    given = list(levels.values())
    if not given or min(given) == Level.NOT_SATISFIED:
        return Level.NOT_SATISFIED
    if all(level == Level.VERY_SATISFIED for level in given):
        return Level.VERY_SATISFIED
    return Level.SATISFIED
