"""The assign screen started from a document: prefilled from the leader's instruction, and the task it
creates links the document."""

from __future__ import annotations

from django.urls import reverse

from egov.documents import services as documents
from egov.tasks.models import Origin, Task
from tests.documents.conftest import MONDAY, received
from tests.tasks.conftest import DUE


def test_a_task_from_a_document_on_screen_takes_the_instruction_decree_30_art_24_1(client, login, office):
    doc = received(office)
    documents.register(doc, actor=office.clerk.user, now=MONDAY)
    ins = documents.Instruction(text="Văn phòng chủ trì.", lead_unit=office.commune_office, due_on=DUE)
    documents.instruct(doc, actor=office.leader.user, instruction=ins, now=MONDAY)
    c = login(office.leader)
    url = reverse("tasks:assign") + f"?van-ban={doc.pk}"
    page = c.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["lead_unit"] == office.commune_office.pk and form.initial["description"] == ins.text
    data = {
        "title": doc.summary,
        "lead_unit": office.commune_office.pk,
        "people": [office.specialist.user.pk],
        "due_on": "2030-06-12",
        "document": doc.pk,
    }
    assert c.post(url, data).status_code == 302
    task = Task.objects.get()
    assert task.origin == Origin.DOCUMENT and task.document == doc
    assert list(task.people.all()) == [office.specialist.user]


def test_a_document_the_leader_cannot_read_is_not_found(client, login, office):
    other = received(office)
    assert login(office.justice_leader).get(reverse("tasks:assign"), {"van-ban": other.pk}).status_code == 404
