"""Linked procedure groups filed once (Decree 63/2024/NĐ-CP as amended by Decree 301/2026/NĐ-CP): one bundle,
one online dossier per part at its own agency, all or nothing, once per submission; a part that needs an
earlier part's result waits for it and is released through the transition table; one result set; one
payment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.channels.models import OutboxMessage
from egov.core.models import AuditEntry
from egov.dossiers import bundles
from egov.dossiers.bundle_models import BundlePart, DossierBundle
from egov.dossiers.errors import NotAllowedNow, NotPermitted
from egov.dossiers.models import Attachment, Dossier, DossierEvent, Status
from egov.organizations.models import Role
from egov.procedures.models import (
    Fee,
    ProcedureGroup,
    PublicationStatus,
    StepKind,
    WorkflowTemplate,
)
from tests.dossiers.conftest import APPLICANT, MONDAY, hours, make_procedure, step
from tests.factories import make_citizen, make_staff
from tests.linked_groups import birth_residence_insurance


def pdf(name: str = "giay-chung-sinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 giay to", content_type="application/pdf")


@pytest.fixture
def linked(cast, flows):
    """Part 1 (birth, at the commune where it is filed), part 2 (residence, at commune B's counter, waits for
    part 1), part 3 (optional, where it is filed, waits for part 1)."""
    p = cast.province
    field = flows.simple.field
    residence = make_procedure(
        "1.004222",
        "Đăng ký thường trú",
        "2",
        [(StepKind.RECEIVE, Role.DESK_OFFICER, None, "8"), (StepKind.RETURN, Role.DESK_OFFICER, None, "0")],
        field,
    )
    insurance = make_procedure(
        "1.011111",
        "Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
        "3",
        [(StepKind.RECEIVE, Role.DESK_OFFICER, None, "8"), (StepKind.RETURN, Role.DESK_OFFICER, None, "0")],
        field,
    )
    group = birth_residence_insurance(flows.simple, residence, insurance, p.commune_b)
    desk_b = make_staff(
        "motcua.bacson", p.commune_b, (Role.DESK_OFFICER,), "Lý Thị Bắc", email="bac@example.vn"
    )
    return group, desk_b


def file_group(cast, group, *, parts=(1, 2), key=None, files=None, fees=None) -> DossierBundle:
    p = cast.province
    agencies = {1: p.commune_a, 2: p.commune_b, 3: p.commune_a}
    citizen = make_citizen("congdan.an")
    return bundles.submit_group(
        actor=citizen,
        owner=citizen,
        group=group,
        agency_by_part={n: agencies[n] for n in parts},
        applicant=APPLICANT,
        answers={"tre": {"ho_ten": "Nguyễn Minh Khang"}},
        files=files or {},
        fees=fees or {},
        idempotency_key=key,
        now=MONDAY,
    )


def dossier(bundle: DossierBundle, position: int) -> Dossier:
    return BundlePart.objects.get(bundle=bundle, position=position).dossier


def give_result(cast, d: Dossier, at: dt.datetime) -> Dossier:
    """Part 1 through its workflow up to its result (granted, with the birth certificate attached)."""
    d = step(d, "accept", cast.desk_officer, at)
    d = step(d, "forward", cast.desk_officer, at + hours(1))
    d = step(d, "submit_for_approval", cast.specialist, at + hours(2))
    return step(d, "approve", cast.leader, at + hours(3), files=[pdf("giay-khai-sinh.pdf")])


def test_one_filing_makes_one_online_dossier_per_part_each_routed_to_its_agency(cast, linked):
    group, _desk_b = linked
    bundle = file_group(cast, group, parts=(1, 2, 3), files={1: [pdf()]})
    parts = list(bundle.parts.select_related("dossier").order_by("position"))
    assert [p.position for p in parts] == [1, 2, 3]
    assert [p.dossier.receiving_agency for p in parts] == [
        cast.province.commune_a,
        cast.province.commune_b,
        cast.province.commune_a,
    ]
    assert {p.dossier.status for p in parts} == {Status.SUBMITTED}
    assert {p.dossier.owner.username for p in parts} == {"congdan.an"}
    assert all(bundle.reference in p.dossier.summary for p in parts)
    assert Attachment.objects.filter(dossier=parts[0].dossier).count() == 1
    assert bundle.answers == {"tre": {"ho_ten": "Nguyễn Minh Khang"}}
    assert AuditEntry.objects.filter(action="bundle.submit", object_id=str(bundle.pk)).exists()


def test_optional_part_is_filed_only_when_chosen(cast, linked):
    group, _ = linked
    bundle = file_group(cast, group, parts=(1, 2))
    assert list(bundle.parts.values_list("position", flat=True)) == [1, 2]


def test_required_part_left_out_is_refused_and_nothing_is_filed(cast, linked):
    group, _ = linked
    with pytest.raises(ValidationError, match="Phần 2"):
        file_group(cast, group, parts=(1,))
    assert not Dossier.objects.exists() and not DossierBundle.objects.exists()


def test_all_or_nothing_a_failing_part_leaves_no_dossier_no_bundle_no_file(cast, linked, settings):
    group, _ = linked
    # Part 2's procedure loses its published workflow: its submission fails after part 1's was written.
    WorkflowTemplate.objects.filter(procedure=group.parts.get(position=2).procedure).update(
        status=PublicationStatus.DRAFT
    )
    with pytest.raises(ValidationError):
        file_group(cast, group, files={1: [pdf()]})
    assert not Dossier.objects.exists()
    assert not DossierBundle.objects.exists()
    assert not OutboxMessage.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not [f for f in media.rglob("*") if f.is_file()]


def test_a_repeated_submission_makes_one_bundle(cast, linked):
    group, _ = linked
    first = file_group(cast, group, key="form-token-1")
    again = file_group(cast, group, key="form-token-1")
    assert again.pk == first.pk
    assert DossierBundle.objects.count() == 1 and Dossier.objects.count() == 2


def test_waiting_part_has_no_limits_no_alert_and_cannot_be_accepted(cast, linked):
    group, desk_b = linked
    bundle = file_group(cast, group)
    waiting = dossier(bundle, 2)
    assert (waiting.accept_due_at, waiting.alert_due_at) == (None, None)
    assert not OutboxMessage.objects.filter(payload__to="bac@example.vn").exists()
    with pytest.raises(NotAllowedNow, match="chờ kết quả của phần trước"):
        step(waiting, "accept", desk_b, MONDAY + hours(1))
    with pytest.raises(NotAllowedNow):
        step(waiting, "ask_to_complete", desk_b, MONDAY + hours(1), reason="Thiếu CT01")
    # Nobody releases it by hand.
    with pytest.raises((NotAllowedNow, NotPermitted)):
        step(waiting, "release_linked", desk_b, MONDAY + hours(1))


def test_waiting_part_released_when_earlier_part_has_its_result_decree_63_art_8_2(cast, linked):
    """Decree 63/2024 art. 8.2 (as amended by Decree 301/2026 art. 6.3): the residence registration is
    handled once the birth certificate's electronic copy is passed on; its counter answers from then."""
    group, desk_b = linked
    bundle = file_group(cast, group)
    at = MONDAY + hours(1)
    give_result(cast, dossier(bundle, 1), at)
    released = dossier(bundle, 2)
    assert released.status == Status.SUBMITTED
    assert BundlePart.objects.get(dossier=released).released_at == at + hours(3)
    assert released.accept_due_at is not None and released.alert_due_at is not None
    assert OutboxMessage.objects.filter(payload__to="bac@example.vn").exists()
    event = DossierEvent.objects.get(dossier=released, action="release_linked")
    assert event.data["earlier"] == dossier(bundle, 1).code
    shared = Attachment.objects.get(dossier=released)
    assert shared.name.endswith("giay-khai-sinh.pdf") and shared.kind == Attachment.Kind.PAPER
    accepted = step(released, "accept", desk_b, at + hours(4))
    assert accepted.status == Status.RECEIVED


