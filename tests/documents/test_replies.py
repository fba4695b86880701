"""A specialist drafts the reply to an incoming document from its page (issue 13 item 12): the draft is
linked to the document it answers, addressed back to its sender, and each page links the other; a document
the reader may not see, or another agency's, cannot be answered."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from egov.documents import outgoing
from egov.documents.models import Document
from tests.documents.conftest import draft, pdf
from tests.documents.test_incoming import assigned

pytestmark = pytest.mark.django_db


def test_the_reply_is_drafted_from_the_incoming_page_and_both_pages_link_each_other(office, client):
    incoming = assigned(office)
    client.force_login(office.specialist.user)
    page = client.get(reverse("documents:detail", args=(incoming.pk,))).content.decode()
    start = reverse("documents:draft") + f"?tra-loi={incoming.pk}"
    assert f'href="{start}" id="draft-reply"' in page
    form = client.get(start).content.decode()
    assert f'name="answers" value="{incoming.pk}"' in form
    assert "V/v trả lời văn bản số 1565/UBND-VX" in form  # the summary prefilled
    assert "UBND tỉnh Hòa Bình Xanh" in form  # addressed back to the sender (outside this system here)
    response = client.post(
        reverse("documents:draft"),
        {
            "doc_type": "CV",
            "summary": "V/v trả lời văn bản số 1565/UBND-VX",
            "urgency": "normal",
            "confidentiality": "normal",
            "external": "UBND tỉnh Hòa Bình Xanh",
            "answers": str(incoming.pk),
            "main": pdf(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    reply = Document.objects.get(answers=incoming)
    assert reply.direction == "outgoing" and reply.agency == incoming.agency
    out_page = client.get(reverse("documents:detail", args=(reply.pk,))).content.decode()
    assert reverse("documents:detail", args=(incoming.pk,)) in out_page[out_page.index('id="answers"') :]
    in_page = client.get(reverse("documents:detail", args=(incoming.pk,))).content.decode()
    assert reverse("documents:detail", args=(reply.pk,)) in in_page[in_page.index('id="replies"') :]


def test_a_document_the_drafter_may_not_see_cannot_be_answered_and_nothing_is_made(office, client):
    incoming = assigned(office)
    client.force_login(office.outsider.user)  # a specialist of another commune
    before = Document.objects.count()
    response = client.post(
        reverse("documents:draft"),
        {
            "doc_type": "CV",
            "summary": "Trả lời",
            "urgency": "normal",
            "confidentiality": "normal",
            "external": "UBND tỉnh",
            "answers": str(incoming.pk),
            "main": pdf(),
        },
    )
    assert response.status_code == 400
    assert "Không tìm thấy văn bản đến được trả lời." in response.content.decode()
    assert Document.objects.count() == before


def test_the_service_refuses_a_reply_to_an_outgoing_document(office):
    other = draft(office)
    with pytest.raises(ValidationError):
        outgoing.create_draft(
            actor=office.specialist.user,
            agency=office.commune,
            draft=outgoing.Draft(doc_type="CV", summary="Trả lời", external=["UBND tỉnh"], answers=other),
            main=pdf(),
        )
