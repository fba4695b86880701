"""Who may open and use each tasks screen, over GET and POST; a refusal changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.core.models import AuditEntry
from egov.tasks import services
from egov.tasks.models import Task, TaskEvent
from tests.documents.conftest import MONDAY
from tests.documents.test_access import _client

PERSONAS = ("leader", "specialist", "outsider", "justice_leader", "clerk", "desk_officer", "anonymous")


def _state():
    return (
        Task.objects.count(),
        TaskEvent.objects.count(),
        AuditEntry.objects.count(),
        list(Task.objects.values_list("status", "progress")),
    )


LIST = {"leader": 200, "specialist": 200, "outsider": 200, "justice_leader": 200}
ASSIGN_GET = {"leader": 200, "justice_leader": 200}
#: The justice leader's form offers the department's units: the commune's office is not a valid choice.
ASSIGN_POST = {"leader": 302, "justice_leader": 400}
DETAIL = {"leader": 200, "specialist": 200, "outsider": 404, "justice_leader": 404}
REPORT = {
    "specialist": (200, 302),
    "leader": (403, 403),
    "outsider": (404, 404),
    "justice_leader": (404, 404),
}
CONFIRM = {
    "leader": (200, 302),
    "specialist": (403, 403),
    "outsider": (404, 404),
    "justice_leader": (404, 404),
}


def _expected(table, who, refused=403):
    if who == "anonymous":
        return 302
    if who in ("clerk", "desk_officer"):
        return 403  # neither reads tasks
    return table.get(who, refused)


@pytest.mark.parametrize("who", PERSONAS)
def test_task_lists(client, login, office, cast, task, who):
    c = _client(client, login, office, cast, who)
    for view in ("cua-toi", "da-giao", "qua-han"):
        assert c.get(reverse("tasks:list"), {"xem": view}).status_code == _expected(LIST, who)


@pytest.mark.parametrize("who", PERSONAS)
def test_assign_screen_get_and_post(client, login, office, cast, who):
    c = _client(client, login, office, cast, who)
    assert c.get(reverse("tasks:assign")).status_code == _expected(ASSIGN_GET, who)
    before = _state()
    data = {"title": "Việc mới", "lead_unit": office.commune_office.pk, "due_on": "2030-06-12"}
    response = c.post(reverse("tasks:assign"), data)
    assert response.status_code == _expected(ASSIGN_POST, who)
    if response.status_code == 302 and who != "anonymous":
        assert Task.objects.get().title == "Việc mới"
    else:
        assert _state() == before


@pytest.mark.parametrize("who", PERSONAS)
def test_task_page(client, login, office, cast, task, who):
    c = _client(client, login, office, cast, who)
    assert c.get(reverse("tasks:detail", args=[task.pk])).status_code == _expected(DETAIL, who)


@pytest.mark.parametrize("who", PERSONAS)
def test_report_progress_get_and_post(client, login, office, cast, task, who):
    c = _client(client, login, office, cast, who)
    url = reverse("tasks:act", args=[task.pk, "report"])
    get, post = REPORT.get(who, (403, 403)) if who not in ("anonymous",) else (302, 302)
    if who in ("clerk", "desk_officer"):
        get = post = 403
    assert c.get(url).status_code == get
    before = _state()
    response = c.post(url, {"progress": "30", "text": "Đang làm"})
    assert response.status_code == post
    if post == 302 and who != "anonymous":
        task.refresh_from_db()
        assert task.progress == 30
    else:
        assert _state() == before


@pytest.mark.parametrize("who", PERSONAS)
def test_confirm_get_and_post(client, login, office, cast, task, who):
    services.complete(task, actor=office.specialist.user, text="Xong.", now=MONDAY)
    c = _client(client, login, office, cast, who)
    url = reverse("tasks:act", args=[task.pk, "confirm"])
    get, post = CONFIRM.get(who, (403, 403)) if who != "anonymous" else (302, 302)
    if who in ("clerk", "desk_officer"):
        get = post = 403
    assert c.get(url).status_code == get
    before = _state()
    response = c.post(url, {"text": ""})
    assert response.status_code == post
    if post == 302 and who != "anonymous":
        task.refresh_from_db()
        assert task.status == "done"
    else:
        assert _state() == before


def test_a_bad_date_is_answered_in_vietnamese_with_nothing_kept(client, login, office):
    c = login(office.leader)
    response = c.post(
        reverse("tasks:assign"), {"title": "X", "lead_unit": office.commune_office.pk, "due_on": "31/31/2026"}
    )
    assert response.status_code == 400 and "Nhập một ngày hợp lệ" in response.content.decode()
    assert not Task.objects.exists()


def test_an_unknown_action_or_task_is_not_found(client, login, office, task):
    c = login(office.leader)
    assert c.get(reverse("tasks:act", args=[task.pk, "xoa"])).status_code == 404
    assert c.get(reverse("tasks:detail", args=[task.pk + 999])).status_code == 404
