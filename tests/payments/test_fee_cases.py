"""Fees the applicant's case selects (egov.payments.fees) and the officer's correction
(egov.payments.corrections): a birth registered in time pays nothing, a late one the late charge instead of
the free line (Luật Hộ tịch 2014 art. 11 as the demo catalogue's fee rows cite it, not read); an exemption
the officer confirms from the papers withdraws the charge (Circulars 85/2019 and 106/2021 as cited, not
read); money paid for a line no longer owed is shown to give back; a line newly owed is a top-up."""

from __future__ import annotations

import importlib
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from egov.channels.models import OutboxMessage
from egov.core.models import AuditEntry
from egov.dossiers.models import Dossier, DossierFee
from egov.payments import corrections, selectors, services
from egov.payments.fees import fees_due
from egov.payments.models import LedgerEntry
from egov.procedures.models import Channel, Fee, Procedure
from tests.payments.conftest import file_online, vnpay_callback

ON_TIME = "Lệ phí đăng ký khai sinh"
LATE = "Lệ phí đăng ký khai sinh quá hạn"
COPY = "Phí cấp bản sao Giấy khai sinh"
PROVINCIAL = "Lệ phí cấp bản sao trích lục (mức do HĐND tỉnh quyết định)"
EXEMPT = "Lệ phí (trường hợp miễn)"


def birth_lines(procedure: Procedure) -> dict[str, Fee]:
    """The birth registration's lines as the demo catalogue has them."""
    make = Fee.objects.create
    return {
        ON_TIME: make(procedure=procedure, name=ON_TIME, amount=0, sort_order=1),
        COPY: make(
            procedure=procedure,
            name=COPY,
            amount=8000,
            applies=Fee.Applies.CHOSEN,
            case="Tôi cần thêm bản sao",
            case_basis="CSDLQG: bản sao nếu có yêu cầu",
            sort_order=2,
        ),
        LATE: make(
            procedure=procedure,
            name=LATE,
            amount=5000,
            applies=Fee.Applies.CHOSEN,
            case="Đăng ký quá hạn: trẻ đã sinh quá 60 ngày",
            case_basis="Luật Hộ tịch 2014 Điều 11",
            replaces=[ON_TIME],
            sort_order=3,
        ),
    }


def exempt_lines(procedure: Procedure) -> dict[str, Fee]:
    make = Fee.objects.create
    return {
        PROVINCIAL: make(procedure=procedure, name=PROVINCIAL, amount=15000, sort_order=1),
        EXEMPT: make(
            procedure=procedure,
            name=EXEMPT,
            amount=0,
            applies=Fee.Applies.CONFIRMED,
            case="Người thuộc hộ nghèo",
            case_basis="Thông tư 85/2019/TT-BTC",
            replaces=[PROVINCIAL],
            sort_order=2,
        ),
    }


def owed(d: Dossier) -> list[tuple[str, Decimal]]:
    return [(f.name, f.amount) for f in d.fees.order_by("id")]


def test_on_time_birth_registration_pays_nothing_luat_ho_tich_art_11(procedure: Procedure) -> None:
    birth_lines(procedure)
    lines = fees_due(procedure, Channel.ONLINE)
    assert [(line.name, line.amount, line.why) for line in lines] == [(ON_TIME, 0, "")]


def test_late_birth_registration_pays_the_late_charge_instead_of_the_free_line(procedure: Procedure) -> None:
    lines = birth_lines(procedure)
    due = fees_due(procedure, Channel.ONLINE, chosen={lines[LATE].pk})
    assert [(line.name, line.amount) for line in due] == [(LATE, 5000)]
    assert due[0].why == "Đăng ký quá hạn: trẻ đã sinh quá 60 ngày" and due[0].fee_id == lines[LATE].pk
    both = fees_due(procedure, Channel.ONLINE, chosen={lines[LATE].pk, lines[COPY].pk})
    assert [(line.name, line.amount) for line in both] == [(COPY, 8000), (LATE, 5000)]


