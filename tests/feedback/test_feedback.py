"""Feedback (phản ánh, kiến nghị): routed to the responsible agency, answered within the configured working
days, the sender told through the outbox, published only when staff decide, without personal data."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from egov.channels.models import OutboxMessage
from egov.core import calendar
from egov.core.models import AuditEntry
from egov.feedback import services
from egov.feedback.models import Feedback, FeedbackStatus, Topic
from egov.procedures.models import Procedure

from .conftest import MONDAY, hours, receive, returned, send_about_agency, step

pytestmark = pytest.mark.django_db


def test_feedback_on_an_open_dossier_goes_where_it_sits_on_a_returned_one_to_the_receiving_agency(
    cast, flows, citizen
):
    open_one = step(receive(cast, flows.simple), "forward", cast.desk_officer, MONDAY + hours(1))
    item = services.send(
        actor=citizen, topic=Topic.DOSSIER, code=open_one.code.lower(), title="Chậm", content="…"
    )
    assert (item.agency, item.dossier, item.procedure) == (
        cast.province.justice_office,
        open_one,
        flows.simple,
    )
    done = returned(cast, flows.simple)
    item = services.send(actor=citizen, topic=Topic.DOSSIER, code=done.code, title="Kết quả", content="…")
    assert item.agency == cast.province.commune_a


def test_an_unknown_code_is_refused_in_vietnamese_and_nothing_is_saved(cast, flows, citizen):
    for topic, code in ((Topic.DOSSIER, "KHONG-CO"), (Topic.DOSSIER, "\x00"), (Topic.PROCEDURE, "9.999999")):
        with pytest.raises(ValidationError) as refused:
            services.send(actor=citizen, topic=topic, code=code, title="Tiêu đề", content="Nội dung")
        assert "code" in refused.value.message_dict
    assert not Feedback.objects.exists()


def test_feedback_on_a_procedure_goes_to_its_agency(cast, flows, citizen):
    procedure: Procedure = flows.simple
    # No agency listed: where the published workflow's approval happens.
    item = services.send(
        actor=citizen, topic=Topic.PROCEDURE, code=procedure.code, title="Mẫu đơn", content="…"
    )
    assert item.agency == cast.province.justice
    procedure.agencies.set([cast.province.commune_a, cast.province.commune_b])
    with pytest.raises(ValidationError) as refused:
        services.send(
            actor=citizen,
            topic=Topic.PROCEDURE,
            code=procedure.code,
            agency=cast.province.center,
            title="Mẫu đơn",
            content="…",
        )
    assert "agency" in refused.value.message_dict
    item = services.send(
        actor=citizen,
        topic=Topic.PROCEDURE,
        code=procedure.code,
        agency=cast.province.commune_b,
        title="Mẫu đơn",
        content="…",
    )
    assert item.agency == cast.province.commune_b


def test_a_visitor_gives_a_name_and_a_phone_or_an_email(cast):
    visitor = services.Visitor()
    with pytest.raises(ValidationError) as refused:
        send_about_agency(visitor, cast.province.commune_a, name="", phone="")
    assert {"name", "phone"} <= set(refused.value.message_dict)
    assert not Feedback.objects.exists()
    item = send_about_agency(visitor, cast.province.commune_a, phone="", email="khach@example.vn")
    assert item.sender is None and item.sender_email == "khach@example.vn"


def test_the_answer_is_due_the_configured_working_days_after_sending(cast, settings):
    settings.EGOV_FEEDBACK_ANSWER_DAYS = 10
    item = services.send(
        actor=services.Visitor(),
        topic=Topic.AGENCY,
        agency=cast.province.commune_a,
        title="T",
        content="C",
        name="Khách",
        phone="0987654321",
        now=MONDAY,
    )
    assert item.answer_due_at == calendar.add_working_days(MONDAY, 10)


def test_the_sender_gets_the_reference_then_the_answer_through_the_outbox(cast, citizen):
    item = send_about_agency(citizen, cast.province.commune_a, name="", phone="")
    assert item.sender == citizen and item.sender_name == "Nguyễn Văn An"
    first = list(OutboxMessage.objects.about(item))
    assert [(m.topic, m.payload["to"]) for m in first] == [("email", "an@example.vn")]
    assert item.reference in first[0].payload["body"]
    services.assign(actor=cast.desk_officer.user, feedback=item, assignee=cast.clerk.user)
    item.refresh_from_db()
    assert (item.status, item.assignee) == (FeedbackStatus.HANDLING, cast.clerk.user)
    services.answer(actor=cast.clerk.user, feedback=item, text="Đã nhắc nhở cán bộ.")
    item.refresh_from_db()
    assert item.status == FeedbackStatus.ANSWERED and item.answered_by == cast.clerk.user
    answer = OutboxMessage.objects.about(item).exclude(pk__in=[m.pk for m in first]).get()
    assert "Đã nhắc nhở cán bộ." in answer.payload["body"]
    actions = set(
        AuditEntry.objects.filter(object_id=str(item.pk), action__startswith="feedback.").values_list(
            "action", flat=True
        )
    )
    assert actions == {"feedback.send", "feedback.assign", "feedback.answer"}


def test_the_audit_log_keeps_no_contact_details_of_the_sender(cast):
    item = send_about_agency(services.Visitor(), cast.province.commune_a, email="khach@example.vn")
    entry = AuditEntry.objects.get(action="feedback.send", object_id=str(item.pk))
    assert "0987654321" not in str(entry.after) and "khach@example.vn" not in str(entry.after)


def test_staff_of_another_agency_may_not_assign_answer_or_publish(cast):
    item = send_about_agency(services.Visitor(), cast.province.commune_a)
    outsider = cast.commune_b_specialist.user
    with pytest.raises(PermissionDenied):
        services.answer(actor=outsider, feedback=item, text="…")
    with pytest.raises(PermissionDenied):
        services.assign(actor=outsider, feedback=item, assignee=outsider)
    with pytest.raises(ValidationError):  # nor be given it
        services.assign(actor=cast.desk_officer.user, feedback=item, assignee=outsider)
    item.refresh_from_db()
    assert (item.status, item.assignee) == (FeedbackStatus.NEW, None)


def test_published_only_after_the_answer_and_when_staff_decide_with_the_name_masked(client, cast):
    item = send_about_agency(
        services.Visitor(), cast.province.commune_a, content="Tôi là Phạm Văn Khách, 0987654321"
    )
    officer = cast.desk_officer.user
    with pytest.raises(ValidationError):
        services.publish(actor=officer, feedback=item, public_content="Cán bộ hướng dẫn chưa rõ.")
    services.answer(actor=officer, feedback=item, text="Cảm ơn ông, chúng tôi đã chấn chỉnh.")
    assert client.get(reverse("feedback:public_detail", args=[item.pk])).status_code == 404
    assert item.reference not in client.get(reverse("feedback:public")).content.decode()
    services.publish(actor=officer, feedback=item, public_content="Cán bộ hướng dẫn chưa rõ.")
    page = client.get(reverse("feedback:public_detail", args=[item.pk])).content.decode()
    assert "Cán bộ hướng dẫn chưa rõ." in page and "chấn chỉnh" in page and "P*** K***" in page
    assert "Phạm Văn Khách" not in page and "0987654321" not in page
    assert "Thái độ phục vụ" in client.get(reverse("feedback:public")).content.decode()
    services.unpublish(actor=officer, feedback=item)
    assert client.get(reverse("feedback:public_detail", args=[item.pk])).status_code == 404
