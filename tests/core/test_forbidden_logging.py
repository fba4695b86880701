"""A refusal (PermissionDenied, 403) is logged as one line, path, account and reason, without a traceback:
refusals are expected answers, and a traceback per refused request buried the real faults in the log."""

from __future__ import annotations

import logging

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("egov.urls")]


def forbidden_records(caplog):
    return [r for r in caplog.records if r.name == "django.request" and r.levelno >= logging.WARNING]


@override_settings(DEBUG=False)
def test_a_refusal_logs_one_line_with_path_user_and_reason_and_no_traceback(cast, login, caplog):
    caplog.set_level(logging.INFO)
    user = cast.justice_admin.user
    page = login(cast.justice_admin).post(
        reverse("core:calendar_day_create"), {"date": "2030-03-05", "kind": "day_off", "name": "x"}
    )
    assert page.status_code == 403
    [record] = forbidden_records(caplog)
    assert record.exc_info is None and record.exc_text is None
    line = record.getMessage()
    assert "\n" not in line
    assert reverse("core:calendar_day_create") in line
    assert f"user={user.pk}" in line
    assert "reason=" in line and "reason=-" not in line
    assert record.status_code == 403


@override_settings(DEBUG=False)
def test_a_refusal_of_an_anonymous_visitor_names_no_account(client, caplog):
    caplog.set_level(logging.INFO)
    # A staff page refused to nobody in particular: the citizens' boundary and the staff checks alike.
    from django.core.exceptions import PermissionDenied

    from egov.core import errors

    request = client.get("/").wsgi_request
    response = errors.permission_denied(request, PermissionDenied("Không được.\nGiả mạo dòng log"))
    assert response.status_code == 403
    [record] = forbidden_records(caplog)
    line = record.getMessage()
    assert "user=-" in line
    assert "\n" not in line  # a reason or address with a line break cannot forge a second log line
    assert record.exc_info is None


@override_settings(DEBUG=False)
def test_a_citizen_refused_a_staff_screen_is_one_line_too(client, caplog):
    from tests.factories import make_citizen

    caplog.set_level(logging.INFO)
    citizen = make_citizen("an.nguyen")
    client.force_login(citizen)
    assert client.get(reverse("core:audit_list")).status_code == 403
    [record] = forbidden_records(caplog)
    assert record.exc_info is None
    assert f"user={citizen.pk}" in record.getMessage() and "reason=-" not in record.getMessage()
