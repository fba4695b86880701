"""manage.py demo: the province in the database, personas, idempotence, reset and the bulk switches."""

import datetime as dt
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from egov.core.models import AuditEntry
from egov.demo.province import DEFAULT_SEED, PERSONAS, plan_province
from egov.organizations.demo import persona_rows
from egov.organizations.models import Agency, AgencyKind, RoleGrant, Staff
from tests.factories import make_agency

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "demo.md"


def run(*args):
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return (
        Agency.objects.count(),
        Staff.objects.count(),
        RoleGrant.objects.count(),
        get_user_model().objects.count(),
    )


def test_builds_the_province_as_planned():
    output = run()
    assert Agency.objects.filter(kind=AgencyKind.DEPARTMENT).count() >= 20
    assert Agency.objects.filter(kind=AgencyKind.COMMUNE).count() >= 30
    assert Staff.objects.count() >= 200
    plan = plan_province(DEFAULT_SEED)
    assert set(Staff.objects.values_list("user__username", flat=True)) == {s.username for s in plan.staff}
    assert set(Agency.objects.values_list("code", flat=True)) == {a.code for a in plan.agencies}
    # the tree is consistent: every agency's path starts with its parent's
    for agency in Agency.objects.select_related("parent"):
        assert agency.parent is None or agency.path.startswith(agency.parent.path)
    # written through the services: one audit row per agency and per staff member
    assert AuditEntry.objects.filter(action="agency.create").count() == len(plan.agencies)
    assert AuditEntry.objects.filter(action="staff.create").count() == len(plan.staff)
    rows = persona_rows(DEFAULT_SEED)
    assert len(rows) == len(PERSONAS) > 0
    for _role, username, password, agency in rows:
        assert re.search(rf"{re.escape(username)}\s+{re.escape(password)}\s+{re.escape(agency)}", output)


def test_every_persona_logs_in_with_the_printed_password_and_sees_its_subtree_only(client):
    output = run()
    grant_codes = {s.username: s.role_agency_code for s in plan_province(DEFAULT_SEED).staff}
    for persona in PERSONAS:
        password = re.search(rf"{re.escape(persona.username)}\s+(\S+)", output).group(1)
        client.logout()
        response = client.post(
            reverse("accounts:login"), {"username": persona.username, "password": password}
        )
        assert response.status_code == 302, persona.username
        user = get_user_model().objects.get(username=persona.username)
        assert client.session["_auth_user_id"] == str(user.pk)
        staff = user.staff
        assert staff.agency.code == persona.agency_code
        assert set(user.role_grants.values_list("role", flat=True)) == {persona.role}
        visible = set(Agency.objects.visible_to(user).values_list("pk", flat=True))
        # where the role is held: the persona's agency, or the commune a room's civil servant acts for
        held = Agency.objects.get(code=grant_codes[persona.username])
        assert staff.agency.is_within(held)
        assert visible == set(Agency.objects.subtree(held).values_list("pk", flat=True)), persona
    assert client.get(reverse("core:home")).status_code == 200


def test_a_wrong_password_is_refused(client):
    run()
    response = client.post(reverse("accounts:login"), {"username": "demo.motcua", "password": "wrong-one"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_running_twice_changes_nothing():
    run()
    before = counts()
    audit_rows = AuditEntry.objects.count()
    output = run()
    assert counts() == before
    assert AuditEntry.objects.count() == audit_rows
    assert "organizations: đã có sẵn, bỏ qua." in output


def test_reset_rebuilds_the_same_province():
    run()
    before = counts()
    usernames = set(Staff.objects.values_list("user__username", flat=True))
    output = run("--reset")
    assert counts() == before
    assert set(Staff.objects.values_list("user__username", flat=True)) == usernames
    assert AuditEntry.objects.filter(action="demo.reset").count() == 1
    assert "Đã xóa tỉnh demo" in output


def test_refuses_a_database_with_real_agencies():
    make_agency("UBND tỉnh Thật", AgencyKind.PROVINCE, code="000.00.00.H26")
    for args in ((), ("--reset",)):
        with pytest.raises(CommandError, match="không phải tỉnh demo"):
            run(*args)
    assert Agency.objects.count() == 1 and not Staff.objects.exists()


def test_a_kind_without_a_bulk_builder_fails_clearly_and_writes_nothing():
    with pytest.raises(CommandError) as error:
        run("--bulk", "documents=1000000")
    assert "documents" in str(error.value)
    assert "Chưa có bộ tạo dữ liệu demo nào tạo hàng loạt được" in str(error.value)
    assert counts() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    "args", [("--bulk", "dossiers"), ("--bulk", "=5"), ("--dossiers", "-3"), ("--dossiers", "x")]
)
def test_malformed_bulk_requests_are_refused(args):
    with pytest.raises(CommandError):
        run(*args)
    assert counts() == (0, 0, 0, 0)


def test_docs_list_the_same_personas():
    text = DOCS.read_text(encoding="utf-8")
    lines = text.splitlines()
    rows = persona_rows(DEFAULT_SEED)
    assert len(rows) == len(PERSONAS) > 0
    for _role, username, password, agency in rows:
        assert any(
            f"`{username}`" in line and f"`{password}`" in line and agency in line for line in lines
        ), username


def test_history_adds_the_provinces_past_once_with_its_statistics_and_forecast():
    from egov.dossiers.models import Dossier
    from egov.insight.models import ForecastModel, ForecastScore

    run()
    own = Dossier.objects.order_by("-pk").values_list("pk", flat=True).first()
    target = Dossier.objects.count() + 400
    output = run("--history", str(target))
    assert Dossier.objects.count() == target
    past = Dossier.objects.filter(pk__gt=own)
    still_open = past.filter(status__in=["submitted", "received", "processing", "supplement"])
    # What a steady flow leaves open, all of it recent: not the bench's 13 % backlog.
    assert still_open.count() <= 0.06 * past.count()
    assert not still_open.filter(submitted_at__lt=timezone.now() - dt.timedelta(days=90)).exists()
    assert not past.filter(finished_at__gt=timezone.now()).exists()
    assert ForecastModel.objects.count() == 1 and ForecastScore.objects.exists()
    call_command("check_stats", stdout=StringIO())  # the summaries equal a recount (exits 1 otherwise)
    assert "Hồ sơ các năm trước: đã tạo" in output
    again = run("--history", str(target))
    assert Dossier.objects.count() == target and ForecastModel.objects.count() == 1
    assert "Hồ sơ các năm trước: đã có sẵn, bỏ qua." in again
