"""Writes to workflow templates: drafts, their steps, publication, discarding a draft.

A template is edited only while it is a draft. Publishing a draft retires the version published
before it (status "unpublished", published_at kept); a dossier keeps the version it started with, so
nothing it uses ever changes. The default template (no agency) is the province administrator's; an
agency administrator edits its own agency's template (permissions.may_edit_workflow).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.audit import Actor
from egov.organizations.holders import role_holders
from egov.organizations.models import Agency, AgencyKind, Role
from egov.procedures import permissions, places
from egov.procedures.models import (
    Procedure,
    PublicationStatus,
    StepKind,
    WorkflowStep,
    WorkflowTemplate,
)
from egov.procedures.services.catalogue import audit_path, hours

STEP_FIELDS = ("kind", "name", "role", "agency", "local_unit", "allotted_hours")
#: Who carries out each kind of step (Decree 61/2018/NĐ-CP art. 15-20: the one-stop counter receives and
#: returns, a specialist processes, a leader approves and signs). An inter-agency step may leave `agency`
#: empty: the other body (police, social insurance, a ministry) is often outside the province's agency
#: tree; the receiving agency then follows the dossier while it is out.
STEP_ROLES: dict[str, tuple[str, ...]] = {
    StepKind.RECEIVE: (Role.DESK_OFFICER,),
    StepKind.RETURN: (Role.DESK_OFFICER,),
    StepKind.APPROVE: (Role.LEADER,),
    StepKind.PROCESS: (Role.SPECIALIST, Role.CLERK, Role.LEADER),
    StepKind.INTER_AGENCY: (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.CLERK),
}


def workflow_problems(procedure: Procedure, steps: list[dict[str, Any]]) -> list[str]:
    """Why these steps cannot form the procedure's workflow (empty: they can)."""
    problems: list[str] = []
    if not steps:
        return [_("A workflow needs at least one step.")]
    if steps[0]["kind"] != StepKind.RECEIVE:
        problems.append(_("The first step must receive the dossier."))
    if steps[-1]["kind"] != StepKind.RETURN:
        problems.append(_("The last step must return the result."))
    if not any(s["kind"] == StepKind.APPROVE for s in steps):
        problems.append(_("A leader must approve the result in one step."))
    for number, step in enumerate(steps, start=1):
        if step["kind"] not in StepKind.values:
            problems.append(_("Step %(n)s: unknown kind.") % {"n": number})
            continue
        if step["role"] not in STEP_ROLES[step["kind"]]:
            problems.append(
                _("Step %(n)s: %(kind)s is done by %(roles)s.")
                % {
                    "n": number,
                    "kind": StepKind(step["kind"]).label,
                    "roles": ", ".join(str(Role(r).label) for r in STEP_ROLES[step["kind"]]),
                }
            )
        if step["allotted_hours"] is None or step["allotted_hours"] < 0:
            problems.append(_("Step %(n)s: the time allotted cannot be negative.") % {"n": number})
        if not str(step.get("name") or "").strip():
            problems.append(_("Step %(n)s: give the step a name.") % {"n": number})
    if problems:
        return problems
    total = sum((Decimal(s["allotted_hours"]) for s in steps), Decimal(0))
    legal = procedure.processing_hours
    if not procedure.allotment_fits(total):
        problems.append(
            _(
                "The steps add up to %(total)s working hours; the legal time is %(legal)s working hours "
                "(%(time)s %(unit)s, a working day being 8 hours)."
            )
            % {
                "total": hours(total),
                "legal": hours(legal),
                "time": hours(procedure.processing_time),
                "unit": procedure.get_time_unit_display(),
            }
        )
    return problems


