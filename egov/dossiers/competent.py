"""Which agency resolves each dossier (Dossier.competent_agency): set at creation (intake), and worked out
again here for dossiers made before the column existed (migration 0023 gave them their receiving agency).

The rule is codes.competent_agency's, the one the dossier code's prefix follows (Decree 118/2025 art.
28.2.a): where the workflow's last approving step happens for a dossier received at that counter; a
service centre stands for the body it belongs to. It depends on the workflow and the receiving agency
alone, so it is worked out once per pair and written with one UPDATE per pair."""

from __future__ import annotations

from django.db import transaction

from egov.dossiers import codes
from egov.dossiers.models import Dossier
from egov.organizations.models import Agency
from egov.procedures.models import WorkflowTemplate


def fill() -> int:
    """Set the competent agency of every dossier whose workflow says another one; how many changed.
    Dossiers without a workflow keep their receiving agency."""
    pairs = (
        Dossier.objects.exclude(workflow=None)
        .values_list("workflow_id", "receiving_agency_id")
        .distinct()
        .order_by()
    )
    changed = 0
    for workflow_id, agency_id in list(pairs):
        shape = Dossier(
            workflow=WorkflowTemplate.objects.get(pk=workflow_id),
            receiving_agency=Agency.objects.get(pk=agency_id),
        )
        competent = codes.competent_agency(shape).pk
        with transaction.atomic():
            changed += (
                Dossier.objects.filter(workflow_id=workflow_id, receiving_agency_id=agency_id)
                .exclude(competent_agency_id=competent)
                .update(competent_agency_id=competent)
            )
    return changed
