"""The outbox moves from `dossiers` to `channels` without losing a row (SQLite and PostgreSQL alike):
rows written before the move, in the old shape, arrive in the channels table naming their dossier."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from egov.channels import outbox
from egov.channels.models import OutboxMessage
from tests.dossiers.conftest import flows, receive  # noqa: F401 (a fixture)

BEFORE = [("dossiers", "0001_dossier_lifecycle"), ("channels", None)]


def migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_outbox_rows_survive_the_move_to_channels(cast, flows):  # noqa: F811
    d = receive(cast, flows.simple)
    written = sorted(OutboxMessage.objects.values_list("id", "topic", "payload"))
    assert {topic for _id, topic, _payload in written} == {"sms", "email"}
    try:
        state = migrate(BEFORE).loader.project_state([("dossiers", "0001_dossier_lifecycle")])
        old = state.apps.get_model("dossiers", "OutboxMessage")
        # The previous release's table holds the rows, each pointing at its dossier by a foreign key.
        assert sorted(old.objects.values_list("id", "topic", "payload")) == written
        assert set(old.objects.values_list("dossier_id", flat=True)) == {d.pk}
        moment = dt.datetime(2026, 11, 16, 1, 0, tzinfo=dt.UTC)
        waiting = old.objects.create(
            topic="sms",
            payload={"to": "0912345678", "text": "viết trước khi chuyển"},
            dossier_id=d.pk,
            created_at=moment,
            available_at=moment,
            attempts=2,
            last_error="gateway down",
        )
    finally:
        latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
        migrate(latest)
    moved = OutboxMessage.objects.get(pk=waiting.pk)
    assert (moved.payload["text"], moved.attempts, moved.last_error) == (
        "viết trước khi chuyển",
        2,
        "gateway down",
    )
    assert OutboxMessage.objects.count() == len(written) + 1
    assert OutboxMessage.objects.about(d).count() == len(written) + 1
    assert outbox.deliver_due(clock=lambda: moment + dt.timedelta(days=1)).sent == len(written) + 1