def receiving_counters(template: WorkflowTemplate) -> list[Agency]:
    """The counters where a dossier following `template` can be received.

    An agency's own template: that agency when it is a counter, else the counters below it that receive the
    procedure. The default template (no agency): the counters of the agencies that carry the procedure out;
    an agency without a counter of its own is served by the province's service centres (service-centre
    counters outside any commune, Decree 118/2025 art. 7.2.a). Left out: counters where a more specific
    template takes precedence, and counters where nobody holds the desk officer's role (no dossier starts
    there).
    """
    owner = template.agency
    if owner is not None and owner.has_counter:
        return [owner] if role_holders(Role.DESK_OFFICER, owner) else []
    counters = list(Agency.objects.filter(has_counter=True, is_active=True).order_by("path"))
    communes = [a.path for a in Agency.objects.filter(kind=AgencyKind.COMMUNE)]
    centres = [
        c
        for c in counters
        if c.kind == AgencyKind.SERVICE_CENTER and not any(c.path.startswith(p) for p in communes)
    ]
    found: dict[int, Agency] = {}
    for agency in template.procedure.agencies.filter(is_active=True):
        own = [c for c in counters if c.path.startswith(agency.path)]
        for counter in own or centres:
            if owner is None or counter.path.startswith(owner.path):
                found[counter.pk] = counter
    overriding = [
        t.agency.path
        for t in WorkflowTemplate.objects.filter(
            procedure=template.procedure, status=PublicationStatus.PUBLISHED, agency__isnull=False
        ).select_related("agency")
        if t.agency is not None
        and (owner is None or (t.agency.path.startswith(owner.path) and t.agency.pk != owner.pk))
    ]
    # A counter where nobody may receive starts no dossier: it cannot leave one stuck either.
    return [
        c
        for c in found.values()
        if not any(c.path.startswith(p) for p in overriding) and role_holders(Role.DESK_OFFICER, c)
    ]


def step_places(template: WorkflowTemplate) -> list[tuple[WorkflowStep, list[Agency]]]:
    """Each step of `template` with every place it can happen: for each counter that can receive a
    dossier following it, where the step resolves (`places.step_place`: the counter itself, the named
    agency, or the named agency's unit serving that counter's commune)."""
    counters: list[Agency] | None = None
    rows: list[tuple[WorkflowStep, list[Agency]]] = []
    for step in template.steps.select_related("agency").order_by("position"):
        if step.agency is not None and not step.local_unit:
            rows.append((step, [step.agency]))
            continue
        if counters is None:
            counters = receiving_counters(template)
        found: dict[int, Agency] = {}
        for counter in counters:
            place = places.step_place(step, counter)
            found.setdefault(place.pk, place)
        rows.append((step, list(found.values())))
    return rows


def unstaffed_steps(template: WorkflowTemplate) -> list[str]:
    """The steps of `template` that nobody can act on, each as a sentence naming the step and the place.

    A step is acted on by whoever holds its role at its agency or above (the signing step inside a commune:
    the commune's own leaders, `organizations.holders`), at every place it can happen (`step_places`: a
    step naming its agency's unit serving the commune is checked at the unit of each receiving commune).
    Checked when the workflow is published, so that a dossier never waits at a step nobody can take.
    """
    problems: list[str] = []
    for step, where in step_places(template):
        for place in where:
            if role_holders(step.role, place, signing=step.kind == StepKind.APPROVE):
                continue
            problems.append(
                _(
                    "Step %(n)s “%(name)s”: nobody holds the role %(role)s at %(agency)s, so no one "
                    "could act on it; name the agency that carries it out or give someone that role there."
                )
                % {"n": step.position, "name": step.name, "role": Role(step.role).label, "agency": place.name}
            )
    return problems


def step_rows(template: WorkflowTemplate) -> list[dict[str, Any]]:
    """The template's steps as the catalogue format writes them (agency by code, hours as text)."""
    return [
        {
            "kind": s.kind,
            "name": s.name,
            "role": s.role,
            "agency": s.agency.code if s.agency else None,
            **({"local_unit": True} if s.local_unit else {}),
            "allotted_hours": hours(s.allotted_hours),
        }
        for s in template.steps.select_related("agency").order_by("position")
    ]


def _default_steps(procedure: Procedure) -> list[dict[str, Any]]:
    """A starting point for a first draft: the four usual steps, all the time on processing."""
    steps = (
        (StepKind.RECEIVE, _("Receive the dossier"), Role.DESK_OFFICER, Decimal(0)),
        (StepKind.PROCESS, _("Examine the dossier"), Role.SPECIALIST, procedure.processing_hours),
        (StepKind.APPROVE, _("Approve and sign"), Role.LEADER, Decimal(0)),
        (StepKind.RETURN, _("Return the result"), Role.DESK_OFFICER, Decimal(0)),
    )
    return [
        {"kind": kind, "name": name, "role": role, "agency": None, "allotted_hours": allotted}
        for kind, name, role, allotted in steps
    ]


def _agency_path(template: WorkflowTemplate) -> str:
    return template.agency.path if template.agency else audit_path(template.procedure)


