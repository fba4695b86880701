"""The fixed cast of personas every test may use.

A small province: the People's Committee at the root; the Department of Justice
with one office; the public administration service centre; two communes.
Each persona holds one role on one node, so "sees its subtree and nothing
outside" is testable everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from egov.organizations.models import Agency, AgencyKind, Role, Staff
from tests.factories import make_agency, make_staff

PASSWORD = "matkhau-demo-123"


@dataclass
class Province:
    root: Agency
    justice: Agency
    justice_office: Agency
    center: Agency
    commune_a: Agency
    commune_b: Agency


@dataclass
class Cast:
    province: Province
    province_admin: Staff
    justice_admin: Staff
    desk_officer: Staff
    specialist: Staff
    leader: Staff
    clerk: Staff
    auditor: Staff
    commune_b_specialist: Staff

    def all(self) -> dict[str, Staff]:
        return {k: v for k, v in vars(self).items() if isinstance(v, Staff)}


#: The cast's personas by name, in the order access matrices list them.
PERSONAS: tuple[str, ...] = tuple(name for name in Cast.__annotations__ if name != "province")


@pytest.fixture
def province(db) -> Province:
    root = make_agency(
        "UBND tỉnh Hòa Bình Xanh", AgencyKind.PROVINCE, code="000.00.00.H99", admin_unit_code="99"
    )
    justice = make_agency("Sở Tư pháp", AgencyKind.DEPARTMENT, root, code="000.00.01.H99", has_counter=True)
    office = make_agency("Phòng Hành chính tư pháp", AgencyKind.OFFICE, justice, code="000.01.01.H99")
    center = make_agency(
        "Trung tâm Phục vụ hành chính công",
        AgencyKind.SERVICE_CENTER,
        root,
        code="000.00.02.H99",
        has_counter=True,
    )
    commune_a = make_agency(
        "UBND xã An Bình",
        AgencyKind.COMMUNE,
        root,
        code="000.00.31.H99",
        admin_unit_code="99001",
        has_counter=True,
    )
    commune_b = make_agency(
        "UBND phường Bắc Sơn",
        AgencyKind.COMMUNE,
        root,
        code="000.00.32.H99",
        admin_unit_code="99002",
        has_counter=True,
    )
    return Province(root, justice, office, center, commune_a, commune_b)


@pytest.fixture
def cast(province: Province) -> Cast:
    p = province
    return Cast(
        province=p,
        province_admin=make_staff("quantri.tinh", p.root, (Role.PROVINCE_ADMIN,), "Trần Thị Quản"),
        justice_admin=make_staff("quantri.stp", p.justice, (Role.AGENCY_ADMIN,), "Lê Văn Trị"),
        desk_officer=make_staff("motcua.anbinh", p.commune_a, (Role.DESK_OFFICER,), "Phạm Thu Hà"),
        specialist=make_staff("chuyenvien.stp", p.justice_office, (Role.SPECIALIST,), "Đỗ Minh Đức"),
        leader=make_staff("lanhdao.stp", p.justice, (Role.LEADER,), "Hoàng Quốc Việt"),
        clerk=make_staff("vanthu.anbinh", p.commune_a, (Role.CLERK,), "Vũ Thị Lan"),
        auditor=make_staff("kiemtra.tinh", p.root, (Role.AUDITOR,), "Ngô Đình Kiểm"),
        commune_b_specialist=make_staff("chuyenvien.bacson", p.commune_b, (Role.SPECIALIST,), "Bùi Văn Sơn"),
    )


@pytest.fixture
def login(client):
    """Sign a persona in without a password, and without a login row in the audit log, so a test that
    compares the log before and after a screen sees only what the screen did (tests/accounts checks
    the login rows of real sign-ins)."""
    from django.contrib.auth.signals import user_logged_in

    from egov.accounts import auditing

    def _login(staff: Staff):
        user_logged_in.disconnect(dispatch_uid="egov.audit.login")
        try:
            client.force_login(staff.user)
        finally:
            user_logged_in.connect(auditing.logged_in, dispatch_uid="egov.audit.login")
        return client

    return _login


@pytest.fixture(autouse=True)
def _fresh_working_calendar():
    """Rows a test adds are rolled back without a signal: never let the cached calendar outlive a test."""
    from egov.core import calendar

    calendar.clear_local()
    yield
    calendar.clear_local()


@pytest.fixture(autouse=True)
def _fresh_queue_filter_options():
    """The queue filter's and the report filter's cached option lists (egov.dossiers.queue_filter,
    egov.stats.forms) must not outlive a test either."""
    from django.core.cache import cache

    from egov.dossiers.queue_filter import OPTIONS_KEY
    from egov.stats.forms import OPTIONS_KEY as STATS_OPTIONS_KEY

    cache.delete_many([OPTIONS_KEY, STATS_OPTIONS_KEY])
    yield
    cache.delete_many([OPTIONS_KEY, STATS_OPTIONS_KEY])


# What the audit log's triggers refuse (core migrations 0002 and 0004) is how the test runner empties the
# database after a transactional test: DELETE on SQLite, TRUNCATE on PostgreSQL. The runner connects as
# the tables' owner, who may switch the triggers off around that flush (and only that flush).
_AUDIT_TRIGGERS_OFF = {
    "postgresql": (
        ["ALTER TABLE core_auditentry DISABLE TRIGGER USER"],
        ["ALTER TABLE core_auditentry ENABLE TRIGGER USER"],
    ),
    "sqlite": (
        ["DROP TRIGGER IF EXISTS core_auditentry_no_delete"],
        [
            "CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry "
            "BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only'); END;"
        ],
    ),
}


# The payments ledger is append-only the same way (payments migration 0002).
_LEDGER_TRIGGERS_OFF = {
    "postgresql": (
        ["ALTER TABLE payments_ledgerentry DISABLE TRIGGER USER"],
        ["ALTER TABLE payments_ledgerentry ENABLE TRIGGER USER"],
    ),
    "sqlite": (
        ["DROP TRIGGER IF EXISTS payments_ledgerentry_no_delete"],
        [
            "CREATE TRIGGER payments_ledgerentry_no_delete BEFORE DELETE ON payments_ledgerentry "
            "BEGIN SELECT RAISE(ABORT, 'payments_ledgerentry is append-only'); END;"
        ],
    ),
}


@pytest.fixture(scope="session", autouse=True)
def _audit_log_flushable():
    from django.db.backends.base.operations import BaseDatabaseOperations

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        before, after = _AUDIT_TRIGGERS_OFF.get(self.connection.vendor, ([], []))
        touches_audit = any("core_auditentry" in sql for sql in sql_list)
        if touches_audit:
            sql_list = [*before, *sql_list, *after]
        before, after = _LEDGER_TRIGGERS_OFF.get(self.connection.vendor, ([], []))
        if any("payments_ledgerentry" in sql for sql in sql_list):
            sql_list = [*before, *sql_list, *after]
        original(self, sql_list)
        if any("stats_statsstate" in sql for sql in sql_list):
            # The one row a migration makes (stats 0003), which every database has and a flush removed:
            # without it the next test in this worker would record no "last updated" moment.
            from egov.stats.models import StatsState

            StatsState.objects.using(self.connection.alias).get_or_create(pk=1)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original


@pytest.fixture(scope="session", autouse=True)
def _kept_sql_checked():
    """Every statement kept compiled (egov.core.kept_sql) is compiled again and compared on every use, so a
    key that misses something its SQL depends on fails the test that shows it."""
    from egov.core import kept_sql

    kept_sql.CHECK = True
    yield
    kept_sql.CHECK = False


@pytest.fixture(autouse=True)
def _fresh_catalogue_answers():
    """The answers kept under the catalogue's token (egov.procedures.catalogue_version): a test's rows are
    rolled back and their keys may come again (SQLite reuses them), so none outlives its test."""
    from egov.procedures import catalogue_version, search_kept

    catalogue_version.forget()
    search_kept.forget()
    yield
    catalogue_version.forget()
    search_kept.forget()
    catalogue_version.request_finished()  # a test that opened a request (request_started) ends it


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """A key a test drove over its limit is remembered by the process (egov.core.ratelimit): the test's
    counters are rolled back, so that memory must not outlive it either."""
    from egov.core import ratelimit

    ratelimit.forget_local()
    yield
    ratelimit.forget_local()


@pytest.fixture(autouse=True)
def _fresh_lookup_pages():
    """The look-up's kept pages (egov.dossiers.lookup_page) and the public statistics' reports
    (egov.stats.kept) are per process, the search page's facets are in the cache: a test's settings or data
    must not be answered with what an earlier test kept."""
    from django.core.cache import cache

    from egov.dossiers import lookup_page
    from egov.procedures import facets
    from egov.stats import kept as stats_kept

    lookup_page.forget_local()
    stats_kept.forget_local()  # the public statistics' reports, kept per process
    cache.delete(facets.KEY)  # the search page's facets, kept in the cache (rolled-back rows send no signal)
    yield
    lookup_page.forget_local()
    stats_kept.forget_local()


@pytest.fixture(autouse=True)
def _kept_cursor_given_back(request):
    """Every statement built once gives the connection's kept cursor back when it is done
    (egov.core.cursors): one left in use would send every later statement of the process to a cursor of
    its own, slower and unnoticed. Checked after each test, so the test that left it is the one failing."""
    yield
    from django.db import connections

    kept = connections["default"].__dict__.get("_statements_cursor")
    if kept is not None and kept.busy:
        kept.busy = False  # the next tests start clean
        pytest.fail(f"{request.node.nodeid} left the connection's kept cursor in use")
