"""Results of a dossier as Decree 118/2025 art. 20, 22 and 23 shape them: the document code of an electronic
result, which result the applicant sees after a correction, where a corrected result is made, and where the
paper dossier goes when the receiving centre is not the competent agency.

Each rule's parameters are in the dossier's rule set (rules/*.json "result", "paper_forward"); a rule set
without them (the 2018 one) has none of these rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from egov.core.calendar import due_at
from egov.dossiers import steps
from egov.dossiers.models import Attachment, Dossier, DossierEvent, Timeliness
from egov.dossiers.rules import rules_by_version
from egov.organizations.models import Agency
from egov.procedures import places
from egov.procedures.models import ApplicantType, StepKind, TimeUnit

#: The applicants whose ID number is an identifier in the sense of art. 22.4: a citizen's personal ID
#: number, an organisation's or business's tax code. A foreigner's passport number is not one.
IDENTIFIED = (ApplicantType.CITIZEN, ApplicantType.ORGANISATION, ApplicantType.BUSINESS)


def document_code(d: Dossier) -> str:
    """Mã số giấy tờ of an electronic result of this dossier (Decree 118/2025 art. 22.4): the applicant's
    identifier and the procedure's result-type code. Empty when the dossier's rules have no such code, the
    procedure has no result-type code, or the applicant has no identifier (art. 19.2 then asks for the
    name, year of birth and the ID paper's issue instead, which a code cannot carry)."""
    pattern = rules_by_version(d.rules_version).document_code_format
    identifier = d.applicant_id_number.strip() if d.applicant_type in IDENTIFIED else ""
    result_type = d.procedure.result_type_code.strip()
    if pattern is None or not identifier or not result_type:
        return ""
    return pattern.format(identifier=identifier, result_type=result_type)


def why_no_document_code(d: Dossier) -> str:
    """A short key saying why results of this dossier carry no document code ("" when they do)."""
    if rules_by_version(d.rules_version).document_code_format is None:
        return "rules"
    if not d.procedure.result_type_code.strip():
        return "result_type"
    if d.applicant_type not in IDENTIFIED or not d.applicant_id_number.strip():
        return "identifier"
    return ""


def local_iso(moment: dt.datetime) -> str:
    return timezone.localtime(moment).isoformat()


def all_results(d: Dossier, files: list[Attachment] | None = None) -> list[Attachment]:
    """The dossier's result files, oldest first (`files`: all its attachments in that order, when the caller
    has read them already)."""
    if files is not None:
        return [a for a in files if a.kind == Attachment.Kind.RESULT]
    return list(d.attachments.filter(kind=Attachment.Kind.RESULT).order_by("uploaded_at", "id"))


def current_results(d: Dossier, files: list[Attachment] | None = None) -> list[Attachment]:
    """The result files the applicant receives: those of the latest move that brought results. A corrected
    result replaces the earlier one here; the earlier one stays on the dossier and in its history."""
    results = all_results(d, files)
    if not results:
        return []
    latest = results[-1].event_id
    return [a for a in results if a.event_id == latest]


def issuing_event(d: Dossier) -> DossierEvent | None:
    """The latest move that brought the dossier to its return step from a step of the competent side: the
    step that issued the result now at the counter."""
    return (
        d.events.filter(to_step__kind=StepKind.RETURN, from_step__isnull=False)
        .exclude(from_step__kind=StepKind.RETURN)
        .select_related("from_step", "actor")
        .order_by("-at", "-id")
        .first()
    )


def correction_due(d: Dossier, now: dt.datetime) -> dt.datetime | None:
    """When the corrected result must be back at the one-stop unit; None when the rules have no correction."""
    days = rules_by_version(d.rules_version).correction_days
    return None if days is None else due_at(now, days, TimeUnit.WORKING_DAYS)


def end_correction(d: Dossier, now: dt.datetime) -> dict[str, str | None]:
    """The corrected result is back at the counter: on time or late against the correction's limit; the
    limit is cleared. Returns what the history row keeps."""
    assert d.correction_due_at is not None
    d.correction_timeliness = Timeliness.LATE if now > d.correction_due_at else Timeliness.ON_TIME
    data: dict[str, str | None] = {
        "correction": d.correction_timeliness,
        "correction_due": local_iso(d.correction_due_at),
    }
    d.correction_due_at = None
    return data


def paper_destination(d: Dossier) -> Agency | None:
    """Where the paper dossier goes: the agency where it is first worked on after receipt, i.e. the place of
    the first later step naming one (None when no step names one)."""
    working = (s for s in steps.steps_of(d) if s.kind not in (StepKind.RECEIVE, StepKind.RETURN))
    step = next((s for s in working if s.agency is not None), None)
    return places.step_place(step, d.receiving_agency) if step is not None else None


def plan_paper_forward(d: Dossier, now: dt.datetime) -> None:
    """At receipt: when the competent agency is outside the receiving centre, the paper dossier must
    reach it within the rules' limit (Decree 118/2025 art. 20.1.a); set where and by when. Not saved here."""
    days = rules_by_version(d.rules_version).paper_forward_days
    target = paper_destination(d)
    if days is None or target is None or target.path.startswith(d.receiving_agency.path):
        return
    d.paper_forward_to = target
    d.paper_forward_due_at = due_at(now, days, TimeUnit.WORKING_DAYS)


@dataclass(frozen=True)
class StaffView:
    """What the dossier page shows of the result rules: each result with its code and whether the applicant
    receives it, why no code was given, the correction and the paper forward with their limits."""

    results: list[tuple[Attachment, bool]]
    no_code: str
    correction_late: bool
    papers_late: bool


def staff_view(d: Dossier, now: dt.datetime, files: list[Attachment] | None = None) -> StaffView:
    """`files`: the dossier's attachments in their order, when the caller has read them already."""
    everything = all_results(d, files)
    current = {a.pk for a in current_results(d, everything)}
    papers_by = d.papers_sent_at or now
    return StaffView(
        results=[(a, a.pk in current) for a in everything],
        no_code=why_no_document_code(d),
        correction_late=d.correction_due_at is not None and d.correction_due_at < now,
        papers_late=d.paper_forward_due_at is not None and papers_by > d.paper_forward_due_at,
    )
