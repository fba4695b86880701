"""Reads of online filing: a citizen's drafts, who they may file for, what their profile prefills, the papers
of their store that answer a checklist line, and the counters that receive a procedure online."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from egov.citizens.models import Citizen, Organisation
from egov.core.collation import vietnamese_key
from egov.core.text import search_key
from egov.datastore.models import StoredPaper
from egov.dossiers.counter import receives
from egov.filing.models import Draft
from egov.organizations.models import Agency
from egov.procedures.models import ApplicantType, Procedure, RequiredDocument, ServiceLevel
from egov.procedures.selectors import current_form


def open_drafts(user: Any) -> QuerySet[Draft]:
    """The citizen's drafts not yet submitted, last saved first."""
    return Draft.objects.owned_by(user).open().select_related("procedure", "organisation")


def draft_of(user: Any, pk: int) -> Draft:
    """The draft `pk` if `user` may open it; 404 otherwise (another's draft does not exist for them)."""
    return get_object_or_404(
        Draft.objects.owned_by(user).select_related("procedure", "form_version", "agency", "organisation"),
        pk=pk,
    )


def may_file_online(procedure: Procedure) -> bool:
    """A published procedure with an online service level (Decree 42/2022) and a published online form."""
    return (
        procedure.is_published
        and procedure.service_level != ServiceLevel.INFORMATION
        and current_form(procedure) is not None
    )


def organisations_of(user: Any) -> QuerySet[Organisation]:
    """The organisations the citizen may file for: those they are a member of. (egov.citizens will offer
    `selectors.organisations_of`; until then the membership table is read here, in this one function.)"""
    return Organisation.objects.filter(memberships__user_id=user.pk).order_by("name")


def files_for_organisations(procedure: Procedure) -> bool:
    """Whether the procedure is filed by organisations or businesses (an empty list names no restriction)."""
    kinds = set(procedure.applicant_types or [])
    return not kinds or bool(kinds & {ApplicantType.ORGANISATION, ApplicantType.BUSINESS})


def prefill_for(user: Any, organisation: Organisation | None) -> dict[str, str]:
    """The applicant's details as the profile knows them: the person's, or the organisation's with its tax
    code. (egov.citizens will offer `selectors.prefill_for`; same remark as organisations_of.)"""
    if organisation is not None:
        return {
            "type": ApplicantType.ORGANISATION,
            "name": organisation.name,
            "id_number": organisation.tax_code,
            "phone": organisation.phone,
            "email": organisation.email,
            "address": organisation.address,
        }
    profile = Citizen.objects.filter(user_id=user.pk).first()
    return {
        "type": ApplicantType.CITIZEN,
        "name": user.get_full_name(),
        "id_number": profile.id_number if profile else "",
        "phone": getattr(user, "phone", "") or "",
        "email": user.email or "",
        "address": profile.address if profile else "",
    }


def reusable_papers(draft: Draft, requirement: RequiredDocument) -> list[StoredPaper]:
    """The owner's stored papers that answer this checklist line: filed for it before, or named as it is
    (marks and case ignored); only papers still valid, and of the person or organisation filing."""
    if not requirement.reusable:
        return []
    today = timezone.localdate()
    candidates = (
        StoredPaper.objects.filter(owner_id=draft.owner_id)
        .filter(
            Q(organisation_id=draft.organisation_id)
            if draft.organisation_id
            else Q(organisation__isnull=True)
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("attachment")
    )
    wanted = search_key(requirement.name)
    return [p for p in candidates if p.requirement_id == requirement.pk or search_key(p.name) == wanted]


def receiving_counters(procedure: Procedure) -> list[Agency]:
    """The one-stop counters that receive the procedure (egov.dossiers.counter.receives), in Vietnamese
    alphabetical order. One query per counter: a province has tens of them."""
    counters = Agency.objects.filter(has_counter=True, is_active=True)
    found = [agency for agency in counters if receives(agency, procedure)]
    return sorted(found, key=lambda agency: vietnamese_key(agency.name))
