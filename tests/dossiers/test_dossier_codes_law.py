"""Dossier codes as Decree 118/2025 sets them: art. 28.2.a (whose identifier begins the code), art. 28.2.b
(receipt date and the sequence of the day), art. 17.3 and 11.2.d (one code, issued at receipt), and the
2018 rules' codes kept for dossiers received before 1 July 2025. The race between two receipts is run by
tests/dossiers/test_code_sequence_race.py in real processes."""

from __future__ import annotations

import datetime as dt

import pytest

from egov.dossiers import codes, intake, lookup
from egov.dossiers.models import CodeSequence, DossierEvent, Status
from egov.organizations.models import AgencyKind, Role
from egov.procedures.models import Field, StepKind
from tests.dossiers.conftest import APPLICANT, MONDAY, TZ, hours, make_procedure, receive, step
from tests.factories import make_agency, make_staff

FRIDAY = dt.datetime(2026, 11, 13, 16, 0, tzinfo=TZ)


def _submit(cast, procedure, now=FRIDAY):
    return intake.submit_online(
        procedure=procedure, agency=cast.province.commune_a, applicant=APPLICANT, now=now
    )


def test_code_begins_with_the_competent_agency_not_the_counter_decree_118_art_28_2_a(cast, flows):
    # Received at commune An Bình's counter; the Department of Justice approves, so it decides.
    d = receive(cast, flows.simple)
    assert d.receiving_agency == cast.province.commune_a
    assert d.code == f"{cast.province.justice.code}-261116-0001"


def test_a_service_centre_stands_for_the_body_it_belongs_to_decree_118_art_28_2_a(cast):
    """A workflow whose approving step names no agency is decided where it was received; a public
    administration service centre decides nothing, so its parent body's identifier is used."""
    p = cast.province
    centre = make_agency("Trung tâm PVHCC xã", AgencyKind.SERVICE_CENTER, p.commune_b, has_counter=True)
    desk = make_staff("motcua.trungtam", centre, (Role.DESK_OFFICER,))
    local = make_procedure(
        "1.000894",
        "Đăng ký kết hôn",
        "3",
        [
            (StepKind.RECEIVE, Role.DESK_OFFICER, None, "4"),
            (StepKind.APPROVE, Role.LEADER, None, "8"),
            (StepKind.RETURN, Role.DESK_OFFICER, None, "0"),
        ],
        Field.objects.create(code="HT2", name="Hộ tịch", name_folded="ho tich"),
    )
    d = intake.receive(actor=desk.user, procedure=local, agency=centre, applicant=APPLICANT, now=MONDAY)
    assert d.code == f"{p.commune_b.code}-261116-0001"


def test_inter_agency_group_at_the_counter_uses_the_receiving_one_stop_unit_decree_118_art_28_2_a(
    cast, flows
):
    flows.simple.inter_agency_group = True
    flows.simple.save(update_fields=["inter_agency_group"])
    d = receive(cast, flows.simple)
    assert d.code == f"{cast.province.commune_a.code}-261116-0001"


def test_inter_agency_group_online_uses_the_national_portal_decree_118_art_28_2_a(cast, flows):
    flows.simple.inter_agency_group = True
    flows.simple.save(update_fields=["inter_agency_group"])
    d = step(_submit(cast, flows.simple), "accept", cast.desk_officer, MONDAY)
    assert d.code == "G22-261116-0001"


def test_online_submission_gets_its_code_when_accepted_dated_that_day_decree_118_art_17_3(cast, flows):
    submitted = _submit(cast, flows.simple)
    # Before acceptance: a reference, not a dossier code, and no sequence number used.
    assert submitted.status == Status.SUBMITTED
    assert submitted.code == submitted.submission_ref
    assert submitted.code.startswith("NOP-261113-") and len(submitted.code) == len("NOP-261113-") + 8
    assert not CodeSequence.objects.exists()
    accepted = step(submitted, "accept", cast.desk_officer, MONDAY + hours(1))
    # Received on Monday 16 November: the date part is the receipt's, not the submission's Friday.
    assert accepted.code == f"{cast.province.justice.code}-261116-0001"
    assert accepted.submission_ref == submitted.code
    event = DossierEvent.objects.get(dossier=accepted, action="accept")
    assert event.data["code"] == accepted.code and event.data["submission_ref"] == submitted.code
    from egov.core.models import AuditEntry

    audit = AuditEntry.objects.get(action="dossier.accept", object_id=str(accepted.pk))
    assert (audit.before["code"], audit.after["code"]) == (submitted.code, accepted.code)


def test_one_code_per_dossier_later_moves_keep_it_decree_118_art_17_3(cast, flows):
    d = receive(cast, flows.simple)
    code = d.code
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "assign", cast.specialist, MONDAY + hours(2), handler=cast.specialist.user)
    assert d.code == code
    assert CodeSequence.objects.get().last == 1


