"""The result screens of Decree 118/2025 art. 20, 22, 23 in a real Chromium, without JavaScript needs: the
receiving counter's queue of paper dossiers to send (a late one marked), the dossier page with the result's
document code, the correction sent back from the dossier page's form, and the applicant's look-up with the
result. Screenshots go to var/screenshots/results-*.png. Skipped when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_dossier_journey import SCREENSHOTS, _act, as_staff, chromium  # noqa: F401
from tests.dossiers.conftest import flows, receive, step  # noqa: F401


def _returned(cast, flows, at: dt.datetime):  # noqa: F811
    d = receive(cast, flows.simple, now=at)
    d = step(d, "forward", cast.desk_officer, at)
    d = step(d, "submit_for_approval", cast.specialist, at)
    pdf = SimpleUploadedFile("giay-khai-sinh.pdf", b"%PDF-1.4 kq", content_type="application/pdf")
    d = step(d, "approve", cast.leader, at, files=[pdf])
    return step(d, "return_result", cast.desk_officer, at)


def test_result_screens(cast, flows, as_staff):  # noqa: F811
    from egov.dossiers import lookup
    from egov.dossiers.models import Dossier, Status

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    flows.simple.result_type_code = "TEST.KQ01"
    flows.simple.save(update_fields=["result_type_code"])
    now = timezone.now()
    done = _returned(cast, flows, now - dt.timedelta(hours=2))
    receive(cast, flows.simple, now=now - dt.timedelta(days=10))
    receive(cast, flows.simple, now=now)

    desk = as_staff(cast.desk_officer)
    desk.goto("/ho-so/hang-doi/papers_to_send/")
    expect(desk.locator(".papers-due.late").first).to_be_visible()
    desk.screenshot(path=str(SCREENSHOTS / "results-papers-queue.png"), full_page=True)

    desk.goto(f"/ho-so/{done.pk}/")
    assert desk.inner_text("#result-files .document-code") == "001090012345.TEST.KQ01"
    desk.screenshot(path=str(SCREENSHOTS / "results-dossier-page.png"), full_page=True)

    public = as_staff(cast.auditor)
    public.goto(f"/tra-cuu/{done.code}/?t={lookup.token_for(done.code)}")
    assert public.inner_text("#public-results .document-code") == "001090012345.TEST.KQ01"
    public.screenshot(path=str(SCREENSHOTS / "results-lookup.png"), full_page=True)

    desk.click("#action-request_correction summary")
    desk.fill("#action-request_correction textarea[name=reason]", "Sai ngày sinh trên Giấy khai sinh")
    desk.click("#action-request_correction button[type=submit]")
    desk.wait_for_selector(".messages li")
    assert "Kết quả đang được đính chính" in desk.inner_text("#correction-state")
    desk.screenshot(path=str(SCREENSHOTS / "results-under-correction.png"), full_page=True)
    assert Dossier.objects.get(pk=done.pk).status == Status.PROCESSING
