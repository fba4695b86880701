"""The counter's guidance without receipt in a real Chromium (Decree 118/2025 art. 17.1.c): from the receive
page to the recorded slip, no JavaScript needed. The screen goes to var/screenshots/counter-guidance.png."""

from __future__ import annotations

from egov.dossiers.models import CounterGuidance, Dossier
from tests.browser.test_dossier_journey import SCREENSHOTS, as_staff, chromium  # noqa: F401
from tests.dossiers.conftest import flows  # noqa: F401


def test_desk_officer_guides_a_supplement_from_the_receive_page(cast, flows, as_staff):  # noqa: F811
    desk = as_staff(cast.desk_officer)
    desk.goto("/ho-so/tiep-nhan/")
    desk.click("a[href='/ho-so/huong-dan/']")
    desk.select_option("select[name=procedure]", value=str(flows.simple.pk))
    desk.check("input[name=outcome][value=guide]")
    desk.fill("input[name=applicant_name]", "Trần Thị Bình")
    desk.fill("input[name=applicant_phone]", "0987654321")
    desk.fill("textarea[name=items]", "Bản sao giấy khai sinh\nTờ khai có chữ ký của người yêu cầu")
    desk.click("main form button[type=submit]")
    desk.wait_for_selector(".messages li")
    g = CounterGuidance.objects.get()
    assert g.number in desk.inner_text(".messages") and not Dossier.objects.exists()
    desk.screenshot(path=str(SCREENSHOTS / "counter-guidance.png"), full_page=True)
    link = desk.get_attribute(f"main p.card a[href='/ho-so/huong-dan/{g.pk}/phieu/']", "href")
    response = desk.request.get(link)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
