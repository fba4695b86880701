"""A move writes exactly the rows it wrote through the ORM: the statements built once per process
(egov.core.statements, on PostgreSQL prepared on the server), the new handler's check as one EXISTS
(permissions.is_holder) and the statistics' one read of the finished visits when the move finished none
change no value.

Each move is taken twice from the same state: first with the ORM's own path put back (`Model.save`,
`QuerySet.update`, the QuerySets run by the ORM, the list of the step's holders), its rows read and the
move rolled back to a savepoint; then as the service now runs it. Every row of the history, the step
visits, the dossier, the outbox, the audit log and the statistics must be the same, column by column (ids
aside: PostgreSQL's sequences do not roll back; the audit row's own clock and the statistics' last-written
moment aside: they are the time of the write, not of the move).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.test.utils import CaptureQueriesContext

from egov.channels.models import OutboxMessage
from egov.core import statements
from egov.core.models import AuditEntry
from egov.dossiers import permissions
from egov.dossiers.models import Dossier, DossierEvent, StepVisit
from egov.organizations.models import Agency, Role
from egov.procedures.models import StepKind
from egov.stats import keeping
from egov.stats.models import (
    DayFigure,
    MonthFigure,
    OpenFigure,
    StatsState,
    StepAgencyMonthFigure,
    StepFigure,
    StepMonthFigure,
)
from tests.dossiers.conftest import MONDAY, hours, receive, step
from tests.factories import make_staff

#: Every table a move writes, and the columns whose values are the moment of the write.
TABLES: dict[type[models.Model], tuple[str, ...]] = {
    Dossier: (),
    DossierEvent: (),
    StepVisit: (),
    OutboxMessage: (),
    AuditEntry: ("at",),
    DayFigure: (),
    MonthFigure: (),
    OpenFigure: (),
    StepFigure: (),
    StepMonthFigure: (),
    StepAgencyMonthFigure: (),
    StatsState: ("written_at",),
}


def rows() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table a move writes, in key order, without the key and the write's own clock."""
    out = {}
    for model, clock in TABLES.items():
        skipped = {"id", *clock}
        names = [f.attname for f in model._meta.concrete_fields if f.attname not in skipped]
        out[model._meta.label] = list(model.objects.order_by("pk").values(*names))
    return out


def _orm_insert(obj: models.Model, *, append_only: bool = False) -> models.Model:
    obj.save(force_insert=True)
    return obj


def _orm_update(obj: models.Model, names: Any, *, where: dict[str, Any] | None = None) -> int:
    values = {name: getattr(obj, name) for name in names}
    return type(obj)._base_manager.filter(pk=obj.pk, **(where or {})).update(**values)


def _orm_select(build: Callable[..., Any], *params: Any) -> list[Any]:
    return list(build(*params))


def _orm_update_rows(build: Callable[..., Any], values: dict[str, Any], *params: Any) -> int:
    return int(build(*params).update(**values))


def _listed_holder(user: Any, role: str, agency: Any, kind: str = "") -> bool:
    return user.pk in {u.pk for u in permissions.holders(role, agency, kind)}


def _snapshot_reading_visits(snapshot: Callable[..., Any], d: Any, visits: Any = None) -> Any:
    return snapshot(d)


def same_rows_both_ways(monkeypatch: pytest.MonkeyPatch, move: Callable[[], Any]) -> dict[str, Any]:
    """Take `move` through the ORM's path, keep its rows, roll it back, take it again as the service now
    runs; assert the rows are the same and return them."""
    before = rows()
    with transaction.atomic():
        point = transaction.savepoint()
        with monkeypatch.context() as orm:
            orm.setattr(statements, "insert", _orm_insert)
            orm.setattr(statements, "update", _orm_update)
            orm.setattr(statements, "select", _orm_select)
            orm.setattr(statements, "select_objects", _orm_select)
            orm.setattr(statements, "update_rows", _orm_update_rows)
            orm.setattr(permissions, "is_holder", _listed_holder)
            # The statistics read the dossier's finished visits before and after every move, as before.
            orm.setattr(keeping, "snapshot", functools.partial(_snapshot_reading_visits, keeping.snapshot))
            move()
        reference = rows()
        transaction.savepoint_rollback(point)
    assert rows() == before
    move()
    now = rows()
    assert now == reference
    assert now != before  # the move did write
    return now


