"""Which agency answers a feedback: the one responsible for what it is about.

- a dossier (by its code or its online submission reference): the agency where it sits while it is open, else
  the agency that received it (and returns its result);
- a procedure (by its code): the agency the sender names, which must carry the procedure out when the
  catalogue lists who does; else the only agency the catalogue lists; else where the published workflow's
  last approval happens;
- an agency: that agency.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from egov.dossiers.lookup import normalise
from egov.dossiers.models import Dossier
from egov.feedback.models import Topic
from egov.organizations.models import Agency
from egov.procedures.models import Procedure, PublicationStatus, StepKind, WorkflowStep


@dataclass(frozen=True)
class Target:
    agency: Agency
    dossier: Dossier | None = None
    procedure: Procedure | None = None


def responsible(topic: str, code: str, agency: Agency | None) -> Target:
    if topic == Topic.DOSSIER:
        return _dossier(code)
    if topic == Topic.PROCEDURE:
        return _procedure(code, agency)
    if topic == Topic.AGENCY:
        if agency is None or not agency.is_active:
            raise ValidationError({"agency": _("Choose the agency your feedback is about.")})
        return Target(agency=agency)
    raise ValidationError({"topic": _("Choose what your feedback is about.")})


def _dossier(code: str) -> Target:
    normal = normalise(code or "")
    d = (
        Dossier.objects.select_related("procedure", "receiving_agency", "current_agency")
        .filter(Q(code=normal) | Q(submission_ref=normal))
        .first()
        if normal
        else None
    )
    if d is None:
        raise ValidationError({"code": _("No dossier has this code. Type the code printed on your receipt.")})
    agency = d.current_agency if d.is_open and d.current_agency is not None else d.receiving_agency
    return Target(agency=agency, dossier=d, procedure=d.procedure)


def _procedure(code: str, agency: Agency | None) -> Target:
    procedure = Procedure.objects.published().filter(code=(code or "").strip()).first()
    if procedure is None:
        raise ValidationError({"code": _("No published procedure has this code.")})
    listed = list(procedure.agencies.filter(is_active=True))
    if agency is not None:
        if listed and agency not in listed:
            raise ValidationError({"agency": _("This agency does not carry out this procedure.")})
        return Target(agency=agency, procedure=procedure)
    if len(listed) == 1:
        return Target(agency=listed[0], procedure=procedure)
    step = (
        WorkflowStep.objects.filter(
            template__procedure=procedure,
            template__status=PublicationStatus.PUBLISHED,
            kind=StepKind.APPROVE,
            agency__isnull=False,
        )
        .select_related("agency")
        .order_by("-template__version", "-position")
        .first()
    )
    if step is None or step.agency is None:
        raise ValidationError({"agency": _("Choose the agency your feedback is about.")})
    return Target(agency=step.agency, procedure=procedure)
