"""Demo data of the citizen's own space (development only; never needed in production): the demo citizen
`demo.congdan` with dossiers in every state, each taken there through the real services by the province's
own officers (egov.dossiers.demo.Driver) and, for the applicant's moves, by the citizen
(egov.portal.services).

The account is the citizens app's demo citizen (`egov.citizens.demo.demo_citizen()`, order 150, before this
builder): one persona, whose ID number the dossiers are filed in, so the counter dossier in it is offered for
linking.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.citizens.demo import USERNAME, demo_citizen
from egov.dossiers import deadlines, intake, services, steps
from egov.dossiers.demo import Driver
from egov.dossiers.demo_data import Flow, usable_flows
from egov.dossiers.models import Dossier, Status
from egov.organizations.models import Agency
from egov.payments.fees import fees_due
from egov.portal import services as portal_services
from egov.procedures.models import Channel, StepKind

#: Scenarios whose fee the citizen paid online right after filing, in the sandbox. The others stay unpaid, so
#: the demo shows the pay button (submitted), and no dossier ended without a result carries a paid fee.
PAID_SCENARIOS = frozenset(
    {"received", "processing", "supplement", "supplemented_online", "result_ready", "returned"}
)
#: The demo citizen's phone when its account has none.
PHONE = "0912000001"
#: Moves that bring the result to the counter take the result file; the other moves take none.
RESULT_MOVES = ("approve", "result_ready")
FORWARD_MOVES = ("forward", "submit_for_approval", "send_to_agency", "return_from_agency", *RESULT_MOVES)


def _applicant(user: Any) -> intake.Applicant:
    profile = user.citizen
    return intake.Applicant(
        name=user.get_full_name(),
        id_number=profile.id_number,
        phone=getattr(user, "phone", "") or PHONE,
        email=user.email,
        address=profile.address,
    )


def result_pdf(code: str) -> SimpleUploadedFile:
    """A small one-page PDF standing for the signed result of a demo dossier."""
    text = f"Ket qua giai quyet ho so {code} (du lieu demo)".encode()
    stream = b"BT /F1 14 Tf 50 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return SimpleUploadedFile(f"ket-qua-{code}.pdf", bytes(out), content_type="application/pdf")


class Journey:
    """One demo dossier's life: each move at a working moment after the previous one, never after `now`."""

    def __init__(self, driver: Driver, citizen: Any, d: Dossier, at: dt.datetime) -> None:
        self.driver, self.citizen, self.d, self.at = driver, citizen, d, at

    def later(self, working_hours: float) -> dt.datetime:
        self.at = deadlines.add_working_hours(self.at, Decimal(str(working_hours)))
        if self.at > self.driver.now:
            raise LookupError("the demo's next move would be in the future")
        return self.at

    def do(self, action: str, hours: float = 1, reason: str = "") -> Journey:
        """The move by an officer allowed to take it, with the demo's reason or the one given."""
        at = self.later(hours)
        if not reason:
            self.d = self.driver.do(self.d, action, at)
            return self
        actor = self.driver.actor(self.d, action, at)
        self.d = services.transition(self.d.pk, action, actor=actor, now=at, reason=reason)
        return self

    def work(self, hours: float = 2) -> Journey:
        """Take the dossier step by step until its result is at the counter (the result file with it)."""
        for _step in range(12):
            if self.d.status == Status.RESOLVED:
                return self
            if self.d.handler_id is None and self.d.current_kind in (StepKind.PROCESS, StepKind.INTER_AGENCY):
                self.do("assign", hours)
                continue
            at = self.later(hours)
            action = next(a for a in FORWARD_MOVES if self.driver.actor(self.d, a, at) is not None)
            following = steps.neighbour(self.d, 1)
            to_counter = following is not None and following.kind == StepKind.RETURN
            files = [result_pdf(self.d.code)] if action in RESULT_MOVES and to_counter else []
            actor = self.driver.actor(self.d, action, at)
            self.d = services.transition(self.d.pk, action, actor=actor, now=at, files=files)
        raise LookupError(f"{self.d.code} did not reach its result")

    def as_citizen(self, write: Callable[..., Dossier], hours: float = 1, **kw: Any) -> Journey:
        self.d = write(actor=self.citizen, dossier=self.d, now=self.later(hours), **kw)
        return self


def _flows(root: Agency | None) -> list[Flow]:
    """Workflows a staffed counter takes to the end, those of the demo personas' counters first, procedures
    filed online first."""
    flows = usable_flows(root)
    personas = Q(role_grants__role="desk_officer", role_grants__user__username__startswith="demo.")
    preferred = set(Agency.objects.filter(personas).values_list("pk", flat=True))
    flows.sort(
        key=lambda f: (
            f.counter.pk not in preferred,
            Channel.ONLINE not in (f.template.procedure.channels or []),
            f.template.procedure.code,
        )
    )
    return flows


#: The dossiers of the demo citizen: (name, days ago, what happens after the filing).
SCENARIOS: tuple[tuple[str, int], ...] = (
    ("submitted", 0),
    ("asked_to_complete", 2),
    ("not_accepted", 4),
    ("received", 1),
    ("processing", 3),
    ("supplement", 2),
    ("supplemented_online", 6),
    ("refused", 9),
    ("result_ready", 10),
    ("returned", 18),
    ("withdrawn", 5),
    ("abandoned", 30),
)


#: What the officers write to the demo citizen.
MISSING = "Tờ khai chưa ghi nơi cư trú; cần bổ sung bản sao Giấy khai sinh"
INCOMPLETE = "Thiếu ảnh chụp căn cước của người yêu cầu; tờ khai chưa ký"


