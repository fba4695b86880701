"""manage.py demo on the province it built: personas, idempotence, reset and the province's past. The
province is built once for the module (tests/demo/conftest.py); each test's changes are rolled back."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from egov.core.models import AuditEntry, CalendarDay
from egov.demo import builders
from egov.demo.builders import DemoBuilder, register
from egov.demo.province import DEFAULT_SEED, PERSONAS, plan_province
from egov.organizations.demo import persona_rows
from egov.organizations.models import Agency, AgencyKind, Staff
from egov.procedures.models import Procedure, PublicationStatus
from tests.demo.conftest import START
from tests.demo.test_command import counts, run

pytestmark = pytest.mark.django_db


def test_builds_the_province_as_planned(province):
    output = province
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


def test_every_persona_logs_in_with_the_printed_password_and_sees_its_subtree_only(client, province):
    output = province
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


def test_the_printed_dossier_opens_its_details_with_the_printed_digits(client, province):
    """The look-up needs the last four digits of the applicant's phone or ID number for the details: the
    demo prints them beside the code (a newcomer's walk found them nowhere)."""
    found = re.search(r"/tra-cuu/: (\S+) \(.*: (\d{4})\)\.", province)
    assert found, province[-600:]
    code, digits = found.groups()
    url = reverse("dossiers:lookup", args=[code])
    assert client.post(url, {"factor": digits}).context["status"].details is not None
    other = "0000" if digits != "0000" else "1111"
    assert client.post(url, {"factor": other}).context["status"].details is None


def test_a_wrong_password_is_refused(client, province):
    response = client.post(reverse("accounts:login"), {"username": "demo.motcua", "password": "wrong-one"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_running_twice_changes_nothing(province):
    before = counts()
    audit_rows = AuditEntry.objects.count()
    output = run()
    assert counts() == before
    assert AuditEntry.objects.count() == audit_rows
    assert "organizations: đã có sẵn, bỏ qua." in output


def test_reset_rebuilds_the_same_province(province):
    before = counts()
    usernames = set(Staff.objects.values_list("user__username", flat=True))
    output = run("--reset")
    assert counts() == before
    assert set(Staff.objects.values_list("user__username", flat=True)) == usernames
    assert AuditEntry.objects.filter(action="demo.reset").count() == 1
    assert "Đã xóa tỉnh demo" in output
    assert not Procedure.objects.filter(agencies__isnull=True).exists()  # the catalogue is linked again


LATE_DAYS = (dt.date(2201, 1, 1), dt.date(2201, 1, 2))


@pytest.fixture
def two_late_parts():
    """Two parts after the apps' ones, each writing one calendar day; the second fails after its write
    while `failing["now"]`."""
    failing = {"now": True}

    def write(day: dt.date) -> None:
        CalendarDay.objects.create(
            date=day, scope=CalendarDay.Scope.PROVINCE, kind="day_off", name="Ngày thử"
        )

    @register
    class First(DemoBuilder):
        name = "zz-first"
        order = 10**6

        def is_built(self, ctx):
            return CalendarDay.objects.filter(date=LATE_DAYS[0]).exists()

        def build(self, ctx):
            write(LATE_DAYS[0])

    @register
    class Second(DemoBuilder):
        name = "zz-second"
        order = 10**6 + 1

        def is_built(self, ctx):
            return CalendarDay.objects.filter(date=LATE_DAYS[1]).exists()

        def build(self, ctx):
            write(LATE_DAYS[1])
            if failing["now"]:
                raise RuntimeError("the archive is offline")

    yield failing
    builders.unregister("zz-first")
    builders.unregister("zz-second")


def test_a_part_that_fails_keeps_the_parts_before_it_and_the_next_run_builds_it(two_late_parts, province):
    """Each part in its own transaction (not all in one: PostgreSQL's subtransaction cache, docs/demo.md)."""
    before = counts()
    with pytest.raises(
        CommandError, match=r"zz-second: chưa tạo được \(RuntimeError: the archive is offline\)"
    ):
        run()
    assert CalendarDay.objects.filter(date=LATE_DAYS[0]).exists()  # the part before it is kept
    assert not CalendarDay.objects.filter(date=LATE_DAYS[1]).exists()  # nothing of the failed one
    assert counts() == before
    two_late_parts["now"] = False
    output = run()
    assert "zz-first: đã có sẵn, bỏ qua." in output and "zz-second: đã tạo xong" in output
    assert CalendarDay.objects.filter(date__in=LATE_DAYS).count() == 2 and counts() == before


def test_history_adds_the_provinces_past_once_with_its_statistics_and_forecast(province):
    from egov.dossiers.models import Dossier
    from egov.insight.models import ForecastModel, ForecastScore

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
    built = target - Dossier.objects.filter(pk__lte=own).count()  # the dossiers the demo had before
    assert f"Hồ sơ các năm trước: đã tạo {built} hồ sơ trong" in output
    again = run("--history", str(target))
    assert Dossier.objects.count() == target and ForecastModel.objects.count() == 1
    assert "Hồ sơ các năm trước: đã có sẵn, bỏ qua." in again


def test_the_past_gives_the_provincial_counters_a_third_and_every_department_some(province):
    """The generator's volumes (egov.dossiers.demo_volumes): a uniform draw over the ~1,470 flows gave the
    provincial centre and the police's records office, 11 flows between them, under 1 % of the dossiers,
    and Sở Tư pháp one in ~1,500."""
    from egov.dossiers import demo_bulk
    from egov.dossiers.models import Dossier

    own = Dossier.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert demo_bulk.bulk_generate(3000, seed=11, open_share=None) == 3000
    past = Dossier.objects.filter(pk__gt=own)
    communes = Agency.objects.filter(kind=AgencyKind.COMMUNE)
    inside = [c.path for c in communes]
    codes = {c.admin_unit_code for c in communes}
    provincial = [
        c.pk
        for c in Agency.objects.filter(has_counter=True)
        if not any(c.path.startswith(p) for p in inside) and c.admin_unit_code not in codes
    ]
    share = past.filter(receiving_agency__in=provincial).count() / 3000
    assert 0.29 <= share <= 0.38, share
    departments = Agency.objects.filter(
        kind=AgencyKind.DEPARTMENT, procedures__status=PublicationStatus.PUBLISHED
    ).distinct()
    assert departments.filter(name="Sở Tư pháp").exists()
    for department in departments:
        counted = past.filter(competent_agency__path__startswith=department.path).count()
        assert counted >= 15, (department.name, counted)


def test_bulk_kind_runs_the_registered_builder(calendar_builder, province):
    # on the built province: the other builders skip, only the bulk kind runs
    out = StringIO()
    call_command("demo", "--bulk", "calendar_days=1500", stdout=out)
    assert CalendarDay.objects.filter(date__gte=START).count() == 1_500
    assert "Đã tạo 1.500 calendar days" in out.getvalue()


def test_the_departments_leader_sees_the_dossiers_received_for_it_at_the_provincial_centre(client, province):
    # Sở Tư pháp's dossiers are received at the provincial centre (Decree 118/2025 art. 20.1.a) and
    # counted for the department that resolves them (docs/stats.md).
    leader = get_user_model().objects.get(username="demo.lanhdao.stp")
    client.force_login(leader)
    page = client.get(reverse("stats:dashboard"))
    assert page.status_code == 200
    assert page.context["report"].total.value("received") > 0
    # and opens each dossier behind the figure, one received at the provincial centre among them
    link = re.search(r'<a href="(/bao-cao/ho-so/\?[^"]*measure=received[^"]*)">', page.content.decode())
    listed = client.get(link.group(1).replace("&amp;", "&")).context["page_obj"]
    assert any(d.receiving_agency != d.competent_agency for d in listed)
    for d in listed:
        assert client.get(reverse("dossiers:detail", args=[d.pk])).status_code == 200, d.code


def test_the_centres_director_sees_what_the_centre_received_per_department(client, province):
    # The centre decides nothing: by the agency that resolves, it has nothing; by the counter that
    # received, its throughput, split by the departments that resolve the dossiers (docs/stats.md).
    director = get_user_model().objects.get(username="demo.lanhdao.pvhcc")
    client.force_login(director)
    page = client.get(reverse("stats:dashboard") + "?view=counter")
    assert page.status_code == 200
    report = page.context["report"]
    assert report.view == "counter" and report.total.value("received") > 0
    assert [row.name for row in report.by_agency] == ["Trung tâm Phục vụ hành chính công tỉnh"]
    assert report.by_resolver and all(row.key != report.by_agency[0].key for row in report.by_resolver)
    assert "Sở Tư pháp" in {row.name for row in report.by_resolver}
