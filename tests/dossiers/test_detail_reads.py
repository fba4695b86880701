"""The dossier page's row sets read ahead in one round trip (`statements.ahead`; docs/performance.md, "The
dossier page's reads in one round trip"): the same page as reading them one by one, on both databases."""

from __future__ import annotations

import contextlib
import re
from typing import Any

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from egov.core import statements
from egov.dossiers.models import Dossier
from egov.dossiers.views import dossier as dossier_views
from tests.dossiers.conftest import MONDAY, hours, receive, step

# What differs between two renders of one page whatever is read: the CSRF tokens and the one-time keys.
_RANDOM = re.compile(r'(name="csrfmiddlewaretoken" value="|name="idem" value="|"idem": ")[^"]*')


def _page(client: Any, pk: int) -> tuple[int, str]:
    response = client.get(reverse("dossiers:detail", args=[pk]))
    return response.status_code, _RANDOM.sub(r"\1…", response.content.decode())


class _Sent:
    """Each statement sent, with its parameters and whether it went in pipeline mode."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, tuple[Any, ...], bool]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        piped = False
        if connection.vendor == "postgresql":
            from psycopg import pq

            piped = connection.connection.pgconn.pipeline_status != pq.PipelineStatus.OFF
        self.sent.append((sql, tuple(params or ()), piped))
        return execute(sql, params, many, context)


def test_the_page_read_ahead_is_the_page_read_one_by_one(cast, flows, login, monkeypatch):
    # One moment for both renders: the hours spent at an open step and left on the clock follow the clock.
    monkeypatch.setattr(timezone, "now", lambda: MONDAY + hours(30))
    fresh = receive(cast, flows.simple)
    moved = receive(cast, flows.inter)
    step(moved, "forward", cast.desk_officer, MONDAY + hours(1))
    step(moved, "assign", cast.specialist, MONDAY + hours(2), handler=cast.specialist.user)
    done = receive(cast, flows.simple)
    for action, staff, extra in [
        ("forward", cast.desk_officer, {}),
        ("assign", cast.specialist, {"handler": cast.specialist.user}),
        ("submit_for_approval", cast.specialist, {}),
        ("approve", cast.leader, {}),
        ("return_result", cast.desk_officer, {}),
    ]:
        step(done, action, staff, MONDAY + hours(3), **extra)
    shown = 0
    for persona in (cast.desk_officer, cast.specialist, cast.leader):
        client = login(persona)
        for d in (fresh, moved, done):
            with_ahead, without = _Sent(), _Sent()
            with connection.execute_wrapper(with_ahead):
                ahead = _page(client, d.pk)
            with monkeypatch.context() as m, connection.execute_wrapper(without):
                m.setattr(dossier_views.statements, "ahead", lambda reads: contextlib.nullcontext())
                one_by_one = _page(client, d.pk)
            assert ahead == one_by_one, (persona, d.code)
            shown += ahead[0] == 200
            if connection.vendor == "postgresql" and ahead[0] == 200:
                # The viewer's grants, the dossier with its names, its history, steps, papers received,
                # declared answers, papers filed for, linked filing, files, fees and forecast: sent together,
                # and none of them sent again when the page asks for it.
                piped = [(sql, params) for sql, params, p in with_ahead.sent if p]
                assert len(piped) == 11
                rest = [(sql, params) for sql, params, p in with_ahead.sent if not p]
                assert not set(piped) & set(rest)
                # The same statements as one by one, the forecast of a closed dossier (read ahead, never
                # asked for) apart.
                asked = sorted((sql, params) for sql, params, _ in without.sent)
                unasked = [x for x in piped if x not in asked]
                assert sorted(piped + rest) == sorted(asked + unasked)
                assert len(unasked) == (0 if Dossier.objects.get(pk=d.pk).is_open else 1)
    assert shown >= 6  # most of the nine pages are shown; the others are refused alike


def test_a_dossier_the_viewer_may_not_read_is_not_found_with_reads_ahead(cast, flows, login):
    d = receive(cast, flows.simple)
    stranger = login(cast.commune_b_specialist)
    assert stranger.get(reverse("dossiers:detail", args=[d.pk])).status_code == 404
    assert stranger.get(reverse("dossiers:detail", args=[2**63])).status_code == 404
    assert statements._AHEAD.get() is None  # nothing left behind for the next request
