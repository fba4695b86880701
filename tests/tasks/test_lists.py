"""My tasks, the tasks I assigned, and the overdue tasks per lead unit, each scoped by who reads."""

from __future__ import annotations

import datetime as dt

from egov.tasks import selectors
from tests.tasks.conftest import DUE, assigned


def test_my_tasks_are_those_of_my_unit_or_naming_me(office, cast):
    mine = assigned(office)
    named = assigned(
        office, title="Việc của Trung tâm", lead_unit=office.commune, people=[office.specialist.user]
    )
    other = assigned(office, title="Việc của Trung tâm", lead_unit=office.commune)
    assert set(selectors.my_tasks(office.specialist.user)) == {mine, named}
    assert set(selectors.my_tasks(office.leader.user)) == {named, other}  # the commune itself is their unit
    assert not selectors.my_tasks(office.outsider.user).exists()
    assert set(selectors.assigned_by(office.leader.user)) == {mine, named, other}
    assert not selectors.assigned_by(office.specialist.user).exists()


def test_overdue_tasks_are_counted_per_lead_unit(office, cast):
    assigned(office)
    assigned(office, title="Hai", lead_unit=office.commune_office, due_on=DUE + dt.timedelta(days=3))
    assigned(office, title="Ba", lead_unit=office.commune, due_on=DUE + dt.timedelta(days=30))
    day = DUE + dt.timedelta(days=7)
    rows = selectors.overdue_by_unit(office.leader.user, day)
    assert [(r["lead_unit__name"], r["n"]) for r in rows] == [(office.commune_office.name, 2)]
    assert selectors.overdue(office.leader.user, day, office.commune.pk).count() == 0
    assert selectors.overdue_by_unit(office.outsider.user, day) == []
