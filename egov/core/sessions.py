"""Django's database session engine, with the session row read by a statement built once per process.

Every signed-in request reads its session first; through the ORM (`Session.objects.get(...)`) the query is
compiled anew each time, which cost more CPU than running it (docs/performance.md, "The reads built once").
The row is read by its key alone and its expiry compared here, which is what the ORM's
`expire_date > now()` condition decided; everything else is Django's engine as it is (the same table,
so sessions written before this engine keep working)."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from egov.core import statements


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        key = self.session_key
        found = statements.select_objects(_session, key) if key else []
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None


def _session(key: str) -> QuerySet[Session]:
    return Session.objects.filter(session_key=key)
