"""The session engine (egov/core/sessions.py): Django's database sessions, the row read by a statement built
once; an expired or unknown key reads as no session, as Django's `expire_date > now()` condition decided."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from egov.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def _saved(**data: object) -> str:
    store = SessionStore()
    store.update(data)
    store.save()
    assert store.session_key is not None
    return store.session_key


def test_the_settings_use_this_engine():
    assert settings.SESSION_ENGINE == "egov.core.sessions"


def test_a_live_session_is_read_with_its_data_in_one_statement():
    key = _saved(answer=42)
    with CaptureQueriesContext(connection) as log:
        store = SessionStore(key)
        assert store.load() == {"answer": 42}
    assert len(log.captured_queries) == 1
    assert store.session_key == key


def test_an_expired_session_reads_as_none_and_forgets_its_key():
    key = _saved(answer=42)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None


@pytest.mark.parametrize("key", ["nosuchkey1234567", "x" * 300, "a'b\"c;--%_\\ thử"])
def test_an_unknown_or_odd_key_reads_as_none(key):
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None


def test_a_signed_in_page_still_works_and_a_sign_out_ends_the_session(client, django_user_model):
    user = django_user_model.objects.create_user(username="phien.kiemtra", password="x" * 12)
    client.force_login(user)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    Session.objects.filter(session_key=key).delete()  # signed out elsewhere (another worker)
    assert SessionStore(key).load() == {}
