"""Filing a linked procedure group once (Decree 63/2024/NĐ-CP as amended by Decree 301/2026/NĐ-CP): one
bundle, one applicant, one reference and payment, one submission, one online dossier per part.

    bundle = submit_group(
        actor=citizen, owner=citizen, group=group,
        agency_by_part=groups.part_places(group, commune_centre),   # {part number: receiving agency}
        applicant=Applicant(...), answers=form_answers,
        files={1: [birth_certificate_scan]}, fees={n: fees_due(part.procedure, Channel.ONLINE), ...},
        idempotency_key=form_token,
    )

Each part is an ordinary online submission (`intake.submit_online`) at its own receiving agency; a part
that needs an earlier part's result is held until that result exists (`egov.dossiers.linked`). Reads of a
bundle (its parts, results, fees, whether it is done) are the selectors below.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.audit import Actor
from egov.dossiers import codes, intake
from egov.dossiers import files as filestore
from egov.dossiers.bundle_models import REFERENCE_PREFIX as REFERENCE_PREFIX
from egov.dossiers.bundle_models import BundlePart, DossierBundle
from egov.dossiers.fee_lines import FeeLine
from egov.dossiers.intake import Applicant
from egov.dossiers.linked import part_of
from egov.dossiers.models import Attachment, Dossier, DossierFee, Status
from egov.organizations.models import Agency
from egov.procedures.models import FormVersion, GroupPart, ProcedureGroup, PublicationStatus

if TYPE_CHECKING:
    from egov.accounts.models import User


def new_reference(moment: dt.datetime) -> str:
    """ "LT-yymmdd-" and 8 random characters of the submission references' alphabet (egov.dossiers.codes)."""
    tail = "".join(secrets.choice(codes.REFERENCE_ALPHABET) for _ in range(codes.REFERENCE_RANDOM))
    return f"{REFERENCE_PREFIX}-{timezone.localdate(moment):%y%m%d}-{tail}"


def _chosen_parts(group: ProcedureGroup, agency_by_part: Mapping[int, Agency]) -> list[GroupPart]:
    """The parts filed: every required one and the optional ones given an agency; refuse anything else."""
    parts = list(group.parts.select_related("procedure").order_by("position"))
    known = {p.position for p in parts}
    errors: list[str] = []
    unknown = sorted(set(agency_by_part) - known)
    if unknown:
        errors.append(_("The group has no part %(n)s.") % {"n": ", ".join(str(n) for n in unknown)})
    chosen = [p for p in parts if p.required or p.position in agency_by_part]
    positions = {p.position for p in chosen}
    for part in chosen:
        agency = agency_by_part.get(part.position)
        if agency is None:
            errors.append(
                _("Part %(n)s (%(procedure)s) is required: choose where it is received.")
                % {"n": part.position, "procedure": part.procedure.name}
            )
        elif not agency.has_counter:
            errors.append(
                _("Part %(n)s: %(agency)s has no one-stop counter.")
                % {"n": part.position, "agency": agency.name}
            )
        if part.needs_result_of is not None and part.needs_result_of not in positions:
            errors.append(
                _("Part %(n)s needs the result of part %(m)s: file that part too.")
                % {"n": part.position, "m": part.needs_result_of}
            )
    if errors:
        raise ValidationError(errors)
    return chosen


def _check_group(group: ProcedureGroup, now: dt.datetime) -> None:
    if group.status != PublicationStatus.PUBLISHED:
        raise ValidationError(_("The linked group %(code)s is not published.") % {"code": group.code})
    if group.effective_from > timezone.localdate(now):
        raise ValidationError(
            _("The linked group %(code)s is in force from %(date)s.")
            % {"code": group.code, "date": group.effective_from.strftime("%d/%m/%Y")}
        )


