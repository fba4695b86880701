"""The online form does not ask again what the account already told: the applicant step's name, ID number
and contacts (prefilled from the profile) answer the form's applicant group, which asks only the rest."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.filing import services
from egov.filing.models import Draft
from egov.procedures.models import FormVersion
from tests.filing.conftest import APPLICANT

SCHEMA = {
    "fields": [
        {
            "name": "nguoi_yeu_cau",
            "label": "Thông tin người yêu cầu",
            "type": "group",
            "min": 1,
            "max": 1,
            "fields": [
                {"name": "ho_ten", "label": "Họ tên người yêu cầu", "type": "text", "required": True},
                {"name": "so_dinh_danh", "label": "Số định danh cá nhân", "type": "cccd", "required": True},
                {"name": "ngay_sinh", "label": "Ngày sinh người yêu cầu", "type": "date", "required": True},
                {"name": "dien_thoai", "label": "Số điện thoại", "type": "phone", "required": False},
            ],
        }
    ]
}


def _draft(online, citizen) -> Draft:
    FormVersion.objects.filter(pk=online.form.pk).update(schema=SCHEMA)
    draft = services.start(actor=citizen, procedure=online.procedure)
    draft = services.save_who(actor=citizen, draft=draft, organisation=None)
    return services.save_applicant(actor=citizen, draft=draft, applicant=APPLICANT)


def test_the_form_asks_only_what_the_applicant_step_did_not(client, online, citizen) -> None:
    draft = _draft(online, citizen)
    client.force_login(citizen)
    url = reverse("filing:form", args=(draft.pk, 1))
    page = client.get(url).content.decode()
    assert "Ngày sinh người yêu cầu" in page
    assert "Số định danh cá nhân" not in page and "Họ tên người yêu cầu" not in page
    assert 'id="known-from-applicant"' in page
    prefix = "nguoi_yeu_cau"
    data = {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "1",
        f"{prefix}-MAX_NUM_FORMS": "1",
        f"{prefix}-0-ngay_sinh": "1990-05-01",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    row = Draft.objects.get(pk=draft.pk).answers["nguoi_yeu_cau"][0]
    assert row["ho_ten"] == APPLICANT["name"] and row["so_dinh_danh"] == APPLICANT["id_number"]
    assert row["dien_thoai"] == APPLICANT["phone"] and row["ngay_sinh"] == "1990-05-01"


def test_a_later_change_of_the_applicants_details_reaches_the_form() -> None:
    from egov.filing import known

    stale = {"nguoi_yeu_cau": [{"ho_ten": "Tên cũ", "ngay_sinh": "1990-05-01"}]}
    row = known.with_known(stale, SCHEMA["fields"], APPLICANT)["nguoi_yeu_cau"][0]
    assert row == {
        "ho_ten": APPLICANT["name"],
        "ngay_sinh": "1990-05-01",
        "so_dinh_danh": APPLICANT["id_number"],
        "dien_thoai": APPLICANT["phone"],
    }
    organisation = {**APPLICANT, "type": "organisation"}
    assert known.with_known(stale, SCHEMA["fields"], organisation) == stale


def test_each_part_of_a_linked_group_asks_only_what_the_applicant_step_did_not(client, online, citizen, cast):
    """A newcomer's walk: the group asked the parent's name, ID number, phone and email again on every
    part's form after the applicant step had them."""
    from egov.dossiers.answer_models import FormAnswers
    from egov.filing import group_services, group_submission
    from tests.filing.groups import filled_group_draft, linked_group

    linked = linked_group(online, cast.province)
    residence_schema = {"fields": [*SCHEMA["fields"], *RESIDENCE["fields"]]}
    FormVersion.objects.filter(procedure=linked.residence).update(schema=residence_schema)
    draft = filled_group_draft(linked, citizen)
    client.force_login(citizen)
    page = client.get(reverse("filing:group_form", args=(draft.pk, 2, 1))).content.decode()
    assert "Ngày sinh người yêu cầu" in page and 'id="known-from-applicant"' in page
    assert "Số định danh cá nhân" not in page and "Họ tên người yêu cầu" not in page
    for step, answers in (
        ("form-2-1", {"nguoi_yeu_cau": [{"ngay_sinh": "1990-05-01"}]}),
        ("form-2-2", {"noi_thuong_tru": "Xã Bắc Sơn"}),
    ):
        draft = group_services.save_answers(
            actor=citizen, draft=draft, position=2, step=step, answers=answers
        )
    bundle = group_submission.submit(actor=citizen, draft=draft)
    residence = bundle.parts.get(position=2).dossier
    row = FormAnswers.objects.get(dossier=residence).answers["nguoi_yeu_cau"][0]
    assert row["ho_ten"] == APPLICANT["name"] and row["so_dinh_danh"] == APPLICANT["id_number"]
    assert row["ngay_sinh"] == "1990-05-01"


RESIDENCE = {"fields": [{"name": "noi_thuong_tru", "label": "Nơi đăng ký thường trú", "type": "text"}]}


def test_the_accounts_date_of_birth_answers_the_form_and_a_profile_change_reaches_it(client, online, citizen):
    """A newcomer's walk: the profile held a verified date of birth and every form asked it again."""
    import datetime as dt

    from egov.citizens.models import Citizen

    Citizen.objects.filter(user=citizen).update(birth_date=dt.date(1990, 5, 1))
    citizen.refresh_from_db()
    draft = _draft(online, citizen)
    client.force_login(citizen)
    url = reverse("filing:form", args=(draft.pk, 1))
    page = client.get(url).content.decode()
    assert "Ngày sinh người yêu cầu" not in page and "ngày sinh" in page  # said to come from the account
    data = {"nguoi_yeu_cau-TOTAL_FORMS": "1", "nguoi_yeu_cau-INITIAL_FORMS": "0"}
    assert client.post(url, data).status_code == 302
    assert Draft.objects.get(pk=draft.pk).answers["nguoi_yeu_cau"][0]["ngay_sinh"] == "1990-05-01"
    # Corrected in the profile, then the applicant step saved again: the form follows.
    Citizen.objects.filter(user=citizen).update(birth_date=dt.date(1990, 6, 2))
    citizen = type(citizen).objects.get(pk=citizen.pk)
    draft = services.save_applicant(actor=citizen, draft=Draft.objects.get(pk=draft.pk), applicant=APPLICANT)
    assert draft.applicant["birth_date"] == "1990-06-02"


@pytest.mark.parametrize(
    ("address", "detail"),
    [
        ("Số 1, thôn Đông, xã An Bình, tỉnh Hòa Bình Xanh", "Số 1, thôn Đông"),
        ("12 Lê Lợi, phường Hồng Gai, tỉnh Quảng Ninh", "12 Lê Lợi"),
        ("Thôn 3, xã An Bình", "Thôn 3"),
        ("Xã An Bình", "Xã An Bình"),  # nothing but the unit: kept, the citizen edits it
        ("Thôn Đông", "Thôn Đông"),
    ],
)
def test_the_address_detail_starts_from_the_house_and_street_only(address, detail) -> None:
    """A newcomer's walk: the street field was prefilled with the whole address, commune and province too,
    under the commune and province pickers."""
    from egov.filing.known import house_and_street

    assert house_and_street(address) == detail