def test_an_exemption_is_never_charged_by_the_applicants_choice(procedure: Procedure) -> None:
    lines = exempt_lines(procedure)
    # Only the officer's confirmation selects it: an id passed as "chosen" is not.
    assert [d.name for d in fees_due(procedure, Channel.ONLINE, chosen={lines[EXEMPT].pk})] == [PROVINCIAL]
    assert [d.name for d in fees_due(procedure, Channel.ONLINE, confirmed={lines[EXEMPT].pk})] == [EXEMPT]


def test_rows_made_before_cases_keep_charging_what_they_charged(procedure: Procedure) -> None:
    """The migration adds `applies` with the default "always": every line of an existing catalogue is still
    charged, as before, until its data says otherwise."""
    migration = importlib.import_module("egov.procedures.migrations.0011_fee_applies_by_case")
    added = {op.name: op.field for op in migration.Migration.operations if hasattr(op, "field")}
    assert added["applies"].default == Fee.Applies.ALWAYS
    Fee.objects.create(procedure=procedure, name="Lệ phí cũ", amount=20000)
    Fee.objects.create(procedure=procedure, name="Phí cũ", amount=5000)
    assert [(d.name, d.amount) for d in fees_due(procedure, Channel.COUNTER)] == [
        ("Lệ phí cũ", 20000),
        ("Phí cũ", 5000),
    ]


def _file(cast: Any, procedure: Procedure, owner: Any, **cases: Any) -> Dossier:
    return file_online(cast, procedure, owner, fees=fees_due(procedure, Channel.ONLINE, **cases))


def test_officer_confirms_an_exemption_and_the_charge_is_withdrawn(cast: Any, procedure, owner) -> None:
    lines = exempt_lines(procedure)
    d = _file(cast, procedure, owner)
    row = d.fees.get()
    assert (row.name, row.amount, row.fee_id) == (PROVINCIAL, 15000, lines[PROVINCIAL].pk)
    services.start_payment(actor=owner, dossier=d, gateway="vnpay", return_url="/back/")  # charged, not paid
    assert selectors.balance(d) == 15000
    done = corrections.correct_fees(
        actor=cast.desk_officer.user,
        dossier=d,
        chosen=(),
        confirmed={lines[EXEMPT].pk},
        note="Sổ hộ nghèo năm 2026",
    )
    assert owed(d) == [(EXEMPT, 0)] and d.fees.get().why == "Người thuộc hộ nghèo"
    assert (done.owed, done.give_back) == (0, 0)
    assert selectors.balance(d) == 0
    assert LedgerEntry.objects.filter(dossier=d, kind=LedgerEntry.Kind.WAIVER, amount=15000).count() == 1
    entry = AuditEntry.objects.get(action="payment.fees_corrected")
    assert entry.after["note"] == "Sổ hộ nghèo năm 2026"
    told = OutboxMessage.objects.filter(payload__event="fees_corrected")
    assert told.exists() and "Sổ hộ nghèo năm 2026" in str(told.first().payload)
    assert corrections.cases_of(d) == (set(), {lines[EXEMPT].pk})


def test_a_paid_line_no_longer_owed_is_shown_to_give_back(cast: Any, procedure, owner) -> None:
    lines = exempt_lines(procedure)
    d = _file(cast, procedure, owner)
    payment, _url = services.start_payment(actor=owner, dossier=d, gateway="vnpay", return_url="/back/")
    services.receive_callback("vnpay", vnpay_callback(payment.reference, Decimal(15000)))
    assert selectors.balance(d) == 0
    done = corrections.correct_fees(
        actor=cast.desk_officer.user, dossier=d, chosen=(), confirmed={lines[EXEMPT].pk}, note="Hộ nghèo"
    )
    assert done.give_back == 15000 and selectors.balance(d) == -15000
    # What was paid stays in the ledger: nothing of it is removed.
    assert LedgerEntry.objects.filter(dossier=d, kind=LedgerEntry.Kind.PAYMENT, amount=15000).count() == 1