def submit_group(
    *,
    actor: Actor | None,
    owner: User | None,
    group: ProcedureGroup,
    agency_by_part: Mapping[int, Agency],
    applicant: Applicant,
    answers: Mapping[str, Any] | None = None,
    files: Mapping[int, Sequence[UploadedFile]] | None = None,
    fees: Mapping[int, Iterable[tuple[str, Decimal] | FeeLine]] | None = None,
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
    stored_files: Mapping[int, Sequence[filestore.StoredFile]] | None = None,
    part_answers: Mapping[int, tuple[FormVersion, dict[str, Any]]] | None = None,
) -> DossierBundle:
    """File a linked group once: in ONE transaction the bundle and one online dossier per part filed (every
    required part, and each optional part given a receiving agency in `agency_by_part`), each at its own
    agency; all or nothing. `files` and `fees` are per part number (fees: egov.payments.fees.fees_due of
    the part's procedure). A repeated submission with the same `idempotency_key` returns the first bundle.
    The online filing pages (egov.filing.group_submission) also give, per part number, `stored_files`
    (files already stored for the draft, one file may serve several parts; never removed here) and
    `part_answers` (the part's online form version and its answers, kept as the dossier's FormAnswers)."""
    now = now or timezone.now()
    if (earlier := _earlier(idempotency_key)) is not None:
        return earlier
    _check_group(group, now)
    chosen = _chosen_parts(group, agency_by_part)
    written: list[str] = []  # stored files of the parts created so far, removed again if anything fails
    # Files already stored before this call (a draft's uploads) stay: their draft still holds them.
    kept = {f.path for files_of in (stored_files or {}).values() for f in files_of}
    try:
        with transaction.atomic():
            bundle = DossierBundle.objects.create(
                reference=new_reference(now),
                group=group,
                owner=owner,
                applicant_name=applicant.name.strip()[:200],
                answers=dict(answers or {}),
                submitted_at=now,
                idempotency_key=idempotency_key or None,
            )
            for part in chosen:
                version, part_form = (part_answers or {}).get(part.position, (None, None))
                d = intake.submit_online(
                    actor=actor,
                    procedure=part.procedure,
                    agency=agency_by_part[part.position],
                    applicant=applicant,
                    summary=f"{group.name} ({bundle.reference})"[:500],
                    files=(files or {}).get(part.position, ()),
                    now=now,
                    owner=owner,
                    fees=(fees or {}).get(part.position, ()),
                    held=part.needs_result_of is not None,
                    stored_files=(stored_files or {}).get(part.position, ()),
                    answers=part_form,
                    form_version=version,
                )
                written += [a.file.name for a in d.attachments.all() if a.file.name not in kept]
                BundlePart.objects.create(
                    bundle=bundle,
                    dossier=d,
                    position=part.position,
                    required=part.required,
                    waits_for=part.needs_result_of,
                )
            audit.record(
                actor,
                "bundle.submit",
                bundle,
                after={
                    "reference": bundle.reference,
                    "group": group.code,
                    "parts": [p.position for p in chosen],
                },
            )
            return bundle
    except IntegrityError:
        filestore.discard([filestore.StoredFile("", path, 0, "", "") for path in written])
        if (earlier := _earlier(idempotency_key)) is not None:  # a concurrent submit with this key won
            return earlier
        raise
    except BaseException:
        filestore.discard([filestore.StoredFile("", path, 0, "", "") for path in written])
        raise


def _earlier(idempotency_key: str | None) -> DossierBundle | None:
    if not idempotency_key:
        return None
    return DossierBundle.objects.filter(idempotency_key=idempotency_key).first()


# ---------------------------------------------------------------- reads


def parts_of(bundle: DossierBundle) -> list[BundlePart]:
    return list(
        bundle.parts.select_related(
            "dossier__procedure", "dossier__receiving_agency", "dossier__current_agency"
        ).order_by("position")
    )


def other_parts(dossier: Dossier) -> list[BundlePart]:
    """The other parts of the bundle a dossier belongs to (empty when it belongs to none)."""
    return others_than(part_of(dossier))


def others_than(part: BundlePart | None) -> list[BundlePart]:
    """The other parts of the bundle of this part (empty for None: a dossier of no bundle)."""
    if part is None:
        return []
    return [p for p in parts_of(part.bundle) if p.dossier_id != part.dossier_id]


def is_done(bundle: DossierBundle) -> bool:
    """Done when every required part's result has been returned."""
    return all(p.dossier.status == Status.RETURNED for p in parts_of(bundle) if p.required)


@dataclass(frozen=True)
class PartResults:
    part: BundlePart
    files: list[Attachment]


def bundle_results(bundle: DossierBundle) -> list[PartResults]:
    """The bundle's one result set: each part that has a result (ready or returned), in part order, with its
    result files."""
    rows = []
    for part in parts_of(bundle):
        if part.dossier.status not in (Status.RESOLVED, Status.RETURNED):
            continue
        files = list(
            part.dossier.attachments.filter(kind=Attachment.Kind.RESULT).order_by("uploaded_at", "id")
        )
        rows.append(PartResults(part, files))
    return rows


def bundle_fees(bundle: DossierBundle) -> QuerySet[DossierFee]:
    """Every fee row of the bundle's parts: the one payment pays them together."""
    return DossierFee.objects.filter(dossier__bundle_part__bundle=bundle).order_by(
        "dossier__bundle_part__position", "id"
    )


def amount_due(bundle: DossierBundle) -> Decimal:
    """What is still owed for the whole bundle: the sum of its parts' unpaid fee rows."""
    total = bundle_fees(bundle).filter(paid_at__isnull=True).aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


def record_payment(*, actor: Actor | None, bundle: DossierBundle, paid_at: dt.datetime) -> int:
    """The one payment of the bundle confirmed: every unpaid fee row of its parts is paid at `paid_at`, in one
    transaction with its audit row; return how many rows it paid (0 when already paid: a repeated
    confirmation changes nothing)."""
    with transaction.atomic():
        rows = bundle_fees(bundle).select_for_update().filter(paid_at__isnull=True)
        ids = list(rows.values_list("pk", flat=True))
        if not ids:
            return 0
        total = sum((f.amount for f in DossierFee.objects.filter(pk__in=ids)), Decimal(0))
        DossierFee.objects.filter(pk__in=ids).update(paid_at=paid_at)
        audit.record(
            actor,
            "bundle.paid",
            bundle,
            after={"fees": ids, "amount": str(total), "paid_at": paid_at.isoformat()},
        )
    return len(ids)