def test_each_kind_of_move_writes_the_same_rows(cast, flows, monkeypatch):
    d = receive(cast, flows.simple)
    moves = [
        ("forward", cast.desk_officer, hours(1), {"handler": cast.specialist.user}),
        ("assign", cast.leader, hours(2), {"handler": cast.specialist.user}),
        ("request_supplement", cast.specialist, hours(3), {"reason": "Thiếu bản sao giấy khai sinh"}),
        ("supplement_received", cast.desk_officer, hours(5), {}),
        ("submit_for_approval", cast.specialist, hours(6), {"handler": cast.leader.user}),
        ("approve", cast.leader, hours(7), {"comment": "Đồng ý"}),
        ("return_result", cast.desk_officer, hours(8), {}),
    ]
    for action, staff, after, extra in moves:

        def move(action=action, staff=staff, after=after, extra=extra) -> None:
            step(d, action, staff, MONDAY + after, idempotency_key=action, **extra)

        with CaptureQueriesContext(connection) as log:
            written = same_rows_both_ways(monkeypatch, move)
        assert written["dossiers.DossierEvent"][-1]["action"] == action
        # The locked row leaves out the procedure's catalogue columns: no move reads one afterwards.
        shown = [q["sql"] for q in log.captured_queries]
        lazy = [sql for sql in shown if sql.startswith('SELECT "procedures_procedure"')]
        assert not lazy, (action, lazy)
    assert Dossier.objects.get(pk=d.pk).status == "returned"
    assert written["channels.OutboxMessage"] and written["core.AuditEntry"] and written["stats.DayFigure"]
    assert not written["stats.OpenFigure"]  # returned: the rows it counted in are deleted at zero, both ways


def test_a_refused_handler_is_refused_both_ways(cast, flows, monkeypatch):
    d = receive(cast, flows.simple)
    step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    before = rows()
    for reference in (True, False):
        with monkeypatch.context() as orm:
            if reference:
                orm.setattr(permissions, "is_holder", _listed_holder)
            with pytest.raises(ValidationError) as refused:
                step(d, "assign", cast.leader, MONDAY + hours(2), handler=cast.commune_b_specialist.user)
        assert "handler" in refused.value.message_dict
        assert rows() == before


def test_is_holder_agrees_with_the_list_of_holders(cast, flows):
    p = cast.province
    cast.clerk.user.is_active = False  # an inactive account holds nothing
    cast.clerk.user.save()
    Agency.objects.filter(pk=p.commune_b.pk).update(is_active=False)  # nor a grant on an inactive agency
    extra = Agency.objects.get(pk=p.commune_a.pk)
    # A leader granted on the commune itself, and one above it: only the first signs the commune's acts.
    commune_leader = make_staff("lanhdao.anbinh", extra, (Role.LEADER, Role.CLERK), "Lý Văn Xã")
    people = [s.user for s in (*cast.all().values(), commune_leader)]
    agencies = [*Agency.objects.all(), None]
    roles = [*Role.values, ""]
    kinds = [StepKind.PROCESS, StepKind.APPROVE]
    holding = 0
    for user, agency, role, kind in itertools.product(people, agencies, roles, kinds):
        expected = _listed_holder(user, role, agency, kind)
        assert permissions.is_holder(user, role, agency, kind) == expected, (user, agency, role, kind)
        holding += expected
    assert holding > 10


def test_an_assignment_reads_neither_the_workflow_nor_its_steps(cast, flows):
    """The row lock joins only the rows every move reads; a move that stays at its step (an assignment)
    reads no workflow or step row, and the statistics read the finished visits once."""
    d = receive(cast, flows.simple)
    step(d, "forward", cast.desk_officer, MONDAY + hours(1), handler=cast.specialist.user)
    with CaptureQueriesContext(connection) as log:
        step(d, "assign", cast.leader, MONDAY + hours(2), handler=cast.specialist.user, idempotency_key="a")
    shown = [q["sql"] for q in log.captured_queries]
    assert not [sql for sql in shown if "procedures_workflow" in sql], shown
    visits_read = [sql for sql in shown if "dossiers_stepvisit" in sql and sql.lstrip().startswith("SELECT")]
    assert len(visits_read) == 1, visits_read
    assert Dossier.objects.get(pk=d.pk).handler_id == cast.specialist.user.pk
