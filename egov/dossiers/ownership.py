"""Which citizen account follows a dossier as its applicant (`Dossier.owner`), for dossiers received at a
counter or by post before the applicant had an account.

    link_to_account(actor=citizen, account=citizen, id_number="001090012345")

An online submission gets its owner when it is filed (`intake.submit_online`). A dossier received at a counter
has none; it joins the account whose identity number, proved by an e-identity provider, is the applicant's.
Who may link (the proof of the number) is the caller's check (egov.portal.permissions.proven_id_number):
this module trusts the number it is given.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from egov.core import audit
from egov.core.audit import Actor
from egov.dossiers import steps
from egov.dossiers.models import Dossier
from egov.procedures.models import ApplicantType

#: The history row's action (its label: transitions.CREATION_LABELS).
LINK = "link_account"


def linkable(id_number: str) -> Any:
    """Dossiers of a citizen applicant with this personal ID number that no account follows yet."""
    if not id_number:
        return Dossier.objects.none()
    return Dossier.objects.filter(
        owner__isnull=True, applicant_type=ApplicantType.CITIZEN, applicant_id_number=id_number
    )


def link_to_account(
    *, actor: Actor, account: Any, id_number: str, now: dt.datetime | None = None
) -> list[Dossier]:
    """Give every unowned dossier of the applicant with `id_number` to `account`, in one transaction: each
    gets a history row (the status does not change) and an audit row. Returns the dossiers linked; a
    dossier another request linked meanwhile is left as it is."""
    now = now or timezone.now()
    linked: list[Dossier] = []
    with transaction.atomic():
        for d in linkable(id_number).select_for_update(of=("self",)).select_related("receiving_agency"):
            before = audit.snapshot(d, ("owner",))
            # Conditional on "still nobody's", so two racing links give each dossier to one account once.
            if Dossier.objects.filter(pk=d.pk, owner__isnull=True).update(owner=account) != 1:
                continue
            d.owner = account
            steps.write_event(
                d, action=LINK, actor=actor, now=now, from_status=d.status, before=steps.pointer(d)
            )
            audit.record(
                actor,
                f"dossier.{LINK}",
                d,
                before=before,
                after=audit.snapshot(d, ("owner",)),
                agency_path=d.receiving_agency.path,
            )
            linked.append(d)
    return linked
