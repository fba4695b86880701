"""Demo data, through the services (receive, register, instruct, complete; draft, approve, sign, issue), so
every number, history row and audit row is real: a year of documents in the incoming and the outgoing
register of every People's Committee and department, more of each where the personas work (commune An
Bình, the Department of Justice), there in every state (outgoing: some still in review or approved and
waiting for the signature). Each outgoing document goes to one agency of the deployment, which receives
it in its own incoming register. Leaders sign
with keys of a demo signers' CA made here (no legal value); their PKCS#12 files are written to
EGOV_KEYS_DIR/demo-signers/<username>.p12 (password DEMO_P12_PASSWORD), so a demo leader can sign in the
browser.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from types import SimpleNamespace
from typing import Any, cast

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import signing
from egov.documents import outgoing, services
from egov.documents.models import Document, Register
from egov.organizations import certificates, demo_ca
from egov.organizations.models import Agency, AgencyKind, RoleGrant
from egov.organizations.roles import Role

SUBJECTS_IN = (
    ("CV", "V/v triển khai Kế hoạch chuyển đổi số năm {y}"),
    ("KH", "Kế hoạch cải cách hành chính năm {y}"),
    ("TB", "Thông báo kết luận của Chủ tịch UBND tỉnh tại buổi làm việc"),
    ("QĐ", "Quyết định công bố danh mục thủ tục hành chính được chuẩn hóa"),
    ("CV", "V/v báo cáo kết quả giải quyết thủ tục hành chính quý"),
    ("GM", "Giấy mời dự hội nghị sơ kết công tác văn thư, lưu trữ"),
    ("HD", "Hướng dẫn lập hồ sơ và nộp lưu hồ sơ điện tử"),
    ("CĐ", "Công điện về việc chủ động ứng phó với mưa lũ"),
)
SUBJECTS_OUT = (
    ("BC", "Báo cáo kết quả thực hiện nhiệm vụ tháng"),
    ("CV", "V/v đề nghị hướng dẫn thực hiện thủ tục đăng ký hộ tịch"),
    ("TTr", "Tờ trình đề nghị phê duyệt kế hoạch ứng dụng công nghệ thông tin"),
    ("QĐ", "Quyết định thành lập tổ công tác chuyển đổi số"),
    ("KH", "Kế hoạch tuyên truyền cải cách hành chính"),
    ("TB", "Thông báo lịch tiếp công dân"),
)
EXTERNAL = ("Bưu điện tỉnh", "Ngân hàng Chính sách xã hội tỉnh", "Viễn thông tỉnh")


def pdf_bytes() -> bytes:
    """A blank A4 page: the demo's documents are about their metadata and moves, not their text."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def _first(agency: Agency, role: str) -> Any:
    grant = RoleGrant.objects.filter(agency=agency, role=role).select_related("user").order_by("pk").first()
    return grant.user if grant else None


