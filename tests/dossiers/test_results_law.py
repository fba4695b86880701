"""Results as Decree 118/2025 shapes them: the document code of an electronic result (art. 22.4, 19.2), the
early return announced (art. 22.5), the correction of a wrong result within 3 working days (art. 23.1), and
the paper dossier forwarded within 1 working day when the receiving centre is not the competent agency
(art. 20.1.a, 14.2). The 2018 rule set has none of these (docs/legal-notes hold no such rule of Decree
61/2018), and the tests say so.

The result-type codes here ("TEST.KQ…") are made up for the tests: the national codes of the demo procedures
are not known (docs/dossiers.md).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from egov.channels.models import OutboxMessage
from egov.channels.notifications import sandbox
from egov.channels.notifications.events import default_texts
from egov.core.calendar import due_at, next_working_moment
from egov.dossiers import deadlines, intake, lookup, results, selectors, services
from egov.dossiers.models import Attachment, Dossier, DossierEvent, Status, Timeliness
from egov.procedures.models import ApplicantType, StepKind
from tests.dossiers.conftest import APPLICANT, MONDAY, TZ, hours, make_procedure, receive, step

#: Monday 16 June 2025, 08:00: a dossier received then is judged by the 2018 rule set.
JUNE_2025 = dt.datetime(2025, 6, 16, 8, 0, tzinfo=TZ)


def _pdf(name: str = "ket-qua.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode(), content_type="application/pdf")


def _to_approval(cast, d: Dossier, at: dt.datetime) -> Dossier:
    d = step(d, "forward", cast.desk_officer, at)
    return step(d, "submit_for_approval", cast.specialist, at + hours(1))


def _resolved(cast, flows, at: dt.datetime = MONDAY, **kw) -> Dossier:
    """Received at `at`, approved with a result file 3 working hours later."""
    d = _to_approval(cast, receive(cast, flows.simple, now=at, **kw), at + hours(1))
    return step(d, "approve", cast.leader, at + hours(3), files=[_pdf()])


def _returned(cast, flows, at: dt.datetime = MONDAY, **kw) -> Dossier:
    return step(_resolved(cast, flows, at, **kw), "return_result", cast.desk_officer, at + hours(4))


def _sms(d: Dossier) -> list[str]:
    return [m.payload["text"] for m in OutboxMessage.objects.about(d).filter(topic="sms").order_by("id")]


def _shipped(event: str, **values: str) -> str:
    """The SMS the shipped notification template of `event` sends with these values."""
    return sandbox.render(default_texts(event).sms, values)


def _ready(d: Dossier) -> str:
    """The ordinary "result ready" message."""
    name = d.receiving_agency.name
    return _shipped("result_ready", code=d.code, agency=name)


@pytest.fixture
def coded(flows):
    flows.simple.result_type_code = "TEST.KQ01"
    flows.simple.save(update_fields=["result_type_code"])
    return flows


# ---------------------------------------------------------------- document code (art. 22.4, 19.2)


def test_electronic_result_gets_its_document_code_when_issued_decree_118_art_22_4(cast, coded):
    d = _resolved(cast, coded)
    result = Attachment.objects.get(dossier=d, kind=Attachment.Kind.RESULT)
    # The applicant's personal ID number and the procedure's result-type code.
    assert result.document_code == "001090012345.TEST.KQ01"
    # Other files get none.
    assert (
        not Attachment.objects.filter(dossier=d)
        .exclude(kind=Attachment.Kind.RESULT)
        .exclude(document_code="")
    )


def test_organisation_result_code_uses_its_tax_code_decree_118_art_22_4(cast, coded):
    firm = intake.Applicant(name="Công ty TNHH An Bình", type=ApplicantType.BUSINESS, id_number="0101234567")
    d = _resolved(cast, coded, applicant=firm)
    assert results.current_results(d)[0].document_code == "0101234567.TEST.KQ01"


@pytest.mark.parametrize(
    "applicant",
    [
        intake.Applicant(name="Trần Thị Bình"),  # no identifier given
        intake.Applicant(name="John Smith", type=ApplicantType.FOREIGNER, id_number="C1234567"),
    ],
    ids=["no-identifier", "foreigner-passport"],
)
def test_no_document_code_without_an_identifier_decree_118_art_19_2(client, cast, coded, applicant):
    d = _resolved(cast, coded, applicant=applicant)
    assert results.current_results(d)[0].document_code == ""
    assert results.why_no_document_code(d) == "identifier"
    client.force_login(cast.desk_officer.user)
    page = client.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert 'id="no-document-code"' in page


def test_no_document_code_when_the_procedure_has_no_result_type_code_decree_118_art_22_4(cast, flows):
    d = _resolved(cast, flows)
    assert results.current_results(d)[0].document_code == ""
    assert results.why_no_document_code(d) == "result_type"


def test_the_2018_rules_give_no_document_code(cast, coded):
    d = _resolved(cast, coded, at=JUNE_2025)
    assert d.rules_version == "nd61-2018"
    assert results.current_results(d)[0].document_code == ""
    assert results.why_no_document_code(d) == "rules"


def test_document_code_shown_on_the_dossier_page_and_to_the_applicant_decree_118_art_22_4(
    client, cast, coded
):
    d = _resolved(cast, coded)
    client.force_login(cast.desk_officer.user)
    page = client.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert '<code class="document-code">001090012345.TEST.KQ01</code>' in page
    client.logout()
    token = lookup.token_for(d.code)
    public = client.get(reverse("dossiers:lookup", args=[d.code]) + f"?t={token}").content.decode()
    assert '<code class="document-code">001090012345.TEST.KQ01</code>' in public
    # The code alone (no second factor) shows no result.
    assert "001090012345" not in client.get(reverse("dossiers:lookup", args=[d.code])).content.decode()


def test_the_applicant_downloads_the_result_with_the_signed_link_only(client, cast, coded):
    d = _resolved(cast, coded)
    result = results.current_results(d)[0]
    url = reverse("dossiers:result_file", args=[result.pk, d.code])
    response = client.get(url + f"?t={lookup.token_for(d.code)}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert client.get(url).status_code == 404
    assert client.get(url + "?t=forged").status_code == 404
    other = receive(cast, coded.simple, now=MONDAY + hours(1))
    assert (
        client.get(url.replace(d.code, other.code) + f"?t={lookup.token_for(other.code)}").status_code == 404
    )


def test_no_result_is_offered_before_it_is_ready(cast, coded):
    d = _to_approval(cast, receive(cast, coded.simple), MONDAY + hours(1))
    assert lookup.applicant_results(Dossier.objects.get(pk=d.pk)) == ()


# ---------------------------------------------------------------- early return (art. 22.5)


def test_early_result_is_announced_with_its_date_decree_118_art_22_5(cast, flows):
    d = _resolved(cast, flows)
    assert d.status == Status.RESOLVED and d.timeliness == Timeliness.EARLY
    ready = timezone.localtime(next_working_moment(MONDAY + hours(3))).strftime("%d/%m/%Y")
    due = timezone.localtime(d.due_at).strftime("%H:%M %d/%m/%Y")
    early = _shipped(
        "result_early",
        code=d.code,
        due=due,
        ready=ready,
        agency=d.receiving_agency.name,
    )
    assert _sms(d)[-1] == early != _ready(d)


def test_result_ready_on_the_appointment_day_gets_the_ordinary_message(cast, flows):
    d = _to_approval(cast, receive(cast, flows.simple), MONDAY + hours(1))
    on_the_day = timezone.localtime(d.due_at) - hours(1)
    d = step(d, "approve", cast.leader, on_the_day, files=[_pdf()])
    assert d.timeliness == Timeliness.ON_TIME
    name = d.receiving_agency.name
    assert _sms(d)[-1] == _shipped("result_ready", code=d.code, agency=name)


def test_the_2018_rules_announce_no_early_return(cast, flows):
    d = _resolved(cast, flows, at=JUNE_2025)
    assert d.timeliness == Timeliness.EARLY
    name = d.receiving_agency.name
    assert _sms(d)[-1] == _shipped("result_ready", code=d.code, agency=name)


# ---------------------------------------------------------------- correction (art. 23.1)


def test_wrong_result_goes_back_to_the_step_that_issued_it_for_3_working_days_decree_118_art_23_1(
    cast, coded
):
    d = _returned(cast, coded)
    sent = MONDAY + hours(24)
    d = step(d, "request_correction", cast.desk_officer, sent, reason="Sai năm sinh của người được cấp")
    approve_step = d.workflow.steps.get(kind=StepKind.APPROVE)
    assert d.status == Status.PROCESSING
    assert d.current_step == approve_step and d.handler == cast.leader.user
    limit = due_at(sent, Decimal(3), "days")
    assert d.correction_due_at == limit and d.step_due_at == limit and d.corrections == 1
    event = d.events.get(action="request_correction")
    assert event.comment == "Sai năm sinh của người được cấp"
    # The applicant is told, with the corrected result's date.
    told = _shipped(
        "request_correction",
        code=d.code,
        reason="Sai năm sinh của người được cấp",
        correction_due=timezone.localtime(limit).strftime("%H:%M %d/%m/%Y"),
    )
    assert _sms(d)[-1] == told
    # While it is corrected the applicant is offered no result, and is told when the right one comes.
    assert lookup.applicant_results(Dossier.objects.get(pk=d.pk)) == ()


def test_corrected_result_replaces_the_old_one_for_the_applicant_decree_118_art_23_1(client, cast, coded):
    d = _returned(cast, coded)
    old = results.current_results(d)[0]
    d = step(d, "request_correction", cast.desk_officer, MONDAY + hours(24), reason="Sai tên")
    d = step(d, "approve", cast.leader, MONDAY + hours(26), files=[_pdf("ket-qua-dinh-chinh.pdf")])
    assert d.status == Status.RESOLVED and d.correction_due_at is None
    assert d.correction_timeliness == Timeliness.ON_TIME
    new = results.current_results(d)
    assert [a.name for a in new] == ["ket-qua-dinh-chinh.pdf"]
    assert new[0].document_code == "001090012345.TEST.KQ01"
    # The old one stays, in the history and on the dossier.
    assert old.pk in {a.pk for a in results.all_results(d)}
    assert Attachment.objects.filter(pk=old.pk, event__action="approve").exists()
    assert [r.name for r in lookup.applicant_results(d)] == ["ket-qua-dinh-chinh.pdf"]
    url = reverse("dossiers:result_file", args=[old.pk, d.code]) + f"?t={lookup.token_for(d.code)}"
    assert client.get(url).status_code == 404
    assert _sms(d)[-1] == _shipped(
        "result_corrected",
        code=d.code,
        agency=d.receiving_agency.name,
    )
    d = step(d, "return_result", cast.desk_officer, MONDAY + hours(27))
    assert d.status == Status.RETURNED


def test_correction_past_3_working_days_is_counted_late_decree_118_art_23_1(client, cast, coded):
    d = _returned(cast, coded)
    d = step(d, "request_correction", cast.desk_officer, MONDAY + hours(24), reason="Sai tên")
    past = deadlines.add_working_hours(d.correction_due_at, 2)
    # Overdue while open: the correction's own limit counts, not the old appointment.
    assert deadlines.overdue(d, past) and not deadlines.overdue(d, d.correction_due_at - hours(1))
    assert Dossier.objects.filter(deadlines.overdue_q(past), pk=d.pk).exists()
    assert not Dossier.objects.filter(deadlines.overdue_q(d.correction_due_at - hours(1)), pk=d.pk).exists()
    d = step(d, "approve", cast.leader, past, files=[_pdf("ket-qua-2.pdf")])
    assert d.correction_timeliness == Timeliness.LATE
    client.force_login(cast.desk_officer.user)
    page = client.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert 'id="correction-state"' in page


def test_correction_visible_on_the_dossier_page_while_open(client, cast, coded):
    d = _returned(cast, coded)
    d = step(d, "request_correction", cast.desk_officer, timezone.now() - hours(24 * 10), reason="Sai tên")
    client.force_login(cast.leader.user)
    page = client.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert 'id="correction-state"' in page and 'id="correction-late"' in page


def test_correction_needs_the_description_of_the_error(cast, coded):
    d = _returned(cast, coded)
    with pytest.raises(ValidationError):
        step(d, "request_correction", cast.desk_officer, MONDAY + hours(24), reason="  ")
    assert Dossier.objects.get(pk=d.pk).status == Status.RETURNED


def test_the_2018_rules_have_no_correction_move(cast, flows):
    """docs/legal-notes hold no correction rule of Decree 61/2018: its dossiers have no such move."""
    d = _returned(cast, flows, at=JUNE_2025)
    assert d.rules_version == "nd61-2018"
    with pytest.raises(services.NotAllowedNow):
        step(d, "request_correction", cast.desk_officer, JUNE_2025 + hours(24), reason="Sai tên")
    assert "request_correction" not in {
        t.action for t in services.available_actions(d, cast.desk_officer.user)
    }


# ---------------------------------------------------------------- paper forward (art. 20.1.a, 14.2)


def test_paper_forward_deadline_set_at_receipt_decree_118_art_20_1_a(cast, flows):
    d = receive(cast, flows.simple)
    assert d.paper_forward_to == cast.province.justice_office
    assert d.paper_forward_due_at == due_at(MONDAY, Decimal(1), "days")
    assert Dossier.objects.get(pk=d.pk).paper_forward_due_at == d.paper_forward_due_at


def test_no_paper_forward_when_the_receiving_centre_is_the_competent_agency(cast, flows):
    local = make_procedure(
        "9.000001",
        "Chứng thực bản sao từ bản chính",
        "1",
        [
            (StepKind.RECEIVE, "desk_officer", None, "1"),
            (StepKind.PROCESS, "specialist", cast.province.commune_a, "4"),
            (StepKind.RETURN, "desk_officer", None, "0"),
        ],
        flows.simple.field,
    )
    d = receive(cast, local)
    assert d.paper_forward_to is None and d.paper_forward_due_at is None


def test_online_submission_has_no_paper_to_forward(cast, flows):
    d = intake.submit_online(
        procedure=flows.simple, agency=cast.province.commune_a, applicant=APPLICANT, now=MONDAY
    )
    d = step(d, "accept", cast.desk_officer, MONDAY + hours(1))
    assert d.paper_forward_to is None


def test_the_2018_rules_set_no_paper_forward_limit(cast, flows):
    d = receive(cast, flows.simple, now=JUNE_2025)
    assert d.rules_version == "nd61-2018" and d.paper_forward_to is None


def test_counter_records_papers_sent_and_the_agency_their_arrival_decree_118_art_20_1_a(cast, flows):
    d = receive(cast, flows.simple)
    d = step(d, "papers_sent", cast.desk_officer, MONDAY + hours(2))
    assert d.papers_sent_at == MONDAY + hours(2)
    assert d.events.get(action="papers_sent").data["late"] is False
    d = step(d, "papers_arrived", cast.specialist, MONDAY + hours(3))
    assert d.papers_arrived_at == MONDAY + hours(3)
    assert d.status == Status.RECEIVED  # no status changes: only the papers moved


def test_papers_sent_after_1_working_day_are_marked_late_decree_118_art_20_1_a(cast, flows):
    d = receive(cast, flows.simple)
    late = deadlines.add_working_hours(d.paper_forward_due_at, 1)
    d = step(d, "papers_sent", cast.desk_officer, late)
    assert d.events.get(action="papers_sent").data["late"] is True
    assert results.staff_view(d, late).papers_late


def test_papers_to_send_in_the_receiving_counters_queue_late_ones_marked(client, cast, flows):
    now = timezone.now()
    fresh = receive(cast, flows.simple, now=now)
    stale = receive(cast, flows.simple, now=now - hours(24 * 10))
    sent = step(receive(cast, flows.simple, now=now), "papers_sent", cast.desk_officer, now)
    queue = selectors.queue(cast.desk_officer.user, "papers_to_send")
    assert set(queue.values_list("pk", flat=True)) == {fresh.pk, stale.pk}
    assert sent.pk not in queue.values_list("pk", flat=True)
    # Not another agency's queue: the specialist at the Justice office has no such queue.
    assert "papers_to_send" not in {q.key for q in selectors.queues_for(cast.specialist.user)}
    client.force_login(cast.desk_officer.user)
    page = client.get(reverse("dossiers:queue", args=["papers_to_send"])).content.decode()
    assert page.count('class="badge late papers-due"') == 1
    assert page.count('class="badge papers-due"') == 1


def test_history_keeps_every_result_move(cast, coded):
    d = _returned(cast, coded)
    step(d, "request_correction", cast.desk_officer, MONDAY + hours(24), reason="Sai tên")
    actions = list(DossierEvent.objects.filter(dossier=d).values_list("action", flat=True))
    assert actions[-2:] == ["return_result", "request_correction"]


def test_the_api_look_up_gives_the_result_and_its_document_code_decree_118_art_22_4(client, cast, coded):
    d = _resolved(cast, coded)
    body = {"code": d.code, "token": lookup.token_for(d.code)}
    answer = client.post("/api/v1/dossiers/lookup", body, content_type="application/json").json()
    assert [(r["name"], r["document_code"]) for r in answer["details"]["results"]] == [
        ("ket-qua.pdf", "001090012345.TEST.KQ01")
    ]
    assert answer["details"]["correction_due_at"] is None