def test_a_refused_earlier_part_releases_nothing(cast, linked):
    group, _ = linked
    bundle = file_group(cast, group)
    d = step(dossier(bundle, 1), "accept", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "refuse", cast.desk_officer, MONDAY + hours(2), reason="Không đủ điều kiện")
    step(d, "return_result", cast.desk_officer, MONDAY + hours(3))  # the refusal handed over: no result
    assert BundlePart.objects.get(position=2, bundle=bundle).released_at is None
    assert not DossierEvent.objects.filter(action="release_linked").exists()


def test_bundle_results_list_every_part_with_a_result_and_done_when_required_parts_returned(cast, linked):
    group, desk_b = linked
    bundle = file_group(cast, group)
    at = MONDAY + hours(1)
    first = give_result(cast, dossier(bundle, 1), at)
    results = bundles.bundle_results(bundle)
    assert [(r.part.position, [f.name for f in r.files]) for r in results] == [(1, ["giay-khai-sinh.pdf"])]
    assert not bundles.is_done(bundle)
    step(first, "return_result", cast.desk_officer, at + hours(4))
    second = step(dossier(bundle, 2), "accept", desk_b, at + hours(4))
    second = step(second, "result_ready", desk_b, at + hours(5), files=[pdf("thong-bao-thuong-tru.pdf")])
    assert [r.part.position for r in bundles.bundle_results(bundle)] == [1, 2]
    assert not bundles.is_done(bundle)
    step(second, "return_result", desk_b, at + hours(6))
    assert bundles.is_done(bundle)


