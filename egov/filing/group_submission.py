"""Submitting a linked group draft: what is still missing, and the one filing of every part.

`submit` locks the draft row, answers with the bundle already made if there is one, refuses while anything
is missing, and otherwise files the group through `egov.dossiers.bundles.submit_group` with the draft's
one-time key: one bundle, one online dossier per chosen part at its own receiving agency
(`egov.procedures.groups.part_places` from the counter chosen), each with its form answers, the fees of the
case the applicant chose for it and the papers it asks for. A file given once for a paper two parts ask for
is attached to both dossiers (the same stored file, never copied: stored files are never overwritten). A
second submit waits for the first's lock and finds its bundle; the key on the bundle is a second guard.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.audit import Actor
from egov.dossiers import bundles, intake
from egov.dossiers import files as filestore
from egov.dossiers.bundle_models import DossierBundle
from egov.dossiers.counter import receives
from egov.filing import drafting, known, permissions
from egov.filing import group_journey as journey
from egov.filing.group_models import GroupDraft
from egov.filing.journey import Step
from egov.filing.selectors import receiving_counters
from egov.filing.submission import stored_file
from egov.organizations.models import Agency
from egov.payments.fees import fees_due
from egov.procedures import groups
from egov.procedures.models import Channel, GroupPart, ProcedureGroup


@dataclass(frozen=True)
class Problem:
    step: Step
    message: str


def first_part(group: ProcedureGroup) -> GroupPart | None:
    return group.parts.select_related("procedure").order_by("position").first()


def group_counters(group: ProcedureGroup) -> list[Agency]:
    """Where the group may be filed: the counters receiving its first part (the other parts are routed from
    there, `groups.part_places`)."""
    part = first_part(group)
    return receiving_counters(part.procedure) if part is not None else []


def receives_group(agency: Agency, group: ProcedureGroup) -> bool:
    part = first_part(group)
    return part is not None and agency.is_active and receives(agency, part.procedure)


def problems(draft: GroupDraft, steps: list[Step] | None = None) -> list[Problem]:
    """What keeps the draft from being submitted, in the journey's order."""
    steps = steps if steps is not None else journey.steps_of(draft)
    given = set(draft.papers.values_list("key", flat=True))
    lines = {f"paper-{line.first.pk}": line for line in journey.paper_lines(journey.chosen_parts(draft))}
    found = []
    for step in steps:
        line = lines.get(step.key)
        if line is not None:
            if line.required and line.key not in given:
                found.append(Problem(step, _("Add the paper: %(name)s") % {"name": line.name}))
        elif step.key not in draft.done:
            found.append(Problem(step, _("Answer this part: %(title)s") % {"title": step.title}))
        elif step.key == journey.PLACE and not (
            draft.agency is not None and receives_group(draft.agency, draft.group)
        ):
            found.append(Problem(step, _("The counter you chose no longer receives it: choose again.")))
    return found


def submit(*, actor: Actor, draft: GroupDraft, now: dt.datetime | None = None) -> DossierBundle:
    """File the group once: one bundle and one online dossier per chosen part, however often or at once it
    is sent. Refused, changing nothing, while something is missing."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            GroupDraft.objects.select_for_update(of=("self",))
            .select_related("group", "agency", "bundle")
            .get(pk=draft.pk)
        )
        if not permissions.may_open(actor, locked):
            raise PermissionDenied
        if locked.bundle is not None:
            return locked.bundle
        found = problems(locked)
        if found:
            raise ValidationError([p.message for p in found])
        assert locked.agency is not None
        parts = journey.chosen_parts(locked)
        places = groups.part_places(locked.group, locked.agency)
        versions = journey.versions_of(locked)
        papers = list(locked.papers.select_related("stored_paper__attachment").order_by("added_at", "id"))
        # A paper of a line the catalogue stopped asking online since it was given: not filed, not kept.
        lines = journey.paper_lines(parts)
        asked = {line.key for line in lines}
        drafting.drop_papers([p for p in papers if p.key not in asked])
        stored: dict[int, list[filestore.StoredFile]] = {p.position: [] for p in parts}
        for line in lines:
            for position, requirement in line.lines:
                stored[position] += [
                    stored_file(paper, requirement.pk) for paper in papers if paper.key == line.key
                ]
        a = locked.applicant
        bundle = bundles.submit_group(
            actor=actor,
            owner=actor,  # type: ignore[arg-type]
            group=locked.group,
            agency_by_part={p.position: places[p.position] for p in parts},
            applicant=intake.Applicant(
                name=a.get("name", ""),
                type=a.get("type", ""),
                id_number=a.get("id_number", ""),
                phone=a.get("phone", ""),
                email=a.get("email", ""),
                address=a.get("address", ""),
            ),
            answers=locked.answers,
            fees={
                p.position: fees_due(
                    p.procedure,
                    Channel.ONLINE,
                    chosen=locked.fee_cases_of(p.position),
                    answers=locked.answers_of(p.position),
                )
                for p in parts
            },
            idempotency_key=locked.idempotency_key,
            stored_files=stored,
            part_answers={
                p.position: (
                    versions[p.position],
                    # The applicant step's details, as the part's form pages left them out (filing.known).
                    known.with_known(
                        locked.answers_of(p.position),
                        versions[p.position].schema.get("fields", []),
                        locked.applicant,
                    ),
                )
                for p in parts
                if p.position in versions
            },
            now=now,
        )
        locked.bundle = bundle
        locked.submitted_at = locked.updated_at = now
        locked.save(update_fields=["bundle", "submitted_at", "updated_at"])
        audit.record(actor, "filing.group_submit", locked, after={"bundle": bundle.reference})
    return bundle
