"""On PostgreSQL the statements built once per process (egov.core.statements, the statistics' keeping) are
prepared on the server, and only those: the ORM's own queries keep client-side binding and are never
prepared. EGOV_DATABASE_PREPARED=0 prepares nothing (a pooler in transaction mode)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from egov.core import cursors, statements
from egov.organizations.models import Agency
from tests.dossiers.conftest import MONDAY, hours, receive, step

ROOT = Path(__file__).resolve().parents[2]

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared on PostgreSQL only")


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@on_postgresql
def test_a_moves_statements_are_prepared_and_the_orms_are_not(cast, flows):
    d = receive(cast, flows.simple)
    step(d, "forward", cast.desk_officer, MONDAY + hours(1), handler=cast.specialist.user)
    with CaptureQueriesContext(connection) as log:
        step(d, "assign", cast.leader, MONDAY + hours(2), handler=cast.specialist.user, idempotency_key="k-1")
    # Django's query log still shows each prepared statement (its text, the parameters as markers).
    shown = [q["sql"] for q in log.captured_queries]
    assert all(isinstance(sql, str) for sql in shown) and any("FOR UPDATE" in sql for sql in shown), shown
    orm = Agency.objects.filter(pk=cast.province.commune_a.pk)
    for _ in range(10):  # far more often than psycopg's default threshold (5)
        list(orm)
    prepared = _prepared()
    expected = {
        "the locked row": "FOR UPDATE",
        "the one-time key": '"idempotency_key" = $1',
        "the history row": 'INSERT INTO "dossiers_dossierevent"',
        "the audit row": 'INSERT INTO "core_auditentry"',
        "the dossier's UPDATE": 'UPDATE "dossiers_dossier" SET',
        "the open visit's handler": 'UPDATE "dossiers_stepvisit" SET "handler_id" = $1',
        "the finished visits": '"dossiers_stepvisit"."finished_at" IS NOT NULL',
        "the statistics' upsert": "ON CONFLICT",
    }
    missing = [what for what, text in expected.items() if not any(text in s for s in prepared)]
    assert not missing, (missing, prepared)
    assert not [s for s in prepared if s.startswith('SELECT "organizations_agency"."id"')], prepared


@on_postgresql
def test_a_connection_without_a_threshold_prepares_nothing(cast, flows, monkeypatch):
    d = receive(cast, flows.simple)
    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    step(d, "forward", cast.desk_officer, MONDAY + hours(1), handler=cast.specialist.user)
    assert _prepared() == []


def test_on_sqlite_a_statements_placeholders_are_converted_once(db):
    """SQLite: Django's own cursor wrapper (logged, its errors wrapped) around its SQLite cursor, whose
    `%s` → `?` conversion is kept per statement."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's cursor")
    sql = "SELECT %s || '%%', %s"
    with CaptureQueriesContext(connection) as log, statements.cursor(connection) as cursor:
        assert type(cursor) is type(connection.cursor())
        assert isinstance(cursor.cursor, cursors._qmark_cursor_class())
        cursor.execute(sql, ["a", 2])
        assert cursor.fetchone() == ("a%", 2)
        assert cursor.cursor.convert_query(sql) is cursor.cursor.convert_query(sql)
    assert log.captured_queries[0]["sql"] == "SELECT 'a' || '%', 2"


def _threshold(**egov: str) -> str:
    return _option("prepare_threshold", **egov)


def _option(name: str, **egov: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EGOV_", "DJANGO_"))}  # PGOPTIONS kept
    clean.update({f"EGOV_{k}": v for k, v in egov.items()})
    clean.update(EGOV_DATA_DIR="/tmp/egov-settings-test", EGOV_SECRET_KEY="k" * 50)
    code = f"import egov.settings as s; print(repr(s.DATABASES['default']['OPTIONS'].get({name!r})))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_setting_turns_preparing_on_and_off():
    url = "postgres://egov:secret@127.0.0.1:5432/egov"
    assert _threshold(DATABASE_URL=url) == repr(sys.maxsize)
    assert _threshold(DATABASE_URL=url, DATABASE_PREPARED="0") == "None"
    assert _threshold() == "None"  # SQLite: nothing to prepare


def test_prepared_statements_are_planned_once_for_any_value(monkeypatch):
    """Generic plans for the prepared statements (egov/settings.py; docs/performance.md, "The home's counts
    by handler, and prepared statements planned once"), after any option of the address's own or of
    PGOPTIONS (which libpq reads only when the connection gives none); never over a plan_cache_mode already
    named; none when turned off (behind PgBouncer) or when nothing is prepared."""
    url = "postgres://egov:secret@127.0.0.1:5432/egov"
    generic = "-c plan_cache_mode=force_generic_plan"
    monkeypatch.delenv("PGOPTIONS", raising=False)
    assert _option("options", DATABASE_URL=url) == repr(generic)
    mine = _option("options", DATABASE_URL=url + "?options=-c%20statement_timeout%3D5000")
    assert mine == repr(f"-c statement_timeout=5000 {generic}")
    named = url + "?options=-c%20plan_cache_mode%3Dauto"
    assert _option("options", DATABASE_URL=named) == repr("-c plan_cache_mode=auto")
    assert _option("options", DATABASE_URL=url, DATABASE_PREPARED="0") == "None"
    assert _option("options", DATABASE_URL=url, DATABASE_GENERIC_PLANS="0") == "None"
    monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=2000")
    assert _option("options", DATABASE_URL=url) == repr(f"-c lock_timeout=2000 {generic}")


@on_postgresql
def test_the_connection_plans_its_prepared_statements_once(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("force_generic_plan",)
