"""Tasks in Chromium: the commune's leader assigns a task from a meeting to the commune's office; the
specialist finds it in "My tasks", reports progress with a file and reports it done; the leader confirms.
Then the weekly schedule drafted and published by the clerk, and the e-office reports page. Screenshots
(1280 and 360 px): var/screenshots/tasks-*.png."""

from __future__ import annotations

from tests.browser.test_dossier_journey import SCREENSHOTS, as_staff, chromium  # noqa: F401
from tests.documents.conftest import _signing, ca, office, pdf  # noqa: F401


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"tasks-{name}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(SCREENSHOTS / f"tasks-{name}-360.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_leader_assigns_specialist_reports_and_completes_leader_confirms(office, as_staff, tmp_path):  # noqa: F811
    from egov.tasks.models import Status, Task

    report = tmp_path / "bang-ra-soat.pdf"
    report.write_bytes(pdf().read())

    leader = as_staff(office.leader)
    leader.goto("/giao-viec/")
    leader.click("a.button:has-text('Giao nhiệm vụ')")
    leader.fill("input[name=title]", "Rà soát thủ tục hành chính lĩnh vực hộ tịch")
    leader.fill("textarea[name=description]", "Rà soát, đề xuất phương án đơn giản hóa.")
    leader.fill("input[name=meeting]", "Giao ban tuần 23")
    leader.select_option("select[name=lead_unit]", str(office.commune_office.pk))
    leader.fill("input[name=due_on]", "2030-06-12")
    _shot(leader, "assign")
    leader.click("main form button[type=submit]")
    leader.wait_for_selector("#task-status")
    assert leader.inner_text("#task-status") == "Đã giao"
    task = Task.objects.get()

    specialist = as_staff(office.specialist)
    specialist.goto("/giao-viec/")
    _shot(specialist, "my-tasks")
    specialist.click(f"#tasks a:has-text('{task.title}')")
    specialist.click("section.card a.button:has-text('Báo cáo tiến độ')")
    specialist.fill("input[name=progress]", "50")
    specialist.fill("textarea[name=text]", "Đã rà soát 15/30 thủ tục.")
    specialist.set_input_files("input[name=attachments]", str(report))
    _shot(specialist, "report")
    specialist.click("main form button[type=submit]")
    specialist.wait_for_selector("#task-status")
    assert specialist.inner_text("#task-progress") == "50%"
    assert "bang-ra-soat.pdf" in specialist.inner_text("#task-history")
    specialist.click("section.card a.button:has-text('Báo cáo hoàn thành')")
    specialist.fill("textarea[name=text]", "Đã rà soát xong, đề xuất đơn giản hóa 4 thủ tục.")
    specialist.click("main form button[type=submit]")
    specialist.wait_for_selector("#task-status")
    assert specialist.inner_text("#task-status") == "Đã báo cáo hoàn thành, chờ xác nhận"
    _shot(specialist, "reported-done")

    leader.goto(f"/giao-viec/{task.pk}/")
    leader.click("section.card a.button:has-text('Xác nhận hoàn thành')")
    leader.click("main form button[type=submit]")
    leader.wait_for_selector("#task-status")
    assert leader.inner_text("#task-status") == "Hoàn thành"
    _shot(leader, "confirmed")
    task.refresh_from_db()
    assert task.status == Status.DONE and task.progress == 100


def test_clerk_drafts_and_publishes_the_week_and_staff_read_it(office, as_staff):  # noqa: F811
    from django.utils import timezone

    clerk = as_staff(office.clerk)
    clerk.goto("/lich-cong-tac/")
    clerk.click("a.button:has-text('Thêm nội dung')")
    clerk.select_option("select[name=leader]", str(office.leader.user.pk))
    clerk.fill("input[name=day]", f"{timezone.localdate():%Y-%m-%d}")
    clerk.fill("input[name=starts_at]", "08:00")
    clerk.fill("textarea[name=content]", "Họp giao ban UBND xã")
    clerk.fill("input[name=place]", "Phòng họp tầng 2")
    clerk.fill("textarea[name=participants]", "Lãnh đạo UBND xã, công chức chuyên môn")
    clerk.fill("input[name=preparer]", "Văn phòng HĐND và UBND xã")
    clerk.click("main form button[type=submit]")
    clerk.wait_for_selector("#schedule")
    assert clerk.inner_text("#week-status") == "Chưa công bố"
    clerk.click("main form button:has-text('Công bố lịch tuần')")
    clerk.wait_for_selector("#schedule")
    assert clerk.inner_text("#week-status") == "Đã công bố"
    _shot(clerk, "schedule-clerk")

    specialist = as_staff(office.specialist)
    specialist.goto("/lich-cong-tac/")
    assert "Họp giao ban UBND xã" in specialist.inner_text("#schedule")
    _shot(specialist, "schedule-staff")
    # On a phone the week scrolls inside its box: its hidden "actions" header pushed the page to 602 px.
    clerk.set_viewport_size({"width": 390, "height": 844})
    clerk.goto("/lich-cong-tac/")
    assert clerk.evaluate("document.documentElement.scrollWidth") <= 390
    clerk.set_viewport_size({"width": 1280, "height": 900})

    leader = as_staff(office.leader)
    leader.goto("/van-ban/bao-cao/?period=year")
    leader.wait_for_selector("#report-period")
    _shot(leader, "reports")
