"""The applicant's writes from "my dossiers": send the supplement, withdraw, link counter dossiers.

Each goes through the dossier app's own services — the moves of the transition table
(`egov.dossiers.services.transition`: one transaction with its history, outbox and audit rows) or
`egov.dossiers.ownership.link_to_account` — with the citizen account as `actor`; nothing here writes a
dossier itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from egov.core.audit import Actor
from egov.dossiers import ownership, services
from egov.dossiers.models import Dossier
from egov.portal import permissions
from egov.portal.selectors import SUPPLEMENT_MOVES, WITHDRAW, moves_open


def send_supplement(
    *,
    actor: Actor,
    dossier: Dossier,
    files: Sequence[UploadedFile] = (),
    answer: str = "",
    expected_version: int | None = None,
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> Dossier:
    """The applicant sends what was asked: papers, an answer, or both. An online submission asked to be
    completed goes back to the counter's queue (`resubmit`, Decree 118/2025 art. 17.2.a); an accepted dossier
    waiting for its supplement resumes (`supplement_online`: the clock restarts or resumes as its rules say,
    art. 19.5). Refused, changing nothing, when nothing is sent or no supplement is asked now."""
    if not files and not answer.strip():
        raise ValidationError(
            {"files": _("Attach the papers asked for, or write your answer, before sending.")}
        )
    action = moves_open(dossier, actor, now)["supplement"]
    if action is None:
        raise services.NotAllowedNow(_("This dossier is not waiting for a supplement from you now."))
    assert action in SUPPLEMENT_MOVES
    return services.transition(
        dossier.pk,
        action,
        actor=actor,
        comment=answer,
        files=files,
        expected_version=expected_version,
        idempotency_key=idempotency_key,
        now=now,
    )


def withdraw(
    *,
    actor: Actor,
    dossier: Dossier,
    reason: str,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> Dossier:
    """The applicant withdraws the dossier before its result, with a reason (Decree 118/2025 art. 21.1-21.2;
    the `withdraw` move)."""
    return services.transition(
        dossier.pk,
        WITHDRAW,
        actor=actor,
        reason=reason,
        expected_version=expected_version,
        idempotency_key=idempotency_key,
        now=now,
    )


def link_counter_dossiers(*, actor: Actor, now: dt.datetime | None = None) -> list[Dossier]:
    """Bring into the account the counter dossiers of the applicant whose personal ID number an e-identity
    provider proved for it (`permissions.proven_id_number`); none without such a proof."""
    id_number = permissions.proven_id_number(actor)
    if not id_number:
        return []
    return ownership.link_to_account(actor=actor, account=actor, id_number=id_number, now=now)
