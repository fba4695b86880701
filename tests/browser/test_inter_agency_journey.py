"""An inter-agency route in a real Chromium: a dossier received at the provincial service centre for a
Department of Justice procedure reaches the Department's specialist and leader and comes back to the centre
to be returned (issue 9, item 8; the centre is under the Office of the provincial People's Committee,
Decree 118/2025/NĐ-CP art. 7.2.a, and holds no specialist of the Department).

The centre's own workflow is published through the services, so it passes the publication check. Screenshots
go to var/screenshots/inter-agency-*.png. Skipped when /usr/bin/chromium is absent.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.browser.test_dossier_journey import SCREENSHOTS, _act, as_staff, chromium  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def centre_route(cast):
    """The centre's desk officer, and a Justice procedure whose centre workflow names the Department."""
    from egov.organizations.models import Role
    from egov.procedures.models import StepKind
    from egov.procedures.services import catalogue as services
    from egov.procedures.services import workflows
    from tests.factories import SYSTEM, make_staff
    from tests.procedures.conftest import build_procedure

    p = cast.province
    desk = make_staff("motcua.tinh", p.center, (Role.DESK_OFFICER,), "Đặng Thu Trang")
    field = services.save_field(SYSTEM, code="HT", name="Hộ tịch", sort_order=1)
    make_staff("hotich.anbinh", p.commune_a, (Role.SPECIALIST,), "Lý Thị Hộ")
    make_staff("chutich.anbinh", p.commune_a, (Role.LEADER,), "Trịnh Văn Chủ")
    procedure = build_procedure(
        SYSTEM,
        field,
        [p.commune_a, p.justice],
        code="2.000635",
        name="Cấp bản sao Trích lục hộ tịch",
        levels=["commune", "province"],
    )
    rows = [
        (StepKind.RECEIVE, "Tiếp nhận hồ sơ", Role.DESK_OFFICER, None, "1"),
        (StepKind.PROCESS, "Phòng Hành chính tư pháp kiểm tra", Role.SPECIALIST, p.justice_office, "5"),
        (StepKind.APPROVE, "Lãnh đạo Sở Tư pháp ký", Role.LEADER, p.justice, "1"),
        (StepKind.RETURN, "Trả kết quả", Role.DESK_OFFICER, None, "1"),
    ]
    draft = workflows.new_workflow_draft(SYSTEM, procedure, p.center)
    draft = workflows.save_workflow_steps(
        SYSTEM,
        draft,
        [
            {"kind": k, "name": n, "role": r, "agency": a, "allotted_hours": Decimal(h)}
            for k, n, r, a, h in rows
        ],
    )
    workflows.publish_workflow(SYSTEM, draft)
    return desk, procedure


def test_a_justice_dossier_goes_from_the_provincial_centre_to_the_department_and_back(
    cast,
    centre_route,
    as_staff,  # noqa: F811  (the fixture imported above)
):
    from egov.dossiers.models import Dossier, Status

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    centre_desk, procedure = centre_route
    p = cast.province
    desk = as_staff(centre_desk)
    desk.click("text=Tiếp nhận hồ sơ")
    desk.select_option("#pick-procedure", value=str(procedure.pk))
    desk.click("form.filters button")
    desk.fill("#id_applicant_name", "Nguyễn Thị Hoa")
    desk.fill("#id_applicant_id_number", "001190000222")
    desk.fill("#id_applicant_phone", "0912000111")
    for paper in desk.query_selector_all("input[type=checkbox][name^=paper_]"):
        paper.check()  # the paper checklist: every paper the procedure asks for came in
    desk.set_input_files(
        "#id_papers", files=[{"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}]
    )
    desk.click("#receive-only")
    desk.wait_for_selector("#dossier-code")
    code = desk.inner_text("#dossier-code")
    # The code names the competent agency, not the counter that received it (Decree 118/2025 art. 28.2.a).
    assert code.startswith(f"{p.justice.code}-")
    desk.screenshot(path=str(SCREENSHOTS / "inter-agency-received.png"), full_page=True)
    _act(desk, "forward")

    specialist = as_staff(cast.specialist)
    specialist.goto("/ho-so/hang-doi/to_process/")
    assert code in specialist.content()
    specialist.screenshot(path=str(SCREENSHOTS / "inter-agency-department-queue.png"), full_page=True)
    specialist.click(f"text={code}")
    _act(specialist, "assign", handler="Đỗ Minh Đức")
    _act(specialist, "submit_for_approval")

    leader = as_staff(cast.leader)
    leader.goto("/ho-so/hang-doi/to_approve/")
    leader.click(f"text={code}")
    _act(leader, "approve")
    assert leader.inner_text("#dossier-status") == "Đã xử lý xong"

    desk.goto("/ho-so/hang-doi/to_return/")
    assert code in desk.content()
    desk.click(f"text={code}")
    _act(desk, "return_result")
    assert desk.inner_text("#dossier-status") == "Đã trả kết quả"
    desk.screenshot(path=str(SCREENSHOTS / "inter-agency-returned.png"), full_page=True)

    d = Dossier.objects.get(code=code)
    assert d.status == Status.RETURNED and d.receiving_agency == p.center
    visited = list(d.visits.order_by("started_at", "pk").values_list("agency__name", flat=True))
    assert visited == [p.center.name, p.justice_office.name, p.justice.name, p.center.name]
