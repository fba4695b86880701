"""A counter dossier from receipt to return in a real Chromium (Debian's, driven by Playwright).

The desk officer of commune A receives it and passes it on, the Justice office's specialist takes it and
submits it, the Justice department's leader approves, the desk officer returns the result. Screenshots of
the queue, the dossier page and the receipt slip go to var/screenshots/. Skipped when /usr/bin/chromium is
absent.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.dossiers.conftest import flows  # noqa: F401  (the fixture: two published procedures)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the ORM is used between browser steps only

CHROMIUM = Path(os.environ.get("EGOV_TEST_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Debian's Chromium is not installed at {CHROMIUM}"),
]


@pytest.fixture
def chromium(chromium_browser: object) -> object:
    """The session's one Chromium (tests/browser/conftest.py): Playwright's sync API runs one event loop
    per thread, so a second `sync_playwright()` started while the session's is open fails."""
    return chromium_browser


@pytest.fixture
def as_staff(chromium, live_server, transactional_db, settings, tmp_path):
    """Open a fresh browser context signed in as a persona (each has its own cookies)."""
    from tests.conftest import PASSWORD

    settings.MEDIA_ROOT = tmp_path / "media"
    contexts = []

    def _open(staff):
        context = chromium.new_context(
            base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("input[name=username]", staff.user.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield _open
    for context in contexts:
        context.close()


def _act(
    page, action: str, *, fill: dict[str, str] | None = None, files: list | None = None, **select: str
) -> None:
    """Open the move's form, choose the officers named in `select`, type `fill` (e.g. a reason), attach
    `files` (Playwright's file payloads) and send it."""
    page.click(f"#action-{action} summary")
    for name, person in select.items():
        # Officers are listed as "Name — position, agency": choose the one whose entry begins with the name.
        choice = f"#action-{action} select[name={name}]"
        value = page.eval_on_selector(
            choice, "(s, who) => [...s.options].find(o => o.text.startsWith(who))?.value ?? ''", person
        )
        assert value, (action, name, person)
        page.select_option(choice, value=value)
    for name, text in (fill or {}).items():
        page.fill(f"#action-{action} [name={name}]", text)
    if files:
        page.set_input_files(f"#action-{action} input[type=file]", files=files)
    page.click(f"#action-{action} button[type=submit]")
    page.wait_for_selector(".messages li")


def test_counter_dossier_from_receipt_to_return(cast, flows, as_staff):  # noqa: F811
    from egov.dossiers.models import Dossier, Status

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    desk = as_staff(cast.desk_officer)
    desk.click("text=Tiếp nhận hồ sơ")
    desk.select_option("#pick-procedure", value=str(flows.simple.pk))
    desk.click("form.filters button")
    desk.fill("#id_applicant_name", "Nguyễn Thị Hoa")
    desk.fill("#id_applicant_id_number", "001190000222")
    desk.fill("#id_applicant_phone", "0912000111")
    desk.set_input_files(
        "#id_papers", files=[{"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}]
    )
    desk.click("#receive-only")
    desk.wait_for_selector("#dossier-code")
    code = desk.inner_text("#dossier-code")
    # Received at commune An Bình for the Department of Justice, which decides: its identifier (art. 28.2.a).
    assert code.startswith("000.00.01.H99-") and desk.inner_text("#dossier-status") == "Được tiếp nhận"
    _act(desk, "forward")

    specialist = as_staff(cast.specialist)
    specialist.goto("/ho-so/hang-doi/to_process/")
    assert code in specialist.content()
    specialist.screenshot(path=str(SCREENSHOTS / "dossier-queue.png"), full_page=True)
    specialist.click(f"text={code}")
    _act(specialist, "assign", handler="Đỗ Minh Đức — Phòng Hành chính tư pháp")  # name — position, agency
    _act(specialist, "submit_for_approval")

    leader = as_staff(cast.leader)
    leader.goto("/ho-so/hang-doi/to_approve/")
    leader.click(f"text={code}")
    _act(leader, "approve")
    assert leader.inner_text("#dossier-status") == "Đã xử lý xong"

    desk.goto("/ho-so/hang-doi/to_return/")
    desk.click(f"text={code}")
    _act(desk, "return_result")
    assert desk.inner_text("#dossier-status") == "Đã trả kết quả"
    assert "Nothing for you" not in desk.content()
    desk.screenshot(path=str(SCREENSHOTS / "dossier-page.png"), full_page=True)

    d = Dossier.objects.get(code=code)
    assert d.status == Status.RETURNED
    assert list(d.events.values_list("action", flat=True)) == [
        "receive",
        "forward",
        "assign",
        "submit_for_approval",
        "approve",
        "return_result",
    ]

    public = as_staff(cast.auditor)
    public.goto(f"/tra-cuu/{code}/")
    assert public.inner_text("#public-status") == "Đã trả kết quả"


def test_receipt_slip_prints(cast, flows, as_staff):  # noqa: F811
    from tests.dossiers.conftest import receive

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    d = receive(cast, flows.simple, fees=[("Lệ phí", 8000)])
    desk = as_staff(cast.desk_officer)
    desk.goto(f"/ho-so/{d.pk}/")
    href = desk.get_attribute("#slip-receipt", "href")
    response = desk.request.get(href)
    assert response.status == 200 and response.body().startswith(b"%PDF")
    pdf = SCREENSHOTS / "dossier-receipt.pdf"
    pdf.write_bytes(response.body())
    png = SCREENSHOTS / "dossier-receipt"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(png)], check=True)
    assert png.with_suffix(".png").stat().st_size > 10_000