@transaction.atomic
def new_workflow_draft(actor: Actor, procedure: Procedure, agency: Agency | None = None) -> WorkflowTemplate:
    """A draft version for `agency` (None: the default), copying the latest version's steps."""
    permissions.require_workflow_editor(actor, procedure, agency)
    family = WorkflowTemplate.objects.select_for_update(of=("self",)).filter(
        procedure=procedure, agency=agency
    )
    draft = family.filter(status=PublicationStatus.DRAFT).first()
    if draft is not None:
        return draft
    latest = family.order_by("-version").first()
    version = (family.aggregate(m=Max("version"))["m"] or 0) + 1
    template = WorkflowTemplate.objects.create(procedure=procedure, agency=agency, version=version)
    if latest is not None:
        WorkflowStep.objects.bulk_create(
            WorkflowStep(
                template=template,
                position=s.position,
                kind=s.kind,
                name=s.name,
                role=s.role,
                agency=s.agency,
                local_unit=s.local_unit,
                allotted_hours=s.allotted_hours,
            )
            for s in latest.steps.all()
        )
    else:
        _write_steps(template, _default_steps(procedure))
    audit.record(
        actor,
        "workflow.draft",
        template,
        after={"version": version, "steps": step_rows(template)},
        agency_path=_agency_path(template),
    )
    return template


def _write_steps(template: WorkflowTemplate, steps: list[dict[str, Any]]) -> None:
    template.steps.all().delete()
    WorkflowStep.objects.bulk_create(
        WorkflowStep(
            template=template,
            position=number,
            kind=s["kind"],
            name=str(s["name"]).strip(),
            role=s["role"],
            agency=s.get("agency") if isinstance(s.get("agency"), Agency) else None,
            # Without a named agency there is no unit to look for: the flag would mean nothing.
            local_unit=bool(s.get("local_unit")) and isinstance(s.get("agency"), Agency),
            allotted_hours=Decimal(s["allotted_hours"]),
        )
        for number, s in enumerate(steps, start=1)
    )


def require_draft(version: Any) -> None:
    if version.status != PublicationStatus.DRAFT:
        raise ValidationError(_("Only a draft can be changed; start a new version."))


def _locked(template: WorkflowTemplate) -> WorkflowTemplate:
    return (
        WorkflowTemplate.objects.select_for_update(of=("self",))
        .select_related("procedure", "agency")
        .get(pk=template.pk)
    )


@transaction.atomic
def save_workflow_steps(
    actor: Actor, template: WorkflowTemplate, steps: list[dict[str, Any]]
) -> WorkflowTemplate:
    """Replace a draft's steps (dicts of STEP_FIELDS, `agency` an Agency or None), checked in full."""
    template = _locked(template)
    permissions.require_workflow_editor(actor, template.procedure, template.agency)
    require_draft(template)
    problems = workflow_problems(template.procedure, steps)
    if problems:
        raise ValidationError(problems)
    before = step_rows(template)
    _write_steps(template, steps)
    audit.record(
        actor,
        "workflow.steps",
        template,
        before={"steps": before},
        after={"steps": step_rows(template)},
        agency_path=_agency_path(template),
    )
    return template


@transaction.atomic
def publish_workflow(actor: Actor, template: WorkflowTemplate) -> WorkflowTemplate:
    """Make a draft the version new dossiers start with; the previous version is retired."""
    template = _locked(template)
    permissions.require_workflow_editor(actor, template.procedure, template.agency)
    require_draft(template)
    steps = [
        {**row, "agency": obj.agency, "allotted_hours": obj.allotted_hours}
        for row, obj in zip(
            step_rows(template), template.steps.select_related("agency").order_by("position"), strict=True
        )
    ]
    problems = workflow_problems(template.procedure, steps) or unstaffed_steps(template)
    if problems:
        raise ValidationError(problems)
    WorkflowTemplate.objects.filter(
        procedure=template.procedure, agency=template.agency, status=PublicationStatus.PUBLISHED
    ).update(status=PublicationStatus.UNPUBLISHED)
    template.status = PublicationStatus.PUBLISHED
    template.published_at = timezone.now()
    template.save(update_fields=["status", "published_at"])
    audit.record(
        actor,
        "workflow.publish",
        template,
        after={"version": template.version},
        agency_path=_agency_path(template),
    )
    return template


@transaction.atomic
def discard_workflow_draft(actor: Actor, template: WorkflowTemplate) -> None:
    """Delete a draft version that was never published."""
    template = _locked(template)
    permissions.require_workflow_editor(actor, template.procedure, template.agency)
    require_draft(template)
    audit.record(
        actor,
        "workflow.discard",
        template,
        before={"version": template.version},
        agency_path=_agency_path(template),
    )
    template.delete()
