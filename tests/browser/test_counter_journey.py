"""A desk officer at the counter, in a real Chromium (Debian's, driven by Playwright), without help.

She picks the procedure from one list in Vietnamese order, ticks the papers the applicant hands in, is told
which mandatory paper is missing (the dossier is not received), completes the checklist, and presses
"Receive and print": the answer is the receipt slip as a PDF. On the dossier page the papers and the fee
("8.000 đ") are listed, and the move "forward" says where it sends the dossier and to whom. Screenshots go
to var/screenshots/counter-*.png. Skipped when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import os
from decimal import Decimal

from egov.procedures.models import RequiredDocument
from tests.browser.test_dossier_journey import SCREENSHOTS, as_staff, chromium  # noqa: F401  (fixtures)
from tests.dossiers.conftest import flows  # noqa: F401  (the fixture: two published procedures)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the ORM is used between browser steps only


def test_a_desk_officer_receives_and_prints_without_help(cast, flows, as_staff):  # noqa: F811
    from egov.dossiers.models import Dossier
    from egov.dossiers.papers import received_papers

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    procedure = flows.simple
    procedure.fees.create(name="Phí cấp bản sao", amount=Decimal(8000))
    form = RequiredDocument.objects.create(procedure=procedure, name="Tờ khai theo mẫu", sort_order=1)
    identity = RequiredDocument.objects.create(
        procedure=procedure,
        name="Giấy tờ tùy thân",
        copy_kind=RequiredDocument.Copy.ORIGINAL_OR_COPY,
        sort_order=2,
    )

    desk = as_staff(cast.desk_officer)
    desk.click("text=Tiếp nhận hồ sơ")
    labels = desk.locator("#pick-procedure option").all_inner_texts()[1:]
    assert labels == [
        "Cấp bản sao trích lục hộ tịch (2.000635)",
        "Đăng ký khai sinh có yếu tố nước ngoài (1.001193)",
    ]
    desk.select_option("#pick-procedure", value=str(procedure.pk))
    desk.click("#pick button")
    assert "8.000\u00a0đ" in desk.inner_text("#receive-form")

    desk.check(f"#id_paper_{form.pk}")
    desk.fill(f"#id_paper_{form.pk}_count", "2")
    desk.fill("#id_applicant_name", "Nguyễn Thị Hoa")
    desk.fill("#id_applicant_id_number", "001190000222")
    desk.click("#receive-print")
    desk.wait_for_selector("#receive-errors")
    assert "Giấy tờ tùy thân" in desk.inner_text("#receive-errors")
    assert desk.input_value("#id_applicant_name") == "Nguyễn Thị Hoa"
    desk.screenshot(path=str(SCREENSHOTS / "counter-missing-paper.png"), full_page=True)
    assert not Dossier.objects.exists()

    desk.check(f"#id_paper_{identity.pk}")
    desk.select_option(f"#id_paper_{identity.pk}_form", value=RequiredDocument.Copy.CERTIFIED_COPY)
    desk.check("input[name=fees]")
    with desk.expect_response(lambda r: "/phieu/receipt/" in r.url) as answer:
        desk.click("#receive-print")
    shown = answer.value  # the browser shows it in its PDF viewer: read the same address again for the file
    assert shown.status == 200 and shown.headers["content-type"] == "application/pdf"
    pdf = desk.request.get(shown.url).body()
    assert pdf.startswith(b"%PDF")
    (SCREENSHOTS / "counter-receipt.pdf").write_bytes(pdf)

    d = Dossier.objects.get()
    assert [(p.name, p.form, p.count) for p in received_papers(d)] == [
        ("Tờ khai theo mẫu", "original", 2),
        ("Giấy tờ tùy thân", "certified_copy", 1),
    ]
    desk.goto(f"/ho-so/{d.pk}/")
    assert "8.000\u00a0đ" in desk.inner_text("#dossier-fees")
    assert "Giấy tờ tùy thân · Bản sao chứng thực · 1 bộ" in desk.inner_text("#received-papers")
    desk.click("#action-forward summary")
    goes = desk.inner_text("#goes-forward")
    assert "Phòng Hành chính tư pháp" in goes and "Chuyên viên" in goes
    desk.screenshot(path=str(SCREENSHOTS / "counter-dossier-page.png"), full_page=True)

    # The next applicant: after "receive and print", Back gives a fresh form, never the one-time key just used
    # (the form is never cached), so the next receipt is a new dossier, not the first one again.
    desk.goto(f"/ho-so/tiep-nhan/?procedure={flows.inter.pk}")
    used_key = desk.input_value("input[name=idem]")
    desk.fill("#id_applicant_name", "Trần Văn Bình")
    with desk.expect_response(lambda r: "/phieu/receipt/" in r.url):
        desk.click("#receive-print")
    # Back only once the PDF viewer has taken the page: while Chromium swaps the page into its viewer, a
    # history read answers "Not attached to an active page" (seen once in CI).
    desk.wait_for_url("**/phieu/receipt/**", wait_until="load")
    desk.go_back()
    desk.wait_for_selector("#receive-form")
    assert desk.input_value("input[name=idem]") not in ("", used_key)
    assert Dossier.objects.count() == 2
