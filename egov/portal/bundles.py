"""The citizen's linked filings (hồ sơ liên thông, egov.dossiers.bundles) as "my dossiers" shows them: one
item per bundle with its parts and their plain states, and, once every required part's result has been
returned, the one result set (each part's current results, signed by its agency where a key exists).

A bundle is the citizen's when they follow every part's dossier (`permissions.my_dossiers`); any other
bundle does not exist for them (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from egov.dossiers import bundles, lookup, status_words
from egov.dossiers.bundle_models import BundlePart, DossierBundle
from egov.dossiers.models import Dossier
from egov.portal import permissions, selectors


def my_bundles(user: Any, statuses: tuple[str, ...] = ()) -> QuerySet[DossierBundle]:
    """The user's linked filings, newest first; with `statuses`, those with a part in one of them."""
    mine = permissions.my_dossiers(user).values("pk")
    qs = DossierBundle.objects.filter(parts__dossier__in=mine).exclude(
        pk__in=BundlePart.objects.exclude(dossier__in=mine).values("bundle_id")
    )
    if statuses:
        qs = qs.filter(Q(parts__dossier__status__in=statuses))
    return qs.select_related("group").distinct().order_by("-submitted_at", "-id")


def bundle_for(user: Any, reference: str) -> DossierBundle:
    """One of the user's linked filings; DossierBundle.DoesNotExist for any other."""
    return my_bundles(user).get(reference=reference)


@dataclass(frozen=True)
class PartRow:
    part: BundlePart
    dossier: Dossier
    plain_status: str | Promise
    waiting: bool


def part_rows(bundle: DossierBundle) -> list[PartRow]:
    rows = []
    for p in bundles.parts_of(bundle):
        rows.append(PartRow(p, p.dossier, status_words.of(p.dossier, held=p.is_held), p.is_held))
    return rows


@dataclass(frozen=True)
class ResultRow:
    dossier: Dossier
    files: list[lookup.PublicResult]


def result_set(bundle: DossierBundle) -> list[ResultRow]:
    """The bundle's one result set, once every required part's result has been returned (else empty):
    each part's current results the applicant may download (`selectors.results`)."""
    if not bundles.is_done(bundle):
        return []
    return [ResultRow(p.dossier, list(selectors.results(p.dossier))) for p in bundles.parts_of(bundle)]


def amount_due(bundle: DossierBundle) -> Decimal:
    return bundles.amount_due(bundle)
