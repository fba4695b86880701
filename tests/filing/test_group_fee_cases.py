"""A linked group asks each part's fee cases as one procedure's filing does, and its API takes them per
part: a late birth registration filed in a group owes the late charge instead of the on-time line (Luật Hộ
tịch 2014 art. 11 as the demo catalogue cites it, not read); a line that is not one of the part's chosen
cases is refused in Vietnamese and nothing is saved or filed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from egov.dossiers.bundle_models import BundlePart, DossierBundle
from egov.dossiers.models import Dossier
from egov.filing import group_journey, group_services, group_submission
from egov.filing.group_models import GroupDraft
from egov.procedures.models import Fee
from tests.factories import make_citizen
from tests.filing.conftest import LATE_CASE, refused_case_ids
from tests.filing.groups import filled_group_draft, linked_group

REFUSED = "Đăng ký khai sinh: hãy chọn trong các trường hợp tính phí, lệ phí mà thủ tục này liệt kê."


@pytest.fixture
def linked(online, cast):
    return linked_group(online, cast.province)


def birth_fees(bundle: DossierBundle) -> list[tuple[str, Decimal, str]]:
    birth = BundlePart.objects.get(bundle=bundle, position=1).dossier
    return [(f.name, f.amount, f.why) for f in birth.fees.all()]


def refused_ids(linked, late) -> dict[str, object]:
    return refused_case_ids(linked.birth.procedure, linked.residence, late)


def test_a_part_with_a_case_line_has_its_fee_step_after_its_form(linked, citizen, late):
    draft = filled_group_draft(linked, citizen)
    keys = [s.key for s in group_journey.steps_of(draft)]
    assert keys.index("form-1-2") + 1 == keys.index("fees-1") and "fees-2" not in keys
    # Not answered yet: the group is not submitted.
    with pytest.raises(ValidationError):
        group_submission.submit(actor=citizen, draft=draft)
    assert not DossierBundle.objects.exists()


def test_a_late_birth_registration_in_a_group_owes_the_late_charge(linked, citizen, late):
    draft = filled_group_draft(linked, citizen)
    draft = group_services.save_fee_cases(actor=citizen, draft=draft, position=1, chosen=[late.pk])
    bundle = group_submission.submit(actor=citizen, draft=draft)
    assert birth_fees(bundle) == [("Lệ phí đăng ký khai sinh quá hạn", 5000, LATE_CASE)]


def test_an_on_time_birth_registration_in_a_group_owes_the_normal_fees(linked, citizen, late):
    draft = filled_group_draft(linked, citizen)
    draft = group_services.save_fee_cases(actor=citizen, draft=draft, position=1, chosen=[])
    bundle = group_submission.submit(actor=citizen, draft=draft)
    assert birth_fees(bundle) == [("Lệ phí đăng ký khai sinh", 0, "")]


@pytest.mark.parametrize("which", ["always", "confirmed", "foreign", "not an id"])
def test_a_case_the_part_does_not_ask_is_refused_and_changes_nothing(linked, citizen, late, which):
    given = refused_ids(linked, late)[which]
    draft = filled_group_draft(linked, citizen)
    with pytest.raises(ValidationError) as refused:
        group_services.save_fee_cases(actor=citizen, draft=draft, position=1, chosen=[late.pk, given])
    assert refused.value.messages == [REFUSED]
    draft = GroupDraft.objects.get(pk=draft.pk)
    assert draft.fee_cases == {} and "fees-1" not in draft.done


def test_a_part_left_out_drops_its_fee_cases(linked, citizen, late):
    insurance = Fee.objects.create(
        procedure=linked.insurance, name="Phí cấp lại", amount=0, applies=Fee.Applies.CHOSEN, case="Cấp lại"
    )
    draft = filled_group_draft(linked, citizen, insurance=True)
    draft = group_services.save_fee_cases(actor=citizen, draft=draft, position=3, chosen=[insurance.pk])
    draft = group_services.choose_parts(actor=citizen, draft=draft, optional=[])
    assert draft.fee_cases == {} and "fees-3" not in draft.done


def test_the_group_fee_page_asks_the_part_case_and_the_check_page_shows_it(client, linked, citizen, late):
    draft = filled_group_draft(linked, citizen)
    client.force_login(citizen)
    url = reverse("filing:group_fees", args=(draft.pk, 1))
    page = client.get(url).content.decode()
    assert LATE_CASE in page and 'type="checkbox"' in page and "Cho thủ tục: Đăng ký khai sinh" in page
    always = linked.birth.procedure.fees.get(applies=Fee.Applies.ALWAYS).pk
    wrong = client.post(url, {"cases": [str(always)], "action": "continue"})
    assert wrong.status_code == 200 and 'class="error-summary' in wrong.content.decode()
    assert GroupDraft.objects.get(pk=draft.pk).fee_cases == {}
    assert client.post(url, {"cases": [str(late.pk)], "action": "continue"}).status_code == 302
    check = client.get(reverse("filing:group_check", args=(draft.pk,))).content.decode()
    assert "Lệ phí đăng ký khai sinh quá hạn" in check and LATE_CASE in check and "5.000" in check
    assert f"{url}?from=check" in check
    assert client.post(reverse("filing:group_check", args=(draft.pk,))).status_code == 302
    bundle = GroupDraft.objects.get(pk=draft.pk).bundle
    assert bundle is not None and birth_fees(bundle)[0][0] == "Lệ phí đăng ký khai sinh quá hạn"


def test_the_group_start_page_tells_the_cases_asked(client, linked, citizen, late):
    client.force_login(citizen)
    page = client.get(reverse("filing:group_start", args=(linked.group.code,))).content.decode()
    assert "Tùy trường hợp của bạn" in page and f"{LATE_CASE}: Lệ phí đăng ký khai sinh quá hạn" in page


def test_a_part_not_filed_has_no_fee_page(client, linked, citizen, late):
    draft = filled_group_draft(linked, citizen, insurance=False)
    client.force_login(citizen)
    assert client.get(reverse("filing:group_fees", args=(draft.pk, 3))).status_code == 404
    assert client.get(reverse("filing:group_fees", args=(draft.pk, 2))).status_code == 404


# The API: POST /api/v1/procedure-groups/{code}/submissions


def submission(client, linked, **changes):
    client.force_login(make_citizen("congdan.api"))
    body = {
        "agency": linked.counter.code,
        "applicant": {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912345678"},
        "idempotency_key": "api-1",
        **changes,
    }
    url = f"/api/v1/procedure-groups/{linked.group.code}/submissions"
    return client.post(url, body, content_type="application/json")


def test_the_api_files_a_late_birth_registration_in_a_group_owing_the_late_charge(client, linked, late):
    answer = submission(client, linked, fee_cases={"1": [late.pk]})
    assert answer.status_code == 201, answer.content
    assert Decimal(answer.json()["amount_due"]) == 5000 + 10000  # the late charge and the residence fee
    bundle = DossierBundle.objects.get(reference=answer.json()["reference"])
    assert birth_fees(bundle) == [("Lệ phí đăng ký khai sinh quá hạn", 5000, LATE_CASE)]


def test_the_api_files_a_group_without_fee_cases_owing_the_normal_fees(client, linked, late):
    answer = submission(client, linked)
    assert answer.status_code == 201, answer.content
    assert Decimal(answer.json()["amount_due"]) == 10000
    bundle = DossierBundle.objects.get(reference=answer.json()["reference"])
    assert birth_fees(bundle) == [("Lệ phí đăng ký khai sinh", 0, "")]


@pytest.mark.parametrize("which", ["always", "confirmed", "foreign", "not an id", "not a list", "part 3"])
def test_the_api_refuses_a_case_a_part_does_not_ask_and_files_nothing(client, linked, late, which):
    ids = refused_ids(linked, late)
    cases = {
        "not a list": {"1": late.pk},
        "part 3": {"3": [late.pk]},  # the optional part, not chosen
    }.get(which, {"1": [late.pk, ids.get(which)]})
    answer = submission(client, linked, fee_cases=cases)
    assert answer.status_code == 400, answer.content
    expected = "Thủ tục số 3 không thuộc các thủ tục bạn nộp trong nhóm." if which == "part 3" else REFUSED
    assert answer.json()["errors"] == [expected]
    assert not DossierBundle.objects.exists() and not Dossier.objects.exists()


def test_the_groups_fee_cases_are_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json()
    field = document["components"]["schemas"]["SubmissionIn"]["properties"]["fee_cases"]
    assert "fee lines" in field["description"]
    assert field["additionalProperties"] == {"type": "array", "items": {"type": "integer"}}
