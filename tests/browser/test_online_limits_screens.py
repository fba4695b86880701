"""The counter's queue of new online submissions with both limits, and a same-day procedure's public page, in
Debian's Chromium. Screenshots go to var/screenshots/ (online-queue.png, same-day-procedure.png)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

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
    expect(row.locator(".badge.late")).to_have_count(2)
    expect(desk.locator("tr", has_text=fresh.code).locator(".badge.late")).to_have_count(0)
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


def test_the_catalogue_editor_asks_for_the_cut_off(cast, flows, as_staff):  # noqa: F811
    from egov.procedures.models import Procedure, PublicationStatus, TimeUnit

    # A draft: a published procedure's 36-hour workflow would (rightly) refuse a one-day limit.
    Procedure.objects.filter(pk=flows.simple.pk).update(status=PublicationStatus.DRAFT)
    page = as_staff(cast.province_admin)
    page.goto(f"/quan-tri/thu-tuc/{flows.simple.pk}/sua/")
    page.select_option("#id_time_unit", value="same_day")
    page.fill("#id_processing_time", "1")
    page.check("input[name=applicant_types][value=citizen]")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Thủ tục trả trong ngày cần giờ chốt")
    page.screenshot(path=str(SCREENSHOTS / "same-day-editor-error.png"), full_page=True)
    page.fill("#id_same_day_cutoff", "15:00")
    page.fill("#id_time_limit_source", "Nghị định 23/2015/NĐ-CP, Điều 7 (chưa kiểm chứng)")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/quan-tri/thu-tuc/{flows.simple.pk}/")
    saved = Procedure.objects.get(pk=flows.simple.pk)
    assert (saved.time_unit, saved.same_day_cutoff) == (TimeUnit.SAME_DAY, dt.time(15))
