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
