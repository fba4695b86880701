"""Guiding a supplement or refusing at the counter without receiving (Decree 118/2025/NĐ-CP art. 17.1.c).

An incomplete or inaccurate dossier brought to the counter is not received: the desk officer guides the
applicant to supplement it once, listing everything (art. 16.3), on a Phiếu yêu cầu bổ sung, hoàn thiện hồ
sơ, or refuses it on a Phiếu từ chối. Only a received dossier gets a code and a clock (art. 17.3), so this is
a record of its own (`CounterGuidance`), numbered for its slip, and no `Dossier`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit, pdf
from egov.core.audit import Actor
from egov.dossiers import permissions, slipbuild, slips, steps
from egov.dossiers.models import CounterGuidance
from egov.dossiers.slips.registry import layout_for
from egov.dossiers.slips.render import TEMPLATES, context_for
from egov.organizations.models import Agency
from egov.procedures.models import Procedure


@dataclass(frozen=True)
class Visitor:
    """The person at the counter, as far as the slip names them."""

    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def record(
    *,
    actor: Actor,
    agency: Agency,
    procedure: Procedure,
    outcome: str,
    visitor: Visitor,
    items: str,
    now: dt.datetime | None = None,
) -> CounterGuidance:
    """Record a guidance or refusal at `agency`'s counter, numbered for its slip, with its audit row."""
    officer = steps.user_of(actor)  # a person at the counter, never set-up code: the slip names them
    if officer is None or not permissions.may_guide_at(actor, agency):
        raise PermissionDenied(_("Only a desk officer of this counter may guide or refuse here."))
    errors: dict[str, Any] = {}
    if outcome not in CounterGuidance.Outcome.values:
        errors["outcome"] = _("Choose whether the applicant is guided to supplement or refused.")
    if not visitor.name.strip():
        errors["applicant_name"] = _("Write the applicant's name: it is printed on the slip.")
    if not lines(items):
        errors["items"] = _("List what is missing or wrong (or the reasons), one per line.")
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return _create(actor, officer, agency, procedure, outcome, visitor, items, now)
        except IntegrityError:  # two officers of the counter took the same number: take the next one
            continue
    raise IntegrityError("no free counter guidance number")


def _create(
    actor: Actor,
    officer: Any,
    agency: Agency,
    procedure: Procedure,
    outcome: str,
    visitor: Visitor,
    items: str,
    now: dt.datetime,
) -> CounterGuidance:
    day = timezone.localdate(now)
    start = dt.datetime.combine(day, dt.time.min, timezone.get_current_timezone())
    taken = CounterGuidance.objects.filter(agency=agency, at__gte=start).count()
    guidance = CounterGuidance.objects.create(
        number=f"{agency.code or agency.pk}-HD{day:%y%m%d}-{taken + 1:03d}",
        agency=agency,
        procedure=procedure,
        outcome=outcome,
        applicant_name=visitor.name.strip(),
        applicant_id_number=visitor.id_number.strip(),
        applicant_phone=visitor.phone.strip(),
        applicant_address=visitor.address.strip(),
        items="\n".join(lines(items)),
        officer=officer,
        at=now,
    )
    audit.record(
        actor, "dossiers.counter_guidance", guidance, after=audit.snapshot(guidance), agency_path=agency.path
    )
    return guidance


def slip(g: CounterGuidance) -> slips.SupplementRequest | slips.Refusal:
    """The slip of the rule set in force on the day: Mẫu 02 (guide) or Mẫu 03 (refuse), the same data the
    dossiers' slips are built from, with no dossier code."""
    # Not received: no code and no "received at" line on either slip (art. 17.3).
    ref = slips.DossierRef(
        code="",
        received=False,
        procedure_name=g.procedure.name,
        received_at=g.at,
        applicant=slips.Applicant(
            name=g.applicant_name,
            id_number=g.applicant_id_number,
            address=g.applicant_address,
            phone=g.applicant_phone,
        ),
    )
    office = slipbuild.office(g.agency)
    officer = g.officer.get_full_name()
    if g.outcome == CounterGuidance.Outcome.REFUSE:
        return slips.Refusal(
            office=office, dossier=ref, reasons=tuple(lines(g.items)), officer=officer, issued_at=g.at
        )
    return slips.SupplementRequest(
        office=office,
        dossier=ref,
        items=tuple(slips.SupplementItem(content=line) for line in lines(g.items)),
        officer=officer,
        issued_at=g.at,
        contact_person=officer,
        contact_phone=g.agency.phone,
    )


def slip_pdf(g: CounterGuidance) -> bytes:
    """The slip as a PDF, its number on the "Số:" line."""
    data = slip(g)
    layout = layout_for(type(data), timezone.localdate(g.at))
    layout, context = context_for(data, layout)
    context["number"] = g.number
    return pdf.render(TEMPLATES / layout.template, context, root=TEMPLATES)
