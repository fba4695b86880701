"""Error pages 400, 403, 404 and 500 with DEBUG off: the site's layout, Vietnamese, and a way back.

The 500 page is checked with every database query failing, as when the database is down.
"""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("egov.urls")]

LAYOUT = 'class="topbar"'


def ways_back(html: str) -> None:
    assert LAYOUT in html and "<footer" in html  # the site's layout, not Django's bare page
    assert f'href="{reverse("core:home")}"' in html and "Trang chủ" in html
    assert f'href="{reverse("dossiers:lookup_form")}"' in html and "Tra cứu hồ sơ" in html


@override_settings(DEBUG=False)
def test_404_in_vietnamese_with_a_way_back(client):
    page = client.get("/khong-co-trang-nay/")
    assert page.status_code == 404
    html = page.content.decode()
    assert "Không tìm thấy trang" in html
    ways_back(html)


@override_settings(DEBUG=False)
def test_403_in_vietnamese_with_a_way_back(cast, login):
    page = login(cast.desk_officer).get(reverse("core:audit_list"))
    assert page.status_code == 403
    html = page.content.decode()
    assert "Bạn không được mở trang này" in html
    ways_back(html)


@override_settings(DEBUG=False)
def test_400_in_vietnamese_with_a_way_back(client):
    page = client.get("/", HTTP_HOST="not-our-site.example")  # DisallowedHost: a SuspiciousOperation
    assert page.status_code == 400
    html = page.content.decode()
    assert "Yêu cầu không hợp lệ" in html
    ways_back(html)


@override_settings(DEBUG=False)
def test_the_previous_page_link_only_points_inside_the_site(client):
    inside = client.get("/khong-co/", HTTP_REFERER="http://testserver/thu-tuc/?q=khai+sinh")
    assert 'href="http://testserver/thu-tuc/?q=khai+sinh"' in inside.content.decode()
    assert "Quay lại trang trước" in inside.content.decode()
    with_port = client.get(
        "/khong-co/", HTTP_HOST="127.0.0.1:8000", HTTP_REFERER="http://127.0.0.1:8000/tra-cuu/"
    )
    assert 'href="http://127.0.0.1:8000/tra-cuu/"' in with_port.content.decode()  # the demo's address
    outside = client.get("/khong-co/", HTTP_REFERER="https://evil.example/")
    assert "evil.example" not in outside.content.decode()
    assert "Quay lại trang trước" not in outside.content.decode()


def _database_down(execute, sql, params, many, context):
    raise OperationalError("connection refused: the database is down")


@override_settings(DEBUG=False)
def test_500_renders_when_the_database_is_down(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast.desk_officer.user)
    with connection.execute_wrapper(_database_down):
        page = client.get(reverse("core:home"), HTTP_REFERER="http://testserver/ho-so/")
    assert page.status_code == 500
    html = page.content.decode()
    assert "Hệ thống gặp sự cố" in html
    assert 'href="http://testserver/ho-so/"' in html
    ways_back(html)


@override_settings(DEBUG=False)
def test_a_refusal_with_a_reason_shows_it(cast, login):
    page = login(cast.justice_admin).post(
        reverse("core:calendar_day_create"), {"date": "2030-03-05", "kind": "day_off", "name": "x"}
    )
    assert page.status_code == 403
    html = page.content.decode()
    assert "Chỉ quản trị viên cấp tỉnh mới được thay đổi lịch làm việc." in html
    ways_back(html)


@override_settings(DEBUG=False)
def test_an_expired_form_gets_the_site_s_403_page_in_vietnamese(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.province_admin.user)
    page = client.post(reverse("core:calendar_day_create"), {"date": "2030-03-05", "kind": "day_off"})
    assert page.status_code == 403
    html = page.content.decode()
    assert "Biểu mẫu bạn gửi đã hết hạn" in html
    ways_back(html)
