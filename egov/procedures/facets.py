"""The public search page's facets: the fields and agencies that have published procedures, with their
counts. Every visit of `/thu-tuc/` shows them (in the filter's selects and, before a search, as lists), and
they change only when the catalogue does: so they come from the cache, dropped whenever a procedure, a
field or an agency is saved or deleted, or a procedure's agencies change. With the embedded profile's
local-memory cache another worker keeps its copy at most `TIMEOUT` seconds; with Redis the drop reaches
every worker at once (as the work queues' filter options, egov.dossiers.queue_filter).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any, cast

from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from egov.organizations.models import Agency
from egov.procedures import selectors
from egov.procedures.models import Field, Level, Procedure, PublicationStatus

KEY = "procedures:public-facets"
TIMEOUT = 300


@dataclass(frozen=True)
class FieldFacet:
    code: str
    name: str
    n: int


@dataclass(frozen=True)
class AgencyFacet:
    pk: int
    name: str
    n: int


@dataclass(frozen=True)
class LevelFacet:
    """A level that carries out published procedures (its label is read at rendering, in the reader's
    language: the cache is shared by every language)."""

    value: str
    n: int


def facets() -> dict[str, Any]:
    """{"fields": [FieldFacet…], "agencies": [AgencyFacet…], "levels": [LevelFacet…]}, in the page's order,
    and "token", naming this build of them.
    A level no published procedure names is left out: a filter that can only answer "nothing" misleads
    (districts, abolished on 1 July 2025, keep their value for old procedures)."""

    def build() -> dict[str, Any]:
        published = Q(procedures__status=PublicationStatus.PUBLISHED)
        fields = Field.objects.annotate(n=Count("procedures", filter=published)).filter(n__gt=0)
        agencies = selectors.public_agencies().annotate(n=Count("procedures", filter=published))
        counted: Counter[str] = Counter()
        for levels in Procedure.objects.filter(status=PublicationStatus.PUBLISHED).values_list(
            "levels", flat=True
        ):
            counted.update(set(levels or []))
        return {
            # Names this build: the search page keeps its selects' markup per build (search_markup).
            "token": uuid.uuid4().hex,
            "fields": [FieldFacet(f.code, f.name, f.n) for f in fields],
            "agencies": [AgencyFacet(a.pk, a.name, a.n) for a in agencies],
            "levels": [LevelFacet(value, counted[value]) for value in Level.values if counted[value]],
        }

    return cast(dict[str, Any], cache.get_or_set(KEY, build, TIMEOUT))


def _forget(**_kwargs: Any) -> None:
    cache.delete(KEY)


for _model in (Procedure, Field, Agency):
    post_save.connect(_forget, sender=_model, dispatch_uid=f"procedure-facets-{_model.__name__}")
    post_delete.connect(_forget, sender=_model, dispatch_uid=f"procedure-facets-{_model.__name__}-d")
m2m_changed.connect(_forget, sender=Procedure.agencies.through, dispatch_uid="procedure-facets-agencies")