def test_officer_page_selector_shows_the_other_parts(cast, linked):
    group, _ = linked
    bundle = file_group(cast, group, parts=(1, 2, 3))
    others = bundles.other_parts(dossier(bundle, 2))
    assert [p.position for p in others] == [1, 3]


def test_one_payment_for_the_bundle_pays_every_part(cast, linked):
    group, _ = linked
    fees = {1: [("Phí bản sao", Decimal(8000))], 2: [("Lệ phí thường trú", Decimal(10000))]}
    bundle = file_group(cast, group, fees=fees)
    assert bundles.amount_due(bundle) == Decimal(18000)
    assert bundles.record_payment(actor=None, bundle=bundle, paid_at=MONDAY + hours(1)) == 2
    assert bundles.amount_due(bundle) == 0
    assert bundles.record_payment(actor=None, bundle=bundle, paid_at=MONDAY + hours(2)) == 0
    assert set(bundles.bundle_fees(bundle).values_list("paid_at", flat=True)) == {MONDAY + hours(1)}


def test_unpublished_group_cannot_be_filed(cast, linked):
    group, _ = linked
    ProcedureGroup.objects.filter(pk=group.pk).update(status=PublicationStatus.DRAFT)
    group.refresh_from_db()
    with pytest.raises(ValidationError):
        file_group(cast, group)
    assert not Dossier.objects.exists()


def test_officer_dossier_page_shows_the_bundle_and_its_other_parts(client, login, cast, linked):
    group, desk_b = linked
    bundle = file_group(cast, group, parts=(1, 2, 3))
    login(desk_b)
    page = client.get(f"/ho-so/{dossier(bundle, 2).pk}/").content.decode()
    section = page[page.index('id="bundle"') :]
    assert bundle.reference in section and "bundle-held" in section
    assert dossier(bundle, 1).code in section and dossier(bundle, 3).code in section
    login(cast.desk_officer)
    first = client.get(f"/ho-so/{dossier(bundle, 1).pk}/").content.decode()
    assert 'id="bundle"' in first and "bundle-held" not in first


def test_api_files_a_group_once_with_the_fees_of_every_part(client, cast, linked):
    group, _ = linked
    Fee.objects.create(
        procedure=group.parts.get(position=2).procedure, name="Lệ phí thường trú", amount=10000
    )
    url = f"/api/v1/procedure-groups/{group.code}/submissions"
    body = {
        "agency": cast.province.commune_a.code,
        "applicant": {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912345678"},
        "answers": {"tre": {"ho_ten": "Nguyễn Minh Khang"}},
        "idempotency_key": "api-form-1",
    }
    assert client.post(url, body, content_type="application/json").status_code == 401
    client.force_login(cast.desk_officer.user)
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(make_citizen("congdan.api"))
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert [(p["position"], p["agency"], p["waiting"]) for p in data["parts"]] == [
        (1, cast.province.commune_a.name, False),
        (2, cast.province.commune_b.name, True),
    ]
    assert Decimal(data["amount_due"]) == 10000
    again = client.post(url, body, content_type="application/json").json()
    assert again["reference"] == data["reference"] and DossierBundle.objects.count() == 1
    assert client.get(f"/api/v1/bundles/{data['reference']}").json()["reference"] == data["reference"]
    wrong = client.post(
        url, {**body, "agency": "no-such", "idempotency_key": "x"}, content_type="application/json"
    )
    assert wrong.status_code == 400 and DossierBundle.objects.count() == 1
    listed = client.get("/api/v1/procedure-groups").json()
    assert [p["procedure_code"] for p in listed[0]["parts"]] == ["2.000635", "1.004222", "1.011111"]
    assert "/api/v1/procedure-groups/{code}/submissions" in client.get("/api/v1/openapi.json").json()["paths"]