def _drafter(agency: Agency) -> Any:
    grant = (
        RoleGrant.objects.filter(
            agency__path__startswith=agency.path, agency__kind=AgencyKind.OFFICE, role=Role.SPECIALIST
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return grant.user if grant else _first(agency, Role.LEADER)


class Signers:
    """Demo personal keys for leaders, from one demo CA made per run."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.root_key, self.root = demo_ca._root(now)
        self.keys: dict[int, signing.SigningKey] = {}
        self.folder = certificates.keys_dir() / "demo-signers"
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    def key(self, user: Any) -> signing.SigningKey:
        if user.pk not in self.keys:
            holder = cast(Agency, SimpleNamespace(name=user.get_full_name()))
            data = demo_ca._issue(self.root_key, self.root, holder, self.now)
            (self.folder / f"{user.username}.p12").write_bytes(data)
            self.keys[user.pk] = signing.load_pkcs12(data, demo_ca.DEMO_P12_PASSWORD.encode())
        return self.keys[user.pk]


def _moments(rng: random.Random, n: int, now: dt.datetime) -> list[dt.datetime]:
    """`n` working-hour moments of this year up to a week ago, in order."""
    start = timezone.make_aware(dt.datetime(now.year, 1, 5, 8, 0))
    end = now - dt.timedelta(days=7)
    span = max((end - start).days, 1)
    days = sorted(rng.randrange(span) for _ in range(n))
    out = []
    for d in days:
        day = start + dt.timedelta(days=d)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        out.append(day.replace(hour=8 + rng.randrange(8), minute=rng.randrange(60)))
    return out


def _incoming(agency: Agency, at: dt.datetime, rng: random.Random, i: int) -> int:
    clerk, leader = _first(agency, Role.CLERK), _first(agency, Role.LEADER)
    if clerk is None or leader is None:
        return 0
    doc_type, subject = SUBJECTS_IN[i % len(SUBJECTS_IN)]
    meta = services.Metadata(
        doc_type=doc_type,
        issuer_name="UBND tỉnh Hòa Bình Xanh",
        number_symbol=f"{100 + i * 7}/{doc_type}-UBND",
        issued_on=(at - dt.timedelta(days=2)).date(),
        summary=subject.format(y=at.year),
        signer_name="Phạm Văn Tỉnh",
        signer_position="Phó Chủ tịch",
        urgency=rng.choice(["normal"] * 4 + ["urgent"]),
    )
    doc = services.receive(actor=clerk, agency=agency, meta=meta, main=upload("den.pdf"), now=at)
    doc = services.register(doc, actor=clerk, now=at)
    step = i % 5
    if step == 0:
        return 1  # registered, not yet submitted
    doc = services.submit(doc, actor=clerk, now=at)
    if step == 1:
        return 1
    units = list(Agency.objects.filter(parent=agency, kind=AgencyKind.OFFICE).order_by("path")[:2]) or [
        agency
    ]
    due = (at + dt.timedelta(days=10)).date()
    ins = services.Instruction(
        text="Giao chủ trì tham mưu, báo cáo kết quả.", lead_unit=units[0], co_units=units[1:], due_on=due
    )
    doc = services.instruct(doc, actor=leader, instruction=ins, now=at + dt.timedelta(hours=2))
    if step == 2:
        return 1
    handler = _drafter(agency) or leader
    if step == 3:
        services.start(doc, actor=handler, now=at + dt.timedelta(days=1))
        return 1
    services.complete(
        doc, actor=handler, result="Đã tham mưu, triển khai thực hiện.", now=at + dt.timedelta(days=3)
    )
    return 1


def _outgoing(
    agency: Agency,
    at: dt.datetime,
    rng: random.Random,
    i: int,
    signers: Signers,
    to: list[Agency],
    *,
    unfinished: bool = False,
) -> int:
    """One outgoing document through to its issuance; with `unfinished`, every 4th stays in review and every
    5th approved and waiting for the signature (neither takes a number: numbers are given at signing)."""
    clerk, leader, drafter = _first(agency, Role.CLERK), _first(agency, Role.LEADER), _drafter(agency)
    if clerk is None or leader is None or drafter is None:
        return 0
    doc_type, subject = SUBJECTS_OUT[i % len(SUBJECTS_OUT)]
    draft = outgoing.Draft(doc_type=doc_type, summary=subject, internal=to, external=[rng.choice(EXTERNAL)])
    doc = outgoing.create_draft(actor=drafter, agency=agency, draft=draft, main=upload("du-thao.pdf"), now=at)
    doc = outgoing.send_for_review(doc, actor=drafter, approver=leader, now=at)
    if unfinished and i % 5 == 3:
        return 1
    doc = outgoing.approve(doc, actor=leader, now=at + dt.timedelta(hours=1))
    if unfinished and i % 5 == 4:
        return 1
    doc = outgoing.sign(
        doc, actor=leader, key=signers.key(leader), position="Chủ tịch", now=at + dt.timedelta(hours=2)
    )
    if certificates.current_certificate(agency, at) is not None:
        outgoing.issue(doc, actor=clerk, now=at + dt.timedelta(hours=3))
    return 1


def build(seed: int, now: dt.datetime | None = None) -> tuple[int, int]:
    """The demo year; returns (incoming, outgoing) documents made."""
    now = now or timezone.now()
    rng = random.Random(seed)
    signers = Signers(now)
    kinds = (AgencyKind.PROVINCE, AgencyKind.DEPARTMENT, AgencyKind.COMMUNE)
    agencies = list(Agency.objects.filter(kind__in=kinds, is_active=True).order_by("path"))
    root = next((a for a in agencies if a.kind == AgencyKind.PROVINCE), None)
    busy = {a.pk for a in agencies if a.name in ("Sở Tư pháp", "Ủy ban nhân dân xã An Bình")}
    made_in = made_out = 0
    for agency in agencies:
        many = agency.pk in busy
        for i, at in enumerate(_moments(rng, 12 if many else 3, now)):
            made_in += _incoming(agency, at, rng, i)
        peers = [a for a in agencies if (a.pk in busy or a == root) and a.pk != agency.pk]
        # Two signatures per issued document (~0.1 s each once the stamp font is loaded): two documents in
        # each agency's outgoing register, ten where the personas work.
        for i, at in enumerate(_moments(rng, 10 if many else 2, now)):
            made_out += _outgoing(agency, at, rng, i, signers, [rng.choice(peers)], unfinished=many)
    return made_in, made_out


def _register() -> None:
    from egov.demo.builders import DemoBuilder, DemoContext, grouped, register

    @register
    class DocumentsDemo(DemoBuilder):
        """`manage.py demo`: a year of incoming and outgoing documents in every register."""

        name = "documents"
        order = 400  # after the agencies' certificates (datastore, 350)

        def is_built(self, ctx: DemoContext) -> bool:
            return Document.objects.exists()

        def build(self, ctx: DemoContext) -> None:
            made_in, made_out = build(ctx.seed)
            ctx.say(
                _("Documents: %(incoming)s incoming and %(outgoing)s outgoing documents in the registers.")
                % {"incoming": grouped(made_in), "outgoing": grouped(made_out)}
            )

        def reset(self, ctx: DemoContext) -> None:
            Document.objects.filter(source__isnull=False).delete()
            Document.objects.filter(replaces__isnull=False).delete()
            Document.objects.all().delete()
            Register.objects.all().delete()


_register()
