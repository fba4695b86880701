"""The week's schedule as a PDF in the customary layout (pdf/week.typ, through egov.core.pdf)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import timezone

from egov.core import pdf
from egov.schedule.selectors import WeekView

TEMPLATE = Path(__file__).resolve().parent / "pdf" / "week.typ"
#: The printed page is in Vietnamese whatever the screen's language: it is the agency's paper.
DAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
HEADINGS = (
    "Thứ, ngày",
    "Thời gian",
    "Nội dung công việc",
    "Lãnh đạo chủ trì",
    "Thành phần tham dự",
    "Địa điểm",
    "Chuẩn bị",
)


def _entry(e: Any) -> dict[str, Any]:
    preparer = e.preparer or (e.preparer_unit.name if e.preparer_unit else "")
    return {
        "time": f"{e.starts_at:%H:%M}",
        "content": e.content,
        "leader": e.leader.get_full_name(),
        "participants": e.participants,
        "place": e.place,
        "preparer": preparer,
        "cancelled": e.cancelled,
        "note": e.change_note if e.changed else "",
    }


def week_data(view: WeekView) -> dict[str, Any]:
    agency = view.agency
    published = view.week.published_at if view.week is not None else None
    footer = (
        f"Công bố lúc {timezone.localtime(published):%H:%M ngày %d/%m/%Y}. "
        "Nội dung in nghiêng trong ngoặc là thay đổi sau khi công bố."
        if published
        else ""
    )
    return {
        "title": f"Lịch công tác tuần của lãnh đạo {agency.name}",
        "subtitle": f"(Từ ngày {view.monday:%d/%m/%Y} đến ngày {view.sunday:%d/%m/%Y})",
        "draft": "" if view.published else "DỰ THẢO — CHƯA CÔNG BỐ",
        "agency": agency.name,
        "parent": agency.parent.name if agency.parent else "",
        "headings": list(HEADINGS),
        "days": [
            {
                "name": DAY_NAMES[d.day.weekday()],
                "date": f"{d.day:%d/%m}",
                "entries": [_entry(e) for e in d.entries],
            }
            for d in view.days
            if d.entries or d.day.weekday() < 5
        ],
        "footer": footer,
    }


def week_pdf(view: WeekView) -> bytes:
    return pdf.render(TEMPLATE, week_data(view))