def _story(j: Journey, name: str) -> None:
    if name == "asked_to_complete":
        j.do("ask_to_complete", 1, INCOMPLETE)
    elif name == "not_accepted":
        j.do("reject")
    elif name != "submitted":
        j.do("accept")
    if name in ("processing", "supplement", "supplemented_online", "refused", "withdrawn", "abandoned"):
        j.do("forward", 1).do("assign", 1)
    if name in ("supplement", "supplemented_online", "abandoned"):
        j.do("request_supplement", 2, MISSING)
    if name == "supplemented_online":
        paper = result_pdf(j.d.code)
        paper.name = "Bản sao Giấy khai sinh.pdf"
        j.as_citizen(portal_services.send_supplement, 6, files=[paper], answer="Đã bổ sung nơi cư trú")
    elif name == "abandoned":
        # Decree 118/2025 art. 19.5: closed by the counter once 15 days have passed after the notice.
        j.at = max(j.at, timezone.localtime(j.d.paused_at) + dt.timedelta(days=16))
        j.do("close_unsupplemented", 1)
    elif name == "refused":
        j.do("refuse", 4)
    elif name == "withdrawn":
        j.as_citizen(portal_services.withdraw, 3, reason="Tôi đã được cấp bản sao ở nơi khác")
    elif name in ("result_ready", "returned"):
        j.work()
        if name == "returned":
            j.do("return_result", 3)


def build(root: Agency | None = None, now: dt.datetime | None = None) -> list[Dossier]:
    """The demo citizen's dossiers, one per scenario, and one received at a counter in the citizen's ID number
    and not linked yet (the list offers to link it). Returns them."""
    now = now or timezone.now()
    flows = _flows(root)
    citizen = demo_citizen()
    if not flows or citizen is None:
        return []
    applicant = _applicant(citizen)
    driver = Driver(root, now)
    made: list[Dossier] = []
    for index, (name, days) in enumerate(SCENARIOS):
        flow = flows[index % min(len(flows), 3)]
        procedure = flow.template.procedure
        at = deadlines.next_working_moment(now - dt.timedelta(days=days, hours=3))
        d = intake.submit_online(
            actor=citizen,
            owner=citizen,
            procedure=procedure,
            agency=flow.counter,
            applicant=applicant,
            summary=procedure.name[:200],
            fees=fees_due(procedure, Channel.ONLINE),
            now=min(at, now),
        )
        if name in PAID_SCENARIOS:
            pay_in_sandbox(citizen, d, min(at, now) + dt.timedelta(minutes=5))
        journey = Journey(driver, citizen, d, min(at, now) + dt.timedelta(minutes=10))
        # A move that would fall after now (LookupError) leaves the dossier where it got to.
        with contextlib.suppress(LookupError):
            _story(journey, name)
        made.append(journey.d)
    flow = flows[0]
    officer = next(u for u in driver.users if _receives_at(u, flow.counter))
    made.append(
        intake.receive(
            actor=officer,
            procedure=flow.template.procedure,
            agency=flow.counter,
            applicant=applicant,
            summary=flow.template.procedure.name[:200],
            now=deadlines.next_working_moment(now - dt.timedelta(days=1, hours=5)),
        )
    )
    return made


def pay_in_sandbox(citizen: Any, d: Dossier, at: dt.datetime) -> None:
    """Pay the dossier's fees as the citizen would in the sandbox bank: start the payment, then the bank's
    signed answer through the same callback a real one takes (ledger, fee_paid history row, notice)."""
    from urllib.parse import parse_qsl, urlsplit

    from django.conf import settings

    from egov.payments import services as payment_services
    from egov.payments.gateways.sandbox.gateway import SandboxGateway
    from egov.payments.selectors import unpaid_fees

    if "sandbox" not in settings.EGOV_PAYMENT_GATEWAYS or not unpaid_fees(d).exists():
        return
    payment, url = payment_services.start_payment(
        actor=citizen, dossier=d, gateway="sandbox", return_url="/ca-nhan/ho-so/", now=at
    )
    bank = SandboxGateway()
    order = bank.read_order(dict(parse_qsl(urlsplit(url).query)))
    answer = bank.result(order, True, f"DEMO{payment.pk:08d}", at)
    payment_services.receive_callback("sandbox", answer, now=at)


def _receives_at(user: Any, counter: Agency) -> bool:
    from egov.dossiers.permissions import may_receive_at

    return may_receive_at(user, counter)


def _register() -> None:
    from egov.demo.builders import DemoBuilder, DemoContext, register

    @register
    class PortalDemo(DemoBuilder):
        """`manage.py demo`: the demo citizen `demo.congdan` and its dossiers in every state."""

        name = "portal"
        order = 320  # after the dossiers (300), whose officers and workflows it uses

        def is_built(self, ctx: DemoContext) -> bool:
            return Dossier.objects.filter(owner__username=USERNAME).exists()

        def build(self, ctx: DemoContext) -> None:
            made = build()
            if not made:
                ctx.say(
                    _(
                        "Portal: no demo citizen, or no published workflow is staffed at every step; "
                        "the citizen has no dossiers."
                    )
                )
                return
            ctx.say(
                _("Portal: the demo citizen %(username)s has %(n)s dossiers in every state.")
                % {"username": USERNAME, "n": len(made)}
            )

        def reset(self, ctx: DemoContext) -> None:
            # The dossiers builder's reset (after this one) removes every dossier, the citizen's included;
            # the account and profile belong to the citizens app's demo. The payments made here go first:
            # the ledger keeps its dossiers.
            from egov.payments.demo import remove_demo_payments

            remove_demo_payments()


_register()
