"""Demo weekly schedules, through the services: this week published (with one engagement changed after
publication) and next week in draft, for the People's Committees of the province and of commune An Bình
and for the Department of Justice, drafted by each agency's clerk."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from egov.organizations.models import Agency, AgencyKind, RoleGrant
from egov.organizations.roles import Role
from egov.schedule import services
from egov.schedule.models import Entry, Week

AGENCIES = ("Sở Tư pháp", "Ủy ban nhân dân xã An Bình")
#: (weekday, hour, minute, content, place, participants, preparer)
PLAN = (
    (
        0,
        7,
        30,
        "Họp giao ban lãnh đạo đầu tuần",
        "Phòng họp số 1",
        "Lãnh đạo cơ quan, trưởng các phòng",
        "Văn phòng",
    ),
    (
        0,
        14,
        0,
        "Làm việc với đoàn kiểm tra cải cách hành chính",
        "Phòng họp số 2",
        "Lãnh đạo, chuyên viên phụ trách",
        "Văn phòng",
    ),
    (1, 8, 0, "Tiếp công dân định kỳ", "Phòng tiếp công dân", "Thanh tra, Văn phòng", "Văn phòng"),
    (
        2,
        8,
        0,
        "Dự hội nghị trực tuyến về chuyển đổi số",
        "Điểm cầu trực tuyến",
        "Lãnh đạo, công chức chuyên môn",
        "Bộ phận công nghệ thông tin",
    ),
    (
        3,
        7,
        30,
        "Kiểm tra thực tế công trình tại cơ sở",
        "Thôn 3",
        "Lãnh đạo, phòng chuyên môn",
        "Phòng chuyên môn",
    ),
    (
        4,
        14,
        0,
        "Họp đánh giá kết quả công tác tuần",
        "Phòng họp số 1",
        "Lãnh đạo cơ quan, trưởng các phòng",
        "Văn phòng",
    ),
)


def _first(agency: Agency, role: str) -> Any:
    grant = RoleGrant.objects.filter(agency=agency, role=role).select_related("user").order_by("pk").first()
    return grant.user if grant else None


def _week(agency: Agency, clerk: Any, leaders: list[Any], monday: dt.date) -> int:
    office = Agency.objects.filter(parent=agency, kind=AgencyKind.OFFICE).order_by("path").first()
    for i, (weekday, hour, minute, content, place, participants, preparer) in enumerate(PLAN):
        spec = services.EntrySpec(
            leader=leaders[i % len(leaders)],
            day=monday + dt.timedelta(days=weekday),
            starts_at=dt.time(hour, minute),
            place=place,
            content=content,
            participants=participants,
            preparer=preparer,
            preparer_unit=office,
        )
        services.add_entry(actor=clerk, agency=agency, spec=spec)
    return len(PLAN)


def build(now: dt.datetime | None = None) -> int:
    today = timezone.localdate(now or timezone.now())
    this_week = services.monday_of(today)
    made = 0
    root = Agency.objects.filter(kind=AgencyKind.PROVINCE).order_by("path")[:1]
    for agency in [*root, *Agency.objects.filter(name__in=AGENCIES).order_by("path")]:
        clerk = _first(agency, Role.CLERK)
        leaders = [
            g.user
            for g in RoleGrant.objects.filter(agency=agency, role=Role.LEADER).select_related("user")[:3]
        ]
        if clerk is None or not leaders:
            continue
        made += _week(agency, clerk, leaders, this_week)
        services.publish(actor=clerk, agency=agency, monday=this_week)
        moved = Entry.objects.filter(week__agency=agency, week__monday=this_week).order_by(
            "day", "starts_at"
        )[2]
        spec = services.EntrySpec(**{f: getattr(moved, f) for f in services.FIELDS})
        spec = services.EntrySpec(**{**vars(spec), "starts_at": dt.time(9, 0), "place": "Hội trường"})
        services.change_entry(actor=clerk, entry=moved, spec=spec)
        made += _week(agency, clerk, leaders, this_week + dt.timedelta(days=7))
    return made


def _register() -> None:
    from egov.demo.builders import DemoBuilder, DemoContext, grouped, register

    @register
    class ScheduleDemo(DemoBuilder):
        """`manage.py demo`: this week's schedule published, next week's drafted."""

        name = "schedule"
        order = 420

        def is_built(self, ctx: DemoContext) -> bool:
            return Week.objects.exists()

        def build(self, ctx: DemoContext) -> None:
            ctx.say(_("Work schedules: %(n)s engagements.") % {"n": grouped(build())})

        def reset(self, ctx: DemoContext) -> None:
            Week.objects.all().delete()


_register()
