"""Build the printable slips (egov.dossiers.slips.data) from a dossier, its history and its step visits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from egov.dossiers import keypad, lookup, moves, papers, signers, slips
from egov.dossiers.models import Dossier, DossierEvent, Status, StepVisit
from egov.dossiers.rules import rules_by_version
from egov.dossiers.sliphead import SLIP_ACTIONS, by_the_body, issuer_of, office, slip_number
from egov.dossiers.slips.closure import ClosureNotice
from egov.feedback.links import rating_link
from egov.organizations.models import Agency
from egov.procedures.models import Channel, TimeUnit

CHANNEL_VI: dict[str, str] = {
    Channel.COUNTER: "Trực tiếp",
    Channel.ONLINE: "Trực tuyến",
    Channel.POST: "Dịch vụ bưu chính",
}
COPY_VI = {
    "original": "Bản chính",
    "copy": "Bản sao",
    "certified_copy": "Bản sao có chứng thực",
    "original_or_copy": "Bản chính hoặc bản sao có chứng thực",
    papers.ELECTRONIC: "Bản điện tử",
    papers.ELECTRONIC_FORM: "Biểu mẫu điện tử",
}
#: Slips egov issues where no form is prescribed: they need no form number in the rules' `slips` section.
OWN_SLIPS = ("closure",)


def lookup_url(code: str) -> str:
    """The address printed under the slip's QR code and encoded in it (`lookup.link`)."""
    return lookup.link(code)


def receipt_papers(d: Dossier) -> tuple[slips.Paper, ...]:
    """The papers the receipt lists (Mẫu số 01, "Thành phần hồ sơ"): legal name, original or copy, count.

    The one place the receipt reads its papers from: the papers the desk officer ticked at receipt
    (`papers.received_papers`); for an online submission, every paper it came with up to its acceptance
    (`papers.filed_online`: each checklist line filed, with its number of files, and any other file); for a
    dossier with neither (received before the checklist existed), the procedure's mandatory documents.
    """
    ticked = papers.received_papers(d) or papers.filed_online(d)
    if ticked:
        return tuple(
            slips.Paper(name=p.name, copy_kind=COPY_VI.get(p.form, p.form_label), quantity=p.count)
            for p in ticked
        )
    return tuple(
        slips.Paper(name=doc.name, copy_kind=COPY_VI.get(doc.copy_kind, ""), quantity=doc.quantity)
        for doc in d.procedure.documents.filter(required=True)
    )


def _ref(d: Dossier) -> slips.DossierRef:
    # An online submission not accepted yet holds its reference in `code` (egov.dossiers.codes): it is no
    # dossier code (Decree 118/2025/NĐ-CP art. 17.3), and the slip prints it labelled as a reference.
    pending = bool(d.submission_ref) and d.code == d.submission_ref
    return slips.DossierRef(
        code="" if pending else d.code,
        submission_ref=d.code if pending else "",
        received=d.received_at is not None,
        procedure_name=d.procedure.name,
        received_at=d.received_at or d.submitted_at or d.created_at,
        due_at=d.due_at,
        applicant=slips.Applicant(
            name=d.applicant_name,
            id_number=d.applicant_id_number,
            address=d.applicant_address,
            phone=d.applicant_phone,
            email=d.applicant_email,
        ),
    )


def _time_limit(d: Dossier) -> str:
    cutoff = d.procedure.same_day_cutoff
    if d.procedure.time_unit == TimeUnit.SAME_DAY and cutoff is not None:
        return f"trong ngày làm việc; nhận sau {cutoff:%H:%M} trả trong ngày làm việc tiếp theo"
    amount = d.procedure.processing_time
    text = f"{amount.normalize():f}".replace(".", ",")
    return f"{text} {'ngày làm việc' if d.procedure.time_unit == TimeUnit.WORKING_DAYS else 'giờ làm việc'}"


