"""The calendar screens: who sees and who edits, and that refused or invalid input changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from egov.backoffice.calendar import services
from egov.core import calendar
from egov.core.models import AuditEntry, CalendarDay

pytestmark = pytest.mark.django_db

VIEWERS = {"province_admin": 200, "justice_admin": 200}
REFUSED = ("desk_officer", "specialist", "leader", "clerk", "auditor", "commune_b_specialist")


def state() -> tuple[list[tuple[object, ...]], int]:
    rows = list(CalendarDay.objects.order_by("date", "scope").values_list("date", "scope", "kind", "name"))
    return rows, AuditEntry.objects.count()


@pytest.fixture
def province_day(cast):
    return services.create_province_day(
        cast.province_admin.user, date=dt.date(2026, 3, 2), kind="day_off", name="Lễ hội Đền Hùng tỉnh"
    )


@pytest.mark.parametrize("persona", [*VIEWERS, *REFUSED])
def test_year_screen_access(cast, login, persona):
    response = login(getattr(cast, persona)).get(reverse("core:calendar"), {"year": 2026})
    assert response.status_code == VIEWERS.get(persona, 403)


def test_year_screen_redirects_anonymous_to_login(client):
    response = client.get(reverse("core:calendar"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_year_screen_lists_national_and_province_days(cast, login, province_day):
    page = login(cast.province_admin).get(reverse("core:calendar"), {"year": 2026}).content.decode()
    assert "Tết Âm lịch (mùng 1 Tết Bính Ngọ)" in page
    assert "Công văn 9859/VPCP-KGVX" in page
    assert "Lễ hội Đền Hùng tỉnh" in page
    assert "Quốc gia" in page and "Tỉnh" in page  # scope badges, in Vietnamese
    assert "248 ngày làm việc" in page  # 249 national working days minus the province's day off
    assert reverse("core:calendar_day_edit", args=[province_day.pk]) in page


def test_agency_admin_sees_the_year_without_edit_links(cast, login, province_day):
    page = login(cast.justice_admin).get(reverse("core:calendar"), {"year": 2026}).content.decode()
    assert "Lễ hội Đền Hùng tỉnh" in page
    assert reverse("core:calendar_day_edit", args=[province_day.pk]) not in page
    assert reverse("core:calendar_day_create") not in page


@pytest.mark.parametrize("persona", ["justice_admin", *REFUSED])
def test_only_the_province_admin_may_change_days(cast, login, persona, province_day):
    client = login(getattr(cast, persona))
    before = state()
    data = {"date": "2026-03-09", "kind": "day_off", "name": "Thử", "source": ""}
    assert client.get(reverse("core:calendar_day_create")).status_code == 403
    assert client.post(reverse("core:calendar_day_create"), data).status_code == 403
    edit = reverse("core:calendar_day_edit", args=[province_day.pk])
    assert client.post(edit, {**data, "date": "2026-03-02"}).status_code == 403
    delete = reverse("core:calendar_day_delete", args=[province_day.pk])
    assert client.post(delete).status_code == 403
    assert state() == before


def test_anonymous_is_sent_to_login_from_the_edit_screens(client, province_day):
    for url in (
        reverse("core:calendar_day_create"),
        reverse("core:calendar_day_edit", args=[province_day.pk]),
        reverse("core:calendar_day_delete", args=[province_day.pk]),
    ):
        response = client.post(url, {"date": "2026-03-09", "kind": "day_off", "name": "x"})
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert CalendarDay.objects.filter(scope="province").count() == 1


def test_province_admin_adds_edits_and_removes_a_day(cast, login):
    client = login(cast.province_admin)
    assert client.get(reverse("core:calendar_day_create"), {"year": 2026}).status_code == 200
    response = client.post(
        reverse("core:calendar_day_create"),
        {"date": "2026-03-09", "kind": "day_off", "name": "Nghỉ bầu cử", "source": "QĐ 12/QĐ-UBND"},
    )
    assert response.status_code == 302 and response.url == reverse("core:calendar") + "?year=2026"
    row = CalendarDay.objects.get(scope="province", date="2026-03-09")
    assert not calendar.is_working_day(dt.date(2026, 3, 9))
    created = AuditEntry.objects.get(action="calendar.create", object_id=str(row.pk))
    assert created.actor_id == cast.province_admin.user.pk
    assert created.agency_path == cast.province.root.path

    edit = reverse("core:calendar_day_edit", args=[row.pk])
    assert client.get(edit).status_code == 200
    client.post(edit, {"date": "2026-03-10", "kind": "day_off", "name": "Nghỉ bầu cử", "source": "QĐ 13"})
    row.refresh_from_db()
    assert (row.date, row.source) == (dt.date(2026, 3, 10), "QĐ 13")
    assert calendar.is_working_day(dt.date(2026, 3, 9)) and not calendar.is_working_day(dt.date(2026, 3, 10))
    updated = AuditEntry.objects.get(action="calendar.update")
    assert updated.before == {"date": "2026-03-09", "source": "QĐ 12/QĐ-UBND"}

    delete = reverse("core:calendar_day_delete", args=[row.pk])
    assert "Nghỉ bầu cử" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert not CalendarDay.objects.filter(scope="province").exists()
    assert calendar.is_working_day(dt.date(2026, 3, 10))
    assert AuditEntry.objects.filter(action="calendar.delete").count() == 1


def test_national_rows_cannot_be_edited_through_the_province_screens(cast, login):
    national = CalendarDay.objects.get(scope="national", date="2026-02-17")
    client = login(cast.province_admin)
    assert client.get(reverse("core:calendar_day_edit", args=[national.pk])).status_code == 404
    assert client.post(reverse("core:calendar_day_delete", args=[national.pk])).status_code == 404
    assert CalendarDay.objects.filter(pk=national.pk).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"date": "2026-03-02", "kind": "day_off", "name": "Lần nữa"},
            "date",
            "Tỉnh đã có điều chỉnh cho ngày",
        ),
        ({"date": "2026-03-03", "kind": "working_day", "name": "Làm"}, "kind", "đã là ngày làm việc"),
        ({"date": "2026-03-07", "kind": "day_off", "name": "Nghỉ"}, "kind", "đã là ngày nghỉ"),
        ({"date": "2026-02-17", "kind": "holiday", "name": "Tết"}, "kind", "đã là ngày nghỉ"),
        ({"date": "31/02/2026", "kind": "day_off", "name": "Sai"}, "date", "Nhập ngày, ví dụ 31/12/2026."),
        ({"date": "2026-03-04", "kind": "weekend", "name": "Sai"}, "kind", "Hãy chọn"),
        ({"date": "2026-03-04", "kind": "day_off", "name": " "}, "name", "bắt buộc"),
        ({"date": "1990-03-05", "kind": "day_off", "name": "Xưa"}, "date", "Hãy chọn ngày trong khoảng"),
    ],
)
def test_invalid_input_shows_a_vietnamese_error_and_changes_nothing(
    cast, login, province_day, data, field, message
):
    client = login(cast.province_admin)
    before = state()
    response = client.post(reverse("core:calendar_day_create"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors.get(field, []))
    assert state() == before


def test_editing_into_an_existing_date_is_refused(cast, login, province_day):
    other = services.create_province_day(
        cast.province_admin.user, date=dt.date(2026, 3, 4), kind="day_off", name="Khác"
    )
    before = state()
    response = login(cast.province_admin).post(
        reverse("core:calendar_day_edit", args=[other.pk]),
        {"date": "2026-03-02", "kind": "day_off", "name": "Khác"},
    )
    assert response.status_code == 200 and response.context["form"].errors["date"]
    assert state() == before


def test_a_day_off_can_be_made_a_working_day_by_the_province(cast, login):
    # 02/05/2025 is a national swapped day off; the province may decide to work that day.
    response = login(cast.province_admin).post(
        reverse("core:calendar_day_create"),
        {"date": "2025-05-02", "kind": "working_day", "name": "Tỉnh làm việc"},
    )
    assert response.status_code == 302
    assert calendar.is_working_day(dt.date(2025, 5, 2))


def test_the_service_refuses_non_admins_too(cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.create_province_day(
            cast.justice_admin.user, date=dt.date(2026, 3, 9), kind="day_off", name="x"
        )
    assert not CalendarDay.objects.filter(scope="province").exists()
