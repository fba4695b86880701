"""Demo tasks, through the services so every history, audit and outbox row is real: where the personas
work (commune An Bình, the Department of Justice), tasks from the leader's instructions on incoming
documents, from meetings and alone, in every state — in progress with reports, an extension asked, reported
done, confirmed, and overdue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from egov.documents.models import Direction, Document
from egov.documents.models import Status as DocStatus
from egov.organizations.models import Agency, AgencyKind, RoleGrant
from egov.organizations.roles import Role
from egov.tasks import services
from egov.tasks.models import Task

BUSY = ("Sở Tư pháp", "Ủy ban nhân dân xã An Bình")
MEETING_TASKS = (
    ("Rà soát, đề xuất đơn giản hóa thủ tục hành chính lĩnh vực hộ tịch", "Giao ban tuần"),
    ("Báo cáo kết quả chuyển đổi số quý", "Họp Ban Chỉ đạo chuyển đổi số"),
    ("Chuẩn bị nội dung tiếp công dân định kỳ", "Giao ban tháng"),
    ("Kiểm tra việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Họp UBND"),
    ("Cập nhật danh mục hồ sơ lưu trữ năm", ""),
)


def _granted(agency: Agency, role: str, below: bool = False) -> Any:
    grants = RoleGrant.objects.filter(role=role).select_related("user").order_by("pk")
    grants = (
        grants.filter(agency__path__startswith=agency.path, agency__kind=AgencyKind.OFFICE)
        if below
        else (grants.filter(agency=agency))
    )
    grant = grants.first()
    return grant.user if grant else None


def _lead_unit(agency: Agency, worker: Any) -> Agency:
    staff = getattr(worker, "staff", None)
    grant = RoleGrant.objects.filter(user=worker, role=Role.SPECIALIST).select_related("agency").first()
    return grant.agency if grant else (staff.agency if staff else agency)


def _meeting_tasks(agency: Agency, leader: Any, worker: Any, now: dt.datetime) -> int:
    unit = _lead_unit(agency, worker)
    co = list(Agency.objects.filter(parent=agency, kind=AgencyKind.OFFICE).exclude(pk=unit.pk)[:1])
    made = 0
    for i, (title, meeting) in enumerate(MEETING_TASKS):
        start = now - dt.timedelta(days=20 - i)
        due = (start + dt.timedelta(days=30 if i != 4 else 10)).date()  # the last one is overdue
        spec = services.Assignment(
            title=title, lead_unit=unit, co_units=co, due_on=due, meeting=meeting, description=title + "."
        )
        task = services.assign(actor=leader, agency=agency, task=spec, now=start)
        at = start + dt.timedelta(days=3)
        if i == 0:
            services.report(task, actor=worker, progress=40, text="Đã rà soát 12/30 thủ tục.", now=at)
        elif i == 1:
            services.report(task, actor=worker, progress=60, text="Đã tổng hợp số liệu các phòng.", now=at)
            services.request_extension(
                task,
                actor=worker,
                due_on=due + dt.timedelta(days=7),
                reason="Chờ số liệu của các thôn.",
                now=at,
            )
        elif i == 2:
            services.complete(task, actor=worker, text="Đã chuẩn bị đầy đủ nội dung.", now=at)
        elif i == 3:
            services.complete(task, actor=worker, text="Đã kiểm tra 45 hồ sơ.", now=at)
            services.confirm(task, actor=leader, now=at + dt.timedelta(hours=2))
        # i == 4 stays assigned and is already past its deadline: overdue
        made += 1
    return made


def _document_tasks(agency: Agency, leader: Any) -> int:
    docs = Document.objects.filter(
        agency=agency, direction=Direction.INCOMING, status__in=(DocStatus.ASSIGNED, DocStatus.IN_PROGRESS)
    ).order_by("-created_at")
    made = 0
    for doc in docs[:3]:
        lead = doc.assignments.filter(part="lead").first()
        if lead is None or lead.due_on is None:
            continue
        services.from_instruction(actor=leader, document=doc, now=lead.assigned_at)
        made += 1
    return made


def build(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    made = 0
    for agency in Agency.objects.filter(name__in=BUSY).order_by("path"):
        leader, worker = _granted(agency, Role.LEADER), _granted(agency, Role.SPECIALIST, below=True)
        if leader is None or worker is None:
            continue
        made += _document_tasks(agency, leader) + _meeting_tasks(agency, leader, worker, now)
    return made


def _register() -> None:
    from egov.demo.builders import DemoBuilder, DemoContext, grouped, register

    @register
    class TasksDemo(DemoBuilder):
        """`manage.py demo`: tasks in every state where the personas work."""

        name = "tasks"
        order = 410  # after the documents (400), whose instructions some tasks follow

        def is_built(self, ctx: DemoContext) -> bool:
            return Task.objects.exists()

        def build(self, ctx: DemoContext) -> None:
            ctx.say(_("Tasks: %(n)s assigned.") % {"n": grouped(build())})

        def reset(self, ctx: DemoContext) -> None:
            Task.objects.all().delete()


_register()