def signer(d: Dossier, slip: str, event: DossierEvent | None) -> slips.Signer:
    """Who signs the slip: the one signer rule of every slip (docs/slips.md, "Who signs").

    The counter's slips (the receipt, the supplement request, a refusal at reception): the officer of the
    counter, by name only (the forms' "Người tiếp nhận hồ sơ", "Người hướng dẫn"); for a supplement asked
    for elsewhere, the officer who received the dossier, who hands it on. The body's slips (a refusal after
    reception, the apology, the stop notice, the closure notice): `signers.body_signature`, with the
    "TM."/"KT." lines of Decree 30/2020/NĐ-CP, Annex I, part I, II.7.b.
    """
    if by_the_body(slip, event):
        assert event is not None
        at = d.receiving_agency if slip == "closure" else event.from_agency or d.receiving_agency
        block = signers.body_signature(at, event.actor)
        return slips.Signer(name=block.name, title=block.title, authority=block.authority)
    if event is not None and event.actor_id and event.from_agency_id in (None, d.receiving_agency_id):
        return slips.Signer(name=event.actor_name)
    first = d.events.filter(action__in=("receive", "accept")).order_by("at", "pk").first()
    return slips.Signer(name=first.actor_name if first else "")


def available(d: Dossier, history: list[DossierEvent] | None = None) -> list[tuple[str, DossierEvent | None]]:
    """The slips this dossier has now, with the history row each comes from (`history`: the dossier's
    history rows in order, when the caller has read them already)."""
    rules = rules_by_version(d.rules_version)
    found: list[tuple[str, DossierEvent | None]] = []
    issuing = {a for v in SLIP_ACTIONS.values() if v for a in v}
    events = (
        [e for e in history if e.action in issuing]
        if history is not None
        else list(d.events.filter(action__in=issuing).order_by("at", "id"))
    )
    for slip, actions in SLIP_ACTIONS.items():
        if rules.slip_form(slip) is None and slip not in OWN_SLIPS:
            continue
        if actions is None:
            if d.received_at is not None:
                found.append((slip, None))
            continue
        found.extend((slip, e) for e in events if e.action in actions)
    return found


def build(d: Dossier, slip: str, event: DossierEvent | None = None) -> slips.Slip | ClosureNotice:
    """The data of one slip of the dossier (event: the history row that issued it)."""
    ref = _ref(d)
    counter = office(d.receiving_agency)
    now = timezone.now()
    if slip == "receipt":
        first = d.events.filter(action__in=("receive", "accept")).select_related("actor").first()
        return slips.ReceiptSlip(
            office=counter,
            dossier=ref,
            number=slip_number(d, "receipt"),
            received_by=first.actor_name if first else "",
            papers=receipt_papers(d),
            due_at=d.original_due_at or d.due_at or now,
            processing_time=_time_limit(d),
            return_place=d.receiving_agency.name,
            channel=CHANNEL_VI.get(d.channel, ""),
            lookup_url=lookup_url(d.code),
            keypad_number=keypad.keypad_number(d.pk),
            ivr_phone=settings.EGOV_IVR_PHONE,
            fees=tuple(slips.Fee(name=f.name, amount=int(f.amount)) for f in d.fees.all()),
            rating_url=rating_link(d.pk),
            issued_at=first.at if first else d.received_at,
        )
    if slip == "control":
        return slips.ControlSheet(
            office=counter, dossier=ref, rows=control_rows(d), due_at=d.due_at, lookup_url=lookup_url(d.code)
        )
    assert event is not None
    reason = str(event.data.get("reason", event.comment))
    issuer = issuer_of(d, slip, event)
    number = slip_number(d, slip, event)
    signed_by = signer(d, slip, event)
    if slip == "supplement":
        items = tuple(
            slips.SupplementItem(content=line.strip()) for line in reason.splitlines() if line.strip()
        )
        return slips.SupplementRequest(
            office=counter,
            dossier=ref,
            number=number,
            items=items,
            officer=signed_by.name,
            issued_at=event.at,
            contact_person=signed_by.name,
            contact_phone=d.receiving_agency.phone,
            lookup_url=lookup_url(d.code),
        )
    if slip == "refusal":
        reasons = tuple(line.strip() for line in reason.splitlines() if line.strip())
        return slips.Refusal(
            office=office(issuer),
            dossier=ref,
            number=number,
            reasons=reasons,
            officer=signed_by.name,
            issued_at=event.at,
            lookup_url=lookup_url(d.code),
            signer=signed_by if by_the_body(slip, event) else None,
        )
    if slip == "apology":
        old = (
            dt.datetime.fromisoformat(event.data["old_due"]) if event.data.get("old_due") else ref.received_at
        )
        return slips.Apology(
            office=office(issuer),
            dossier=ref,
            old_due_at=old,
            new_due_at=dt.datetime.fromisoformat(event.data["new_due"]),
            reason=reason,
            signer=signed_by,
            issued_at=event.at,
            number=number,
        )
    if slip == "stop":
        return slips.StopNotice(
            office=office(issuer),
            dossier=ref,
            reason=reason,
            signer=signed_by,
            issued_at=event.at,
            number=number,
        )
    if slip == "closure":
        rules = rules_by_version(d.rules_version)
        asked = d.events.filter(action__in=moves.SUPPLEMENT_ACTIONS, at__lte=event.at).order_by("-at").first()
        missing = str(asked.data.get("reason", asked.comment)) if asked else ""
        return ClosureNotice(
            office=office(issuer),
            dossier=ref,
            notice_at=asked.at if asked else event.at,
            missing=tuple(line.strip() for line in missing.splitlines() if line.strip()),
            period_days=rules.supplement_close_after_days_for(d.procedure.code) or 0,
            signer=signed_by,
            issued_at=event.at,
            number=number,
        )
    raise KeyError(slip)


