"""The counter's queue of new online submissions with both limits, and a same-day procedure's public page, in
Debian's Chromium. Screenshots go to var/screenshots/ (online-queue.png, same-day-procedure.png)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.browser.test_dossier_journey import SCREENSHOTS, as_staff, chromium  # noqa: F401
from tests.dossiers.conftest import APPLICANT, MONDAY, flows  # noqa: F401


def test_the_counter_sees_both_limits_and_the_late_ones(cast, flows, as_staff):  # noqa: F811
    from egov.dossiers import intake, services

    commune = cast.province.commune_a
    late = intake.submit_online(procedure=flows.simple, agency=commune, applicant=APPLICANT, now=MONDAY)
    fresh = intake.submit_online(procedure=flows.simple, agency=commune, applicant=APPLICANT)
    answered = intake.submit_online(procedure=flows.simple, agency=commune, applicant=APPLICANT, now=MONDAY)
    services.transition(
        answered.pk, "accept", actor=cast.desk_officer.user, now=MONDAY + dt.timedelta(days=2)
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    desk = as_staff(cast.desk_officer)
    desk.goto("/ho-so/hang-doi/to_receive/")
    desk.wait_for_selector("#online-limits")
    desk.screenshot(path=str(SCREENSHOTS / "online-queue.png"), full_page=True)
    row = desk.locator("tr", has_text=late.code)
    assert row.locator(".badge.late").count() == 2
    assert desk.locator("tr", has_text=fresh.code).locator(".badge.late").count() == 0
    summary = desk.inner_text("#online-limits")
    assert commune.name in summary and "Phản hồi quá hạn" in summary
    assert timezone.localtime(fresh.accept_due_at).strftime("%H:%M %d/%m/%Y") in desk.content()


def test_a_same_day_procedures_public_page(cast, flows, as_staff):  # noqa: F811
    from egov.procedures.models import Procedure, TimeUnit

    Procedure.objects.filter(pk=flows.simple.pk).update(
        time_unit=TimeUnit.SAME_DAY,
        same_day_cutoff=dt.time(15),
        time_limit_source="Văn bản công bố thủ tục (CSDLQG); căn cứ chưa kiểm chứng",
    )
    page = as_staff(cast.desk_officer)
    page.goto(f"/thu-tuc/{flows.simple.code}/")
    page.screenshot(path=str(SCREENSHOTS / "same-day-procedure.png"), full_page=True)
    assert "Trong ngày làm việc; nhận sau 15:00 thì trả trong ngày làm việc tiếp theo" in page.content()
