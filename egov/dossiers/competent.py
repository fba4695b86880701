"""Which agency resolves each dossier (Dossier.competent_agency): set at creation (intake), and worked out
here for dossiers made before the column existed, which dossiers migration 0023 gave their receiving agency.

The rule is codes.competent_agency's, the one the dossier code's prefix follows (Decree 118/2025 art.
28.2.a): where the workflow's last approving step happens for a dossier received at that counter; a
service centre stands for the body it belongs to. It depends on the workflow and the receiving agency
alone, so it is worked out once per pair. Only rows still holding their receiving agency are touched (a
dossier made since then keeps the agency it was made with, even if the workflow or the tree changed), in
id ranges of BATCH, each its own short transaction, so moves on the same dossiers wait a moment at most."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import F, Max, Min, Q

from egov.dossiers import codes
from egov.dossiers.models import Dossier
from egov.organizations.models import Agency
from egov.procedures.models import WorkflowTemplate

BATCH = 20_000


def _targets() -> dict[int, Q]:
    """Per competent agency, the (workflow, receiving agency) pairs whose dossiers it resolves, where that
    is not the receiving agency itself."""
    pairs = (
        Dossier.objects.exclude(workflow=None)
        .filter(competent_agency_id=F("receiving_agency_id"))
        .values_list("workflow_id", "receiving_agency_id")
        .distinct()
        .order_by()
    )
    found: dict[int, Q] = defaultdict(Q)
    for workflow_id, agency_id in list(pairs):
        shape = Dossier(
            workflow=WorkflowTemplate.objects.get(pk=workflow_id),
            receiving_agency=Agency.objects.get(pk=agency_id),
        )
        competent = codes.competent_agency(shape).pk
        if competent != agency_id:
            found[competent] |= Q(workflow_id=workflow_id, receiving_agency_id=agency_id)
    return found


def fill() -> int:
    """Set the competent agency of the dossiers still holding their receiving agency where their workflow
    names another; how many changed. Running it again changes nothing."""
    targets = _targets()
    if not targets:
        return 0
    bounds = Dossier.objects.aggregate(first=Min("pk"), last=Max("pk"))
    changed = 0
    for start in range(bounds["first"], bounds["last"] + 1, BATCH):
        rows = Dossier.objects.filter(
            pk__gte=start, pk__lt=start + BATCH, competent_agency_id=F("receiving_agency_id")
        )
        with transaction.atomic():
            for competent, pairs in targets.items():
                changed += rows.filter(pairs).update(competent_agency_id=competent)
    return changed
