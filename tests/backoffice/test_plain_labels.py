"""Staff screens name who did what in plain words: a system actor ("SANDBOX", "system") by what it is, with
its internal name kept as a title for the auditor; the home's latest changes by the action's name, not its
code; the forecast by when it was estimated, its model version only in a title."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from egov.backoffice import actor_labels
from egov.core.audit import SystemActor, record
from egov.core.models import AuditEntry


def test_a_system_actor_is_named_in_plain_words_with_its_internal_name_as_title():
    with translation.override("vi"):
        html = actor_labels.html(SimpleNamespace(actor_id=None, actor_name="SANDBOX"))
    assert html == '<span class="system-actor" title="SANDBOX">Ngân hàng thử nghiệm (demo)</span>'


def test_a_person_is_named_as_written_even_without_an_account():
    assert actor_labels.html(SimpleNamespace(actor_id=None, actor_name="Huỳnh Hữu Hoa")) == "Huỳnh Hữu Hoa"
    assert actor_labels.html(SimpleNamespace(actor_id=7, actor_name="system")) == "system"


def test_the_audit_log_names_the_system_in_plain_words(cast, login):
    entry = record(
        SystemActor("rebuild_stats"), "stats.rebuild", cast.province.root, agency_path=cast.province.root.path
    )
    page = login(cast.auditor).get(reverse("core:audit_list")).content.decode()
    assert '<span class="system-actor" title="system">Hệ thống</span>' in page
    detail = login(cast.auditor).get(reverse("core:audit_detail", args=[entry.pk])).content.decode()
    assert "Hệ thống" in detail and "<code>system</code>" in detail  # the recorded name, for the auditor


def test_the_homes_latest_changes_show_the_actions_name_not_its_code(cast, login):
    record(SystemActor(), "staff.roles", cast.province.root, agency_path=cast.province.root.path)
    page = login(cast.auditor).get("/").content.decode()
    assert '<td title="staff.roles">Thay đổi vai trò</td>' in page
    assert "<code>staff.roles</code>" not in page
    assert AuditEntry.objects.filter(action="staff.roles").exists()


def test_the_forecast_says_when_it_was_estimated_and_keeps_the_model_in_a_title():
    forecast = SimpleNamespace(
        probability=0.42,
        model_version=3,
        scored_at=timezone.make_aware(dt.datetime(2026, 12, 5, 9, 30)),
        reasons=[],
    )
    with translation.override("vi"):
        html = render_to_string("insight/_forecast.html", {"forecast": forecast})
    assert 'title="mô hình v3"' in html and "(ước tính lúc 09:30 05/12/2026)" in html
    assert ">mô hình v3" not in html and "(mô hình" not in html
