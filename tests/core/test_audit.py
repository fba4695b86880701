import pytest
from django.db import DatabaseError, connection, transaction

from egov.core.models import AppendOnlyError, AuditEntry


def test_services_write_audit_rows(cast):
    entry = AuditEntry.objects.filter(action="staff.create", object_repr="Phạm Thu Hà").get()
    assert entry.after["roles"] == [f"desk_officer@{cast.province.commune_a.pk}"]
    assert entry.agency_path == cast.province.commune_a.path


def test_audit_entries_cannot_change(cast):
    entry = AuditEntry.objects.first()
    entry.action = "tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_database_refuses_raw_updates(cast):
    entry = AuditEntry.objects.first()
    with (
        # PostgreSQL's PL/pgSQL RAISE (SQLSTATE P0001) arrives as ProgrammingError, SQLite's
        # RAISE(ABORT) as IntegrityError: both say what the trigger says.
        pytest.raises(DatabaseError, match="core_auditentry is append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditentry SET action = 'x' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.action != "x"


def test_auditor_reads_only_their_subtree(cast):
    from egov.organizations.models import Role
    from tests.factories import make_staff

    commune_auditor = make_staff("kiemtra.xa", cast.province.commune_b, (Role.AUDITOR,))
    seen = AuditEntry.objects.visible_to(commune_auditor.user)
    assert seen.exists()
    assert all(e.agency_path.startswith(cast.province.commune_b.path) for e in seen)
    assert AuditEntry.objects.visible_to(cast.auditor.user).count() == AuditEntry.objects.count()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditentry SET action = 'x'",
        "DELETE FROM core_auditentry",
        "TRUNCATE core_auditentry",
    ],
    ids=["update", "delete", "truncate"],
)
def test_database_refuses_changes_to_the_log(cast, statement):
    if statement.startswith("TRUNCATE") and connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE (its DELETE is refused above)")
    before = list(AuditEntry.objects.values_list("pk", "action"))
    assert before
    with (
        pytest.raises(DatabaseError, match="core_auditentry is append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert list(AuditEntry.objects.values_list("pk", "action")) == before


@pytest.mark.django_db(transaction=True)
def test_application_role_may_only_insert_and_select_the_log(cast):
    """On PostgreSQL, connect as a role granted like the application's and try every write."""
    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    import uuid

    import psycopg
    from psycopg import errors

    from egov.accounts.database_roles import grant_application_role

    role, password = f"egov_app_{uuid.uuid4().hex[:10]}", uuid.uuid4().hex
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} LOGIN PASSWORD %s", [password])
    try:
        assert grant_application_role(connection, role)
        params = connection.settings_dict
        with psycopg.connect(
            host=params["HOST"],
            port=params["PORT"] or 5432,
            dbname=params["NAME"],
            user=role,
            password=password,
            autocommit=True,
        ) as app:
            rows = app.execute("SELECT count(*) FROM core_auditentry").fetchone()[0]
            assert rows == AuditEntry.objects.count() > 0
            app.execute(
                "INSERT INTO core_auditentry (at, actor_name, action, object_type, object_id, object_repr,"
                " agency_path) VALUES (now(), 'app', 'test.insert', 'x', '1', 'x', '')"
            )
            assert AuditEntry.objects.filter(action="test.insert").exists()
            for statement in (
                "UPDATE core_auditentry SET action = 'x'",
                "DELETE FROM core_auditentry",
                "TRUNCATE core_auditentry",
            ):
                with pytest.raises(errors.InsufficientPrivilege):
                    app.execute(statement)
            # Everything else stays writable: the refusal above is the audit log's alone.
            app.execute(
                "UPDATE organizations_agency SET sort_order = 7 WHERE id = %s", [cast.province.root.pk]
            )
        assert AuditEntry.objects.count() == rows + 1
        assert not AuditEntry.objects.filter(action="x").exists()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {role}")
            cursor.execute(f"DROP ROLE {role}")