def control_rows(d: Dossier) -> tuple[slips.StepRow, ...]:
    """The control sheet from the step visits: each hand-over, its deadline, when it finished, and how."""
    visits = list(
        StepVisit.objects.filter(dossier=d)
        .select_related("step", "agency", "handler")
        .order_by("started_at", "id")
    )
    rows = []
    for order, visit in enumerate(visits, start=1):
        previous = visits[order - 2] if order > 1 else None
        rows.append(
            slips.StepRow(
                order=order,
                from_unit=previous.agency.name if previous else "Tổ chức, cá nhân",
                to_unit=visit.agency.name,
                handed_over_at=visit.started_at,
                from_person=(previous.handler.get_full_name() if previous and previous.handler else "")
                if previous
                else d.applicant_name,
                to_person=visit.handler.get_full_name() if visit.handler else "",
                due_at=visit.due_at,
                finished_at=visit.finished_at,
                timeliness=slips.Timeliness(visit.timeliness) if visit.timeliness else None,
                result=visit.step.name,
            )
        )
    return tuple(rows)


BOOK_NOTES = {
    Status.RECEIVED: "Đang giải quyết",
    Status.PROCESSING: "Đang giải quyết",
    Status.SUPPLEMENT: "Chờ bổ sung",
    Status.FINANCIAL: "Chờ thực hiện nghĩa vụ tài chính",
    Status.WITHDRAWN: "Rút hồ sơ",
    Status.STOPPED: "Dừng giải quyết",
    Status.RESOLVED: "Đã có kết quả",
    Status.RETURNED: "Đã trả",
    Status.ABANDONED: "Đóng hồ sơ: không bổ sung",
}


def book(agency: Agency, start: dt.date, end: dt.date) -> slips.TrackingBook:
    """Sổ theo dõi hồ sơ of one counter for a period: every dossier it received, in order of receipt."""
    tz = timezone.get_current_timezone()
    dossiers = (
        Dossier.objects.filter(
            receiving_agency=agency,
            received_at__gte=dt.datetime.combine(start, dt.time.min, tz),
            received_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tz),
        )
        .select_related("procedure", "workflow")
        .order_by("received_at", "id")
    )
    ids = [d.pk for d in dossiers]
    # When the dossier left the counter, and when the result came back to it.
    left: dict[int, dt.datetime] = {}
    came_back: dict[int, dt.datetime] = {}
    handling: dict[int, str] = {}
    for visit in (
        StepVisit.objects.filter(dossier_id__in=ids)
        .select_related("agency", "step")
        .order_by("started_at", "id")
    ):
        if visit.step.kind == "receive" and visit.finished_at:
            left.setdefault(visit.dossier_id, visit.finished_at)
        elif visit.step.kind == "return":
            came_back.setdefault(visit.dossier_id, visit.started_at)
        elif visit.step.kind in ("process", "approve"):
            handling.setdefault(visit.dossier_id, visit.agency.name)
    rows = tuple(
        slips.BookRow(
            dossier_code=d.code,
            procedure_name=d.procedure.name,
            applicant_name=d.applicant_name,
            received_at=d.received_at,  # type: ignore[arg-type]
            due_at=d.due_at,
            applicant_address=d.applicant_address,
            applicant_phone=d.applicant_phone,
            handling_agency=handling.get(d.pk, ""),
            transferred_at=left.get(d.pk),
            result_received_at=came_back.get(d.pk),
            returned_at=d.returned_at,
            note=BOOK_NOTES.get(Status(d.status), ""),
        )
        for d in dossiers
    )
    return slips.TrackingBook(
        office=office(agency), counter_name=agency.name, period_start=start, period_end=end, rows=rows
    )


def hours_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}".replace(".", ",")
