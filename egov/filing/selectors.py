"""Reads of online filing: a citizen's drafts, the papers of their store that answer a checklist line, and the
counters that receive a procedure online. Who a citizen files for and what their profile prefills are the
citizens app's reads (`egov.citizens.selectors.organisations_of`, `prefill_for`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from egov.citizens.access import is_citizen
from egov.core import statements
from egov.core.collation import vietnamese_key
from egov.core.text import search_key
from egov.datastore.models import StoredPaper
from egov.dossiers.counter import receives
from egov.filing.models import Draft
from egov.organizations.models import Agency
from egov.procedures.models import ApplicantType, FormVersion, Procedure, RequiredDocument, ServiceLevel
from egov.procedures.selectors import current_form


def open_drafts(user: Any) -> QuerySet[Draft]:
    """The citizen's drafts not yet submitted, last saved first."""
    return Draft.objects.owned_by(user).open().select_related("procedure", "organisation")


def draft_of(user: Any, pk: int) -> Draft:
    """The draft `pk` if `user` may open it (permissions.drafts_q: a citizen's own); 404 otherwise (another's
    draft does not exist for them). Every filing page asks it: the statement is built once per process
    (egov.core.statements)."""
    if not is_citizen(user):
        raise Http404
    found = statements.select_objects(_own_draft, int(user.pk), int(pk))
    if not found:
        raise Http404
    return found[0]


def _own_draft(owner_id: int, pk: int) -> QuerySet[Draft]:
    return Draft.objects.filter(owner_id=owner_id, pk=pk).select_related(
        "procedure", "form_version", "agency", "organisation"
    )


def online_form(procedure: Procedure) -> FormVersion | None:
    """The published online form the procedure is filed on, or None when it may not be filed online: it
    must be published, with an online service level (Decree 42/2022) and a published online form."""
    if not procedure.is_published or procedure.service_level == ServiceLevel.INFORMATION:
        return None
    return current_form(procedure)


def may_file_online(procedure: Procedure) -> bool:
    return online_form(procedure) is not None


def files_for_organisations(procedure: Procedure) -> bool:
    """Whether the procedure is filed by organisations or businesses (an empty list names no restriction)."""
    kinds = set(procedure.applicant_types or [])
    return not kinds or bool(kinds & {ApplicantType.ORGANISATION, ApplicantType.BUSINESS})


def reusable_papers(draft: Draft, requirement: RequiredDocument) -> list[StoredPaper]:
    """The owner's stored papers that answer this checklist line: filed for it before, or named as it is
    (marks and case ignored); only papers still valid, and of the person or organisation filing."""
    if not requirement.reusable:
        return []
    return stored_answering(draft.owner_id, draft.organisation_id, {requirement.pk}, requirement.name)


def stored_answering(
    owner_id: int, organisation_id: int | None, requirement_ids: set[int], name: str
) -> list[StoredPaper]:
    """The stored papers of `owner_id` (those of `organisation_id`, or their own when None) still valid that
    were filed for one of `requirement_ids` or bear `name` (marks and case ignored)."""
    today = timezone.localdate()
    candidates = (
        StoredPaper.objects.filter(owner_id=owner_id)
        .filter(Q(organisation_id=organisation_id) if organisation_id else Q(organisation__isnull=True))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("attachment")
    )
    wanted = search_key(name)
    return [p for p in candidates if p.requirement_id in requirement_ids or search_key(p.name) == wanted]


def receiving_counters(procedure: Procedure) -> list[Agency]:
    """The one-stop counters that receive the procedure (egov.dossiers.counter.receives), in Vietnamese
    alphabetical order. One query per counter: a province has tens of them."""
    counters = Agency.objects.filter(has_counter=True, is_active=True)
    found = [agency for agency in counters if receives(agency, procedure)]
    return sorted(found, key=lambda agency: vietnamese_key(agency.name))
