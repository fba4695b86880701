"""Reads about the catalogue: current versions, what the public sees, search and autocomplete.

Who may read or change what is decided in `permissions.py`.

Search folds Vietnamese the same way for the stored text and the query
(egov.core.text.fold: marks and đ→d removed), so "dang ky khai sinh" and
"Đăng ký khai sinh" give identical results. A query shaped like a national
code (digits and dots, e.g. "1.001193") also matches codes by prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from egov.core.text import fold
from egov.organizations.models import Agency
from egov.procedures.models import (
    Field,
    FormVersion,
    Procedure,
    PublicationStatus,
    WorkflowTemplate,
)

CODE_RE = re.compile(r"^[0-9][0-9.]*$")
TOKEN_RE = re.compile(r"[0-9a-z.]+")
AUTOCOMPLETE_LIMIT = 10


# --- administration -----------------------------------------------------------------------------------


def readable_procedures(user: Any) -> QuerySet[Procedure]:
    """Procedures the user may open in the administration screens (see permissions.readable_q)."""
    return Procedure.objects.visible_to(user).select_related("field")


# --- versions -------------------------------------------------------------------------------------------


def current_workflow(procedure: Procedure, agency: Agency | None = None) -> WorkflowTemplate | None:
    """The published workflow a new dossier at `agency` starts with.

    The agency's own template wins; otherwise the nearest ancestor's; otherwise
    the procedure's default (no agency). A dossier stores the template it got,
    so later versions never change it.
    """
    published = WorkflowTemplate.objects.filter(procedure=procedure, status=PublicationStatus.PUBLISHED)
    if agency is not None:
        by_agency = {
            t.agency.path: t
            for t in published.filter(agency__isnull=False).select_related("agency")
            if t.agency is not None
        }
        for path in reversed(agency.ancestor_paths()):
            if path in by_agency:
                return by_agency[path]
    return published.filter(agency__isnull=True).order_by("-version").first()


def current_form(procedure: Procedure) -> FormVersion | None:
    """The published online form a new submission uses."""
    return (
        FormVersion.objects.filter(procedure=procedure, status=PublicationStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )


def latest_form(procedure: Procedure) -> FormVersion | None:
    return FormVersion.objects.filter(procedure=procedure).order_by("-version").first()


def workflow_families(procedure: Procedure) -> list[dict[str, Any]]:
    """The templates of a procedure grouped by agency, newest version first."""
    families: dict[int | None, dict[str, Any]] = {}
    templates = (
        procedure.workflows.select_related("agency")
        .prefetch_related("steps")
        .order_by("agency__path", "-version")
    )
    for template in templates:
        family = families.setdefault(
            template.agency_id, {"agency": template.agency, "versions": [], "published": None, "draft": None}
        )
        family["versions"].append(template)
        if template.status == PublicationStatus.PUBLISHED:
            family["published"] = template
        elif template.status == PublicationStatus.DRAFT:
            family["draft"] = template
    return sorted(
        families.values(), key=lambda f: (f["agency"] is not None, f["agency"] and f["agency"].path)
    )


# --- public browsing and search ----------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    text: str = ""
    field: str = ""
    agency: int | None = None
    level: str = ""


def public_procedures() -> QuerySet[Procedure]:
    return Procedure.objects.published().select_related("field")


def public_fields() -> QuerySet[Field]:
    return Field.objects.filter(procedures__status=PublicationStatus.PUBLISHED).distinct()


def public_agencies() -> QuerySet[Agency]:
    return (
        Agency.objects.filter(procedures__status=PublicationStatus.PUBLISHED, is_active=True)
        .distinct()
        .order_by("path")
    )


def _tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(fold(text))


def search(query: Query, base: QuerySet[Procedure] | None = None) -> QuerySet[Procedure]:
    """Published procedures matching every word of the query (folded), best matches first."""
    rows = base if base is not None else public_procedures()
    if query.field:
        rows = rows.filter(field__code=query.field)
    if query.level:
        # The JSON text of the list holds '"commune"'; this lookup works on SQLite and PostgreSQL alike.
        rows = rows.filter(levels__icontains=f'"{query.level}"')
    if query.agency:
        rows = rows.filter(agencies__id=query.agency)
    folded = fold(query.text)
    if not folded:
        return rows.order_by("field__sort_order", "name_folded", "code")
    tokens = _tokens(query.text)
    if not tokens:
        return rows.none()
    condition = Q()
    for token in tokens:
        condition &= Q(search_text__contains=token)
    if CODE_RE.match(folded):
        condition |= Q(code__startswith=folded)
    phrase = " ".join(tokens)
    rank = Case(
        When(code=folded, then=Value(0)),
        When(name_folded__startswith=phrase, then=Value(1)),
        When(name_folded__contains=phrase, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return rows.filter(condition).annotate(rank=rank).order_by("rank", "name_folded", "code")


def autocomplete(text: str, limit: int = AUTOCOMPLETE_LIMIT) -> list[dict[str, str]]:
    """Names (and codes) of published procedures for a partly typed query, prefix matches first."""
    tokens = _tokens(text)
    if not tokens:
        return []
    rows = search(Query(text=text)).values_list("code", "name")[:limit]
    return [{"code": code, "name": name} for code, name in rows]