def test_the_sequence_of_the_day_is_counted_per_prefix_decree_118_art_28_2_b(cast, flows):
    p = cast.province
    desk_b = make_staff("motcua.bacson", p.commune_b, (Role.DESK_OFFICER,))
    first = receive(cast, flows.simple)
    # Another counter, same competent agency: the next number of that agency's day, never a second 0001.
    second = intake.receive(
        actor=desk_b.user, procedure=flows.simple, agency=p.commune_b, applicant=APPLICANT, now=MONDAY
    )
    assert (first.code, second.code) == (f"{p.justice.code}-261116-0001", f"{p.justice.code}-261116-0002")
    # Another competent agency counts its own day from 1.
    flows.inter.inter_agency_group = True
    flows.inter.save(update_fields=["inter_agency_group"])
    assert receive(cast, flows.inter).code == f"{p.commune_a.code}-261116-0001"
    # The next day starts again at 1.
    assert (
        receive(cast, flows.simple, now=MONDAY + dt.timedelta(days=1)).code == f"{p.justice.code}-261117-0001"
    )


def test_dossiers_received_under_the_2018_rules_keep_the_receiving_unit_code_decree_61_2018(cast, flows):
    june = dt.datetime(2025, 6, 30, 9, 0, tzinfo=TZ)
    d = receive(cast, flows.simple, now=june)
    assert d.rules_version == "nd61-2018"
    assert d.code == f"{cast.province.commune_a.code}-250630-0001"


def test_the_rules_cite_the_article_for_the_code():
    from egov.dossiers.rules import rules_by_version

    assert "Điều 28" in rules_by_version("nd118-2025").data["code"]["source"]
    assert rules_by_version("nd118-2025").code_prefix == "competent_agency"
    assert rules_by_version("nd61-2018").code_prefix == "receiving_unit"


def test_a_reference_never_has_the_shape_of_an_agency_identifier():
    from egov.organizations.identifiers import is_well_formed

    reference = codes.submission_reference(MONDAY)
    assert codes.is_submission_reference(reference)
    assert not is_well_formed(reference.split("-")[0])
    assert lookup.normalise(reference.lower()) == reference


# ---------------------------------------------------------------- the public look-up by reference


def test_the_look_up_finds_a_submission_by_its_reference_before_acceptance(cast, flows, client):
    d = _submit(cast, flows.simple)
    status = lookup.public_status(d.submission_ref)
    assert status is not None and status.status == Status.SUBMITTED and status.awaiting_acceptance
    page = client.get(f"/tra-cuu/{d.submission_ref}/").content.decode()
    assert 'id="lookup-awaiting"' in page


@pytest.mark.parametrize("by", ["reference", "code"])
def test_the_reference_keeps_finding_the_dossier_after_acceptance_and_says_its_code(cast, flows, client, by):
    submitted = _submit(cast, flows.simple)
    reference = submitted.submission_ref
    token = lookup.token_for(reference)  # what the submission's notice carried
    d = step(submitted, "accept", cast.desk_officer, MONDAY)
    asked = reference if by == "reference" else d.code
    status = lookup.public_status(asked, token=lookup.token_for(asked))
    assert status is not None and status.code == d.code and status.status == Status.RECEIVED
    assert status.details is not None
    assert status.accepted_from == (reference if by == "reference" else "")
    if by == "reference":
        # The token of the submission's notice still proves the applicant after the code replaced it.
        assert lookup.public_status(reference, token=token).details is not None
        page = client.get(f"/tra-cuu/{reference}/").content.decode()
        assert 'id="lookup-accepted"' in page and d.code in page


def test_the_applicant_is_told_the_reference_then_the_code_that_replaces_it_decree_118_art_17_3(cast, flows):
    from egov.channels.models import OutboxMessage

    submitted = _submit(cast, flows.simple)
    (sms,) = OutboxMessage.objects.about(submitted).filter(topic="sms")
    assert submitted.submission_ref in sms.payload["text"] and "mã tham chiếu" in sms.payload["text"]
    accepted = step(submitted, "accept", cast.desk_officer, MONDAY)
    latest = OutboxMessage.objects.about(accepted).filter(topic="sms").order_by("-id").first()
    assert latest is not None
    assert submitted.submission_ref in latest.payload["text"] and accepted.code in latest.payload["text"]
    email = OutboxMessage.objects.about(accepted).filter(topic="email").order_by("-id").first()
    assert email is not None and f"/tra-cuu/{accepted.code}/" in email.payload["body"]


def test_the_queue_filter_finds_a_dossier_by_its_submission_reference_after_acceptance(cast, flows):
    from egov.dossiers import selectors
    from egov.dossiers.models import Dossier

    submitted = _submit(cast, flows.simple)
    d = step(submitted, "accept", cast.desk_officer, MONDAY)
    found = selectors.filter_dossiers(Dossier.objects.all(), code=submitted.submission_ref[:12].lower())
    assert list(found) == [d]