def test_a_line_newly_owed_after_the_filing_is_a_top_up(cast: Any, procedure, owner) -> None:
    lines = birth_lines(procedure)
    d = _file(cast, procedure, owner)
    assert not selectors.unpaid_fees(d).exists()  # on time: nothing to pay
    done = corrections.correct_fees(
        actor=cast.desk_officer.user,
        dossier=d,
        chosen={lines[LATE].pk},
        confirmed=(),
        note="Giấy chứng sinh ghi ngày sinh quá 60 ngày",
    )
    assert owed(d) == [(LATE, 5000)] and done.owed == 5000
    payment, _url = services.start_payment(actor=owner, dossier=d, gateway="vnpay", return_url="/back/")
    assert payment.amount == 5000


def test_rows_filed_before_they_kept_their_line_are_matched_by_name(cast: Any, procedure, owner) -> None:
    lines = exempt_lines(procedure)
    d = file_online(cast, procedure, owner, fees=[(PROVINCIAL, Decimal(15000))])  # no catalogue line kept
    corrections.correct_fees(
        actor=cast.desk_officer.user, dossier=d, chosen=(), confirmed={lines[EXEMPT].pk}, note="Hộ nghèo"
    )
    assert owed(d) == [(EXEMPT, 0)]


@pytest.mark.parametrize("who", ["owner", "clerk", "other_counter"])
def test_only_a_desk_officer_of_the_receiving_agency_corrects_fees(cast: Any, procedure, owner, who) -> None:
    lines = exempt_lines(procedure)
    d = _file(cast, procedure, owner)
    actor = {"owner": owner, "clerk": cast.clerk.user, "other_counter": _other_counter(cast)}[who]
    with pytest.raises(PermissionDenied):
        corrections.correct_fees(actor=actor, dossier=d, chosen=(), confirmed={lines[EXEMPT].pk}, note="x")
    assert owed(d) == [(PROVINCIAL, 15000)]
    assert not AuditEntry.objects.filter(action="payment.fees_corrected").exists()


def _other_counter(cast: Any) -> Any:
    from egov.organizations.models import Role
    from tests.factories import make_staff

    return make_staff("motcua.khac", cast.province.commune_b, (Role.DESK_OFFICER,), "Lê Văn Khác").user


@pytest.mark.parametrize(
    "change",
    [
        {"note": "  "},  # no note
        {"chosen": "exempt"},  # an exemption passed as the applicant's case
        {"confirmed": "none"},  # nothing changes
    ],
)
def test_a_bad_correction_is_refused_and_changes_nothing(cast: Any, procedure, owner, change) -> None:
    lines = exempt_lines(procedure)
    d = _file(cast, procedure, owner)
    kwargs: dict[str, Any] = {"chosen": (), "confirmed": {lines[EXEMPT].pk}, "note": "Hộ nghèo"}
    if change.get("chosen") == "exempt":
        kwargs["chosen"] = {lines[EXEMPT].pk}
    if change.get("confirmed") == "none":
        kwargs["confirmed"] = ()
    if "note" in change:
        kwargs["note"] = change["note"]
    with pytest.raises(ValidationError):
        corrections.correct_fees(actor=cast.desk_officer.user, dossier=d, **kwargs)
    assert owed(d) == [(PROVINCIAL, 15000)]
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.WAIVER).exists()
    assert not OutboxMessage.objects.filter(payload__event="fees_corrected").exists()


def test_the_officers_page_shows_the_case_and_corrects_it(client, cast: Any, procedure, owner) -> None:
    lines = exempt_lines(procedure)
    d = _file(cast, procedure, owner)
    client.force_login(cast.desk_officer.user)
    url = f"/thanh-toan/can-bo/ho-so/{d.pk}/"
    page = client.get(url).content.decode()
    assert PROVINCIAL in page and "Người thuộc hộ nghèo" in page
    response = client.post(url, {"confirmed": [str(lines[EXEMPT].pk)], "note": "Sổ hộ nghèo"})
    assert response.status_code == 302
    assert owed(d) == [(EXEMPT, 0)]
    refused = client.post(url, {"confirmed": [str(lines[EXEMPT].pk)], "note": ""})
    assert refused.status_code == 400 and 'id="errors"' in refused.content.decode()
    client.force_login(owner)
    assert client.get(url).status_code in (302, 403)
    assert DossierFee.objects.filter(dossier=d).count() == 1
