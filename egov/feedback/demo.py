"""Demo data: ratings of some returned demo dossiers and a few feedback items, some answered and published.

Everything goes through the services: the ratings through each dossier's printed link (the demo applicants
have no account), the feedback from visitors, answered by the responsible agency's own staff.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone
from django.utils.translation import gettext as _

from egov.dossiers.models import Dossier, Status
from egov.feedback import links, selectors, services
from egov.feedback.criteria import DECREE_118
from egov.feedback.models import Feedback, Rating, Topic

#: (title, what the visitor writes, the answer or "", published text or "")
ITEMS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Quầy một cửa mở cửa muộn",
        "Sáng thứ Hai tôi đến lúc 7 giờ 35 nhưng quầy chưa có cán bộ tiếp nhận, phải chờ gần 20 phút.",
        "Trung tâm đã nhắc nhở cán bộ trực quầy và bố trí người trực thay từ 7 giờ 30 hằng ngày.",
        "Sáng thứ Hai quầy một cửa chưa có cán bộ tiếp nhận lúc đầu giờ, người dân phải chờ gần 20 phút.",
    ),
    (
        "Hướng dẫn thành phần hồ sơ chưa rõ",
        "Tôi được hướng dẫn bổ sung hai lần cho cùng một hồ sơ, mỗi lần một giấy tờ khác nhau.",
        "Theo quy định, việc yêu cầu bổ sung chỉ thực hiện một lần, đầy đủ. "
        "Cơ quan đã chấn chỉnh và xin lỗi ông.",
        "Người dân được hướng dẫn bổ sung hồ sơ hai lần, mỗi lần một giấy tờ khác nhau.",
    ),
    (
        "Đề nghị niêm yết mẫu tờ khai",
        "Đề nghị niêm yết mẫu tờ khai đã điền sẵn ví dụ tại quầy để người dân dễ làm theo.",
        "Cảm ơn ông/bà đã góp ý. Trung tâm đã niêm yết mẫu tờ khai có ví dụ tại khu vực chờ.",
        "",
    ),
    (
        "Chưa nhận được tin nhắn hẹn trả kết quả",
        "Tôi nộp hồ sơ hôm qua nhưng chưa nhận được tin nhắn nào.",
        "",
        "",
    ),
    ("Chỗ để xe chật", "Khu để xe của trung tâm chật, đề nghị mở rộng.", "", ""),
)
VISITORS = ("Nguyễn Thị Hạnh", "Trần Văn Phúc", "Lê Minh Tâm", "Phạm Thu Trang", "Hoàng Văn Nam")


def build(seed: int, now: dt.datetime | None = None) -> tuple[int, int]:
    """Rate about two thirds of the returned dossiers and send the feedback items; (ratings, items) made."""
    rng = random.Random(seed)
    now = now or timezone.now()
    returned = list(Dossier.objects.filter(status=Status.RETURNED, rating__isnull=True).order_by("pk"))
    visitor = services.Visitor()
    ratings = 0
    for index, d in enumerate(returned):
        if index % 3 == 0:
            continue  # some applicants never rate (the first one is left for the counter's rating card)
        mood = rng.choice((3, 3, 2, 2, 2, 1))
        levels = {c.key: max(1, min(3, mood + rng.choice((0, 0, 1, -1)))) for c in DECREE_118.criteria}
        if mood == 1:
            levels["contacts"] = 1
        at = min(now, (d.returned_at or now) + dt.timedelta(hours=rng.randint(1, 30)))
        comment = {1: "Phải đi lại nhiều lần.", 2: "", 3: "Cán bộ nhiệt tình, trả kết quả sớm."}[mood]
        services.rate(
            actor=visitor, dossier=d, levels=levels, comment=comment, token=links.token_for(d.pk), now=at
        )
        ratings += 1
    counters = [
        d.receiving_agency for d in Dossier.objects.select_related("receiving_agency").order_by("pk")[:5]
    ]
    items = 0
    for index, (title, content, answer, public) in enumerate(ITEMS):
        if not counters:
            break
        agency = counters[index % len(counters)]
        sent = now - dt.timedelta(days=12 - 2 * index, hours=rng.randint(0, 6))
        item = services.send(
            actor=visitor,
            topic=Topic.AGENCY,
            agency=agency,
            title=title,
            content=content,
            name=VISITORS[index],
            phone=f"09{rng.randint(10_000_000, 99_999_999)}",
            now=sent,
        )
        items += 1
        staff = selectors.handlers_for(agency)
        if not staff:
            continue
        if answer:
            services.assign(actor=staff[0], feedback=item, assignee=staff[-1])
            services.answer(actor=staff[-1], feedback=item, text=answer, now=sent + dt.timedelta(days=3))
        if public:
            services.publish(
                actor=staff[0], feedback=item, public_content=public, now=sent + dt.timedelta(days=3)
            )
    return ratings, items


def _register() -> None:
    from egov.demo.builders import DemoBuilder, DemoContext, grouped, register

    @register
    class FeedbackDemo(DemoBuilder):
        """`manage.py demo`: ratings of returned dossiers and feedback, some answered and published."""

        name = "feedback"
        order = 350  # after the dossiers (300)

        def is_built(self, ctx: DemoContext) -> bool:
            return Feedback.objects.exists() or Rating.objects.exists()

        def build(self, ctx: DemoContext) -> None:
            ratings, items = build(ctx.seed)
            ctx.say(
                _("Feedback: %(ratings)s ratings, %(items)s feedback items.")
                % {"ratings": grouped(ratings), "items": grouped(items)}
            )

        def reset(self, ctx: DemoContext) -> None:
            Rating.objects.all().delete()
            Feedback.objects.all().delete()


_register()
