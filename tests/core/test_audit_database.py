"""What the database itself refuses on the audit log, whatever the application does."""

import pytest
from django.db import DatabaseError, connection, transaction

from egov.core.models import AuditEntry


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
def test_application_role_may_only_insert_and_select_the_log(cast, settings):
    """On PostgreSQL, connect as a role granted like the application's and try every write."""
    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    import uuid

    import psycopg
    from django.db.models.signals import post_migrate
    from psycopg import errors

    from egov.accounts import database_roles

    role, password = f"egov_app_{uuid.uuid4().hex[:10]}", uuid.uuid4().hex
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} LOGIN PASSWORD %s", [password])
    try:
        # What `migrate` does when it runs as the owner and EGOV_DATABASE_URL names this role.
        assert database_roles.after_migrate in [entry[1]() for entry in post_migrate.receivers]
        settings.EGOV_APP_DATABASE_USER = role
        database_roles.after_migrate(sender=None, using="default")
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
