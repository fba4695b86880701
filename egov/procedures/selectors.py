"""Reads about the catalogue: current versions, what the public sees, search and autocomplete.

Who may read or change what is decided in `permissions.py`.

Search folds Vietnamese the same way for the stored key and the query
(egov.core.text.search_words: marks and đ→d removed, the i/y spelling variants
made equal), so "dang ky khai sinh", "Đăng ký khai sinh" and "đăng kí khai sinh"
give identical results. Words match whole; the last one may be a word still
being typed. A code is one word with or without its dots ("1.001193",
"1001193", "1 001193"), so a code typed in part finds the codes it begins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.db.models.functions import Length

from egov.core import statements
from egov.core.text import query_words, words_condition
from egov.organizations.models import Agency
from egov.procedures import catalogue_version
from egov.procedures.models import (
    Fee,
    Field,
    FormVersion,
    Procedure,
    PublicationStatus,
    RequiredDocument,
    WorkflowTemplate,
)

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


def _form_of_status(procedure_id: int, status: str) -> QuerySet[FormVersion]:
    return FormVersion.objects.filter(procedure_id=procedure_id, status=status).order_by("-version")[:1]


def current_form(procedure: Procedure) -> FormVersion | None:
    """The published online form a new submission uses. Kept per process under the catalogue's version
    token (catalogue_version: a form's save, publication included, replaces it), since every filing reads
    it; the instance is shared, so callers read it and never change it."""
    return catalogue_version.kept(
        ("current_form", procedure.pk),
        lambda: statements.select_one(_form_of_status, procedure.pk, PublicationStatus.PUBLISHED),
    )


def _checklist(procedure_id: int) -> QuerySet[RequiredDocument]:
    return RequiredDocument.objects.filter(procedure_id=procedure_id)


def _fee_lines(procedure_id: int) -> QuerySet[Fee]:
    return Fee.objects.filter(procedure_id=procedure_id)


def checklist(procedure: Procedure) -> tuple[RequiredDocument, ...]:
    """`procedure.documents.all()`, kept per process under the catalogue's version token as `current_form`
    is (a paper's save or delete replaces it): read by every filing and every paper page. Shared
    instances: read them, never change them."""
    return catalogue_version.kept(
        ("checklist", procedure.pk), lambda: tuple(statements.select_objects(_checklist, procedure.pk))
    )


def online_checklist(procedure: Procedure) -> tuple[RequiredDocument, ...]:
    """The papers an online filing asks for: the checklist without the declaration the published online
    form stands for and the papers the one-stop reads from a database (`RequiredDocument.asked_online`;
    Decree 118/2025/NĐ-CP art. 4.2a as Decree 309/2026/NĐ-CP art. 2.1 adds it, art. 5.1.i)."""
    has_form = current_form(procedure) is not None
    return tuple(doc for doc in checklist(procedure) if doc.asked_online(has_form))


def not_asked_online(procedure: Procedure) -> tuple[RequiredDocument, ...]:
    """The checklist's other papers: what the online filing does not ask for, named on its pages."""
    asked = set(online_checklist(procedure))
    return tuple(doc for doc in checklist(procedure) if doc not in asked)


def fee_lines(procedure: Procedure) -> tuple[Fee, ...]:
    """`procedure.fees.all()`, kept as `checklist` is (a fee line's save or delete replaces the token)."""
    return catalogue_version.kept(
        ("fee_lines", procedure.pk), lambda: tuple(statements.select_objects(_fee_lines, procedure.pk))
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


def _by_code_and_status(code: str, status: str) -> QuerySet[Procedure]:
    return Procedure.objects.filter(code=code, status=status).select_related("field")


def public_procedure(code: str) -> Procedure | None:
    """The published procedure with this national code, or None: a statement built once per process
    (egov.core.statements), since the API's filing asks it on every request."""
    return statements.select_one(_by_code_and_status, code, PublicationStatus.PUBLISHED)


def public_fields() -> QuerySet[Field]:
    return Field.objects.filter(procedures__status=PublicationStatus.PUBLISHED).distinct()


def public_agencies() -> QuerySet[Agency]:
    return (
        Agency.objects.filter(procedures__status=PublicationStatus.PUBLISHED, is_active=True)
        .distinct()
        .order_by("path")
    )


def _code_forms(text: str) -> list[str]:
    """How the typed text could be written as a national code ("1001193" → "1.001193"), for ranking."""
    words = query_words(text)
    forms = [text.strip()]
    if len(words) == 1 and words[0].isdigit() and len(words[0]) > 1:
        forms.append(f"{words[0][0]}.{words[0][1:]}")
    return forms


def has_words(text: str) -> bool:
    """Whether a typed text holds something to search for (punctuation, symbols and spaces do not)."""
    return bool(query_words(text))


def search(query: Query, base: QuerySet[Procedure] | None = None) -> QuerySet[Procedure]:
    """Published procedures matching every word of the query (whole words, folded), best matches first.

    An empty text lists everything the other filters let through; a text with no word in it
    (punctuation, symbols, spaces) finds nothing.
    """
    rows = base if base is not None else public_procedures()
    if query.field:
        rows = rows.filter(field__code=query.field)
    if query.level:
        # The JSON text of the list holds '"commune"'; this lookup works on SQLite and PostgreSQL alike.
        rows = rows.filter(levels__icontains=f'"{query.level}"')
    if query.agency:
        rows = rows.filter(agencies__id=query.agency)
    if not query.text:
        return rows.order_by("field__sort_order", "name_folded", "code")
    condition = words_condition("search_text", query.text)
    if condition is None:
        return rows.none()
    # The key begins with the name's words (services.catalogue.reindex), so a key that begins with the
    # typed phrase is a name that begins with it.
    phrase = " " + " ".join(query_words(query.text))
    rank = Case(
        When(code__in=_code_forms(query.text), then=Value(0)),
        When(search_text__startswith=phrase, then=Value(1)),
        When(search_text__contains=phrase, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    # Within a rank the shorter name first: "Thủ tục đăng ký khai sinh" before the longer names that
    # merely contain the phrase.
    ranked = rows.filter(condition).annotate(rank=rank, name_length=Length("name_folded"))
    return ranked.order_by("rank", "name_length", "name_folded", "code")


def autocomplete(text: str, limit: int = AUTOCOMPLETE_LIMIT) -> list[dict[str, str]]:
    """Names (and codes) of published procedures for a partly typed query, prefix matches first."""
    if not has_words(text):
        return []
    rows = search(Query(text=text)).values_list("code", "name")[:limit]
    return [{"code": code, "name": name} for code, name in rows]
