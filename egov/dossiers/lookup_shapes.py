"""What the public look-up answers (egov.dossiers.lookup): the shapes every channel phrases, and the answer
for a linked filing's reference (each of its dossiers' bare status), kept apart so the look-up module stays
small."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from egov.dossiers import codes, status_words
from egov.dossiers.bundle_models import REFERENCE_PREFIX, DossierBundle
from egov.dossiers.models import NATIONAL_CODE, Outcome

#: A linked filing's reference ("LT-…", egov.dossiers.bundles), and the `status` its answer carries.
BUNDLE_PREFIX = REFERENCE_PREFIX + "-"
BUNDLE_STATUS = "linked"


@dataclass(frozen=True)
class PublicResult:
    """An electronic result as the applicant sees it: its file and its document code (art. 22.4)."""

    pk: int
    name: str
    document_code: str
    issued_at: dt.datetime


@dataclass(frozen=True)
class PublicDetails:
    """What the holder of the second factor may know: still no applicant details beyond a masked name."""

    procedure: str
    agency: str  # the agency that received it
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    applicant: str
    overdue: bool
    steps: list[tuple[str, dt.datetime]]
    #: The results the applicant receives (a corrected one in place of the wrong one), once ready.
    results: tuple[PublicResult, ...] = ()
    #: While a returned result is corrected (Decree 118/2025 art. 23.1): when the corrected one is due.
    correction_due_at: dt.datetime | None = None
    #: The agency that holds the dossier now (the step's agency; the receiving one before any step).
    holding_agency: str = ""


@dataclass(frozen=True)
class PublicStatus:
    """What anyone who has the code may know: the bare status, and the details only with a proof."""

    code: str
    status: str
    #: The state in plain words, from the one table every channel uses (egov.dossiers.status_words).
    status_label: str
    #: The national portal's status code; None for a linked filing, which is no dossier of its own.
    national_status: int | None
    details: PublicDetails | None
    #: A second factor or token was given and did not match (callers count it against the rate limit).
    wrong_proof: bool = False
    #: The online submission's reference the dossier was found by, when it now has its dossier code.
    accepted_from: str = ""
    #: The key of `status_label` in status_words.WORDS (the kept pages are one per key).
    state: str = ""
    #: For a linked filing's reference ("LT-…"): each of its dossiers, in part order, bare.
    parts: tuple[PublicStatus, ...] = ()

    @property
    def awaiting_acceptance(self) -> bool:
        """Submitted online and not accepted yet: `code` is the submission's reference."""
        return codes.is_submission_reference(self.code)

    @property
    def is_bundle(self) -> bool:
        """The reference of a linked filing (egov.dossiers.bundles): its parts carry the statuses."""
        return is_bundle_reference(self.code)


def is_bundle_reference(code: str) -> bool:
    return code.startswith(BUNDLE_PREFIX)


def bare(code: str, status: str, *, refused: bool, received: bool, held: bool, typed: str) -> PublicStatus:
    key = status_words.state(status, refused=refused, received=received, held=held)
    return PublicStatus(
        code=code,
        status=status,
        status_label=status_words.words(key),
        national_status=NATIONAL_CODE[status],
        details=None,
        accepted_from=typed if typed != code else "",
        state=key,
    )


def bundle_status(reference: str) -> PublicStatus | None:
    """A linked filing's reference: each of its dossiers with its bare status, in part order — what the
    code of each says alone, and nothing more (no procedure, no name, no dates), whatever proof is given."""
    bundle = DossierBundle.objects.filter(reference=reference).first()
    if bundle is None:
        return None
    rows = bundle.parts.order_by("position").values_list(
        "dossier__code",
        "dossier__status",
        "dossier__outcome",
        "dossier__received_at",
        "waits_for",
        "released_at",
    )
    parts = tuple(
        bare(
            code,
            status,
            refused=outcome == Outcome.REFUSED,
            received=received_at is not None,
            held=waits_for is not None and released_at is None,
            typed=code,
        )
        for code, status, outcome, received_at, waits_for, released_at in rows
    )
    return PublicStatus(
        code=bundle.reference,
        status=BUNDLE_STATUS,
        status_label=str(_("Linked filing of %(n)d dossiers") % {"n": len(parts)}),
        national_status=None,
        details=None,
        state=BUNDLE_STATUS,
        parts=parts,
    )
