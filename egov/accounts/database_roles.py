"""The application's PostgreSQL role: everything it needs on every table, but only INSERT and SELECT on
the audit log, whose owner is the role `manage.py migrate` connects as (docs/deployment.md, "Security").

`grant_application_role` runs after every `migrate` (post_migrate), so tables added by later migrations
are granted too. With one role for both, or on SQLite, there is nothing to grant: the triggers of
core migrations 0002 and 0004 are then the only guard, and the owner can switch them off.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

AUDIT_TABLE = "core_auditentry"
#: The payments ledger is append-only too (egov/payments/models.py).
LEDGER_TABLE = "payments_ledgerentry"
log = logging.getLogger(__name__)


def grant_statements(connection: BaseDatabaseWrapper, role: str) -> list[str]:
    quote = connection.ops.quote_name
    who, schema = quote(role), quote(_schema(connection))
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {who}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {who}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {who}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {quote(AUDIT_TABLE)} FROM {who}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {quote(LEDGER_TABLE)} FROM {who}",
    ]


def _schema(connection: BaseDatabaseWrapper) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        return str(cursor.fetchone()[0])


def grant_application_role(connection: BaseDatabaseWrapper, role: str) -> bool:
    """Grant `role` its privileges; False (and nothing done) off PostgreSQL or when `role` is the
    connection's own user, i.e. the owner."""
    if connection.vendor != "postgresql" or not role or role == connection.settings_dict.get("USER"):
        return False
    with connection.cursor() as cursor:
        for statement in grant_statements(connection, role):
            cursor.execute(statement)
    log.info("granted the application role %s its privileges (audit log: INSERT and SELECT only)", role)
    return True


def after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    grant_application_role(connections[using], settings.EGOV_APP_DATABASE_USER)
