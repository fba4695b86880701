"""Who may pay a dossier: its owner and the members of its organisation; nobody else, and a refusal
changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from egov.citizens.models import Membership, Organisation
from egov.payments.models import LedgerEntry, Payment
from tests.factories import make_citizen
from tests.payments.conftest import file_online


@pytest.fixture
def firm_dossier(cast, procedure, owner) -> Any:
    firm = Organisation.objects.create(tax_code="0101234567", name="Công ty TNHH Ánh Dương")
    Membership.objects.create(organisation=firm, user=owner)
    return file_online(cast, procedure, owner, organisation=firm)


def persona(name: str, cast: Any, owner: Any, firm_dossier: Any) -> Any:
    if name == "owner":
        return owner
    if name == "member":
        member = make_citizen("cd.member")
        Membership.objects.create(organisation=firm_dossier.organisation, user=member)
        return member
    if name == "other_citizen":
        return make_citizen("cd.other")
    if name == "member_of_another_firm":
        other = make_citizen("cd.elsewhere")
        firm = Organisation.objects.create(tax_code="0109999999", name="Công ty khác")
        Membership.objects.create(organisation=firm, user=other)
        return other
    if name == "desk_officer":
        return cast.desk_officer.user
    return None


# (persona, GET status, may start a payment)
MATRIX = [
    ("owner", 200, True),
    ("member", 200, True),
    ("other_citizen", 404, False),
    ("member_of_another_firm", 404, False),
    ("desk_officer", 403, False),
    ("anonymous", 302, False),
]


@pytest.mark.parametrize(("name", "status", "allowed"), MATRIX)
def test_pay_page_access_matrix(client, cast, owner, firm_dossier, name, status, allowed) -> None:
    user = persona(name, cast, owner, firm_dossier)
    if user is not None:
        client.force_login(user)
    url = f"/thanh-toan/ho-so/{firm_dossier.pk}/"
    assert client.get(url).status_code == status
    response = client.post(url, {"gateway": "sandbox"})
    if allowed:
        assert response.status_code == 302 and Payment.objects.count() == 1
    else:
        assert response.status_code == status
        assert Payment.objects.count() == 0 and LedgerEntry.objects.count() == 0


def test_a_member_who_is_not_the_owner_may_not_pay_a_personal_dossier(client, dossier) -> None:
    stranger = make_citizen("cd.stranger")
    client.force_login(stranger)
    assert client.post(f"/thanh-toan/ho-so/{dossier.pk}/", {"gateway": "sandbox"}).status_code == 404
    assert Payment.objects.count() == 0


def test_bad_input_gets_a_clear_error_and_changes_nothing(client, dossier, owner) -> None:
    client.force_login(owner)
    response = client.post(f"/thanh-toan/ho-so/{dossier.pk}/", {"gateway": "<script>"})
    assert response.status_code == 400 and 'id="pay-errors"' in response.content.decode()
    assert Payment.objects.count() == 0
    dossier.fees.update(paid_at=dossier.submitted_at)
    response = client.post(f"/thanh-toan/ho-so/{dossier.pk}/", {"gateway": "sandbox"})
    assert response.status_code == 400 and Payment.objects.count() == 0


def test_another_citizen_cannot_read_a_payment_result_or_confirmation(client, dossier, owner) -> None:
    client.force_login(owner)
    client.post(client.post(f"/thanh-toan/ho-so/{dossier.pk}/", {"gateway": "sandbox"}).url, {"pay": "1"})
    payment = Payment.objects.get()
    client.force_login(make_citizen("cd.curious"))
    assert client.get(f"/thanh-toan/bien-nhan/{payment.reference}/").status_code == 404


def test_a_free_fee_is_never_asked_for(client, cast, procedure, owner) -> None:
    from decimal import Decimal

    free = file_online(cast, procedure, owner, fees=[("Lệ phí đăng ký khai sinh đúng hạn", Decimal(0))])
    client.force_login(owner)
    assert 'id="nothing-to-pay"' in client.get(f"/thanh-toan/ho-so/{free.pk}/").content.decode()
    assert client.post(f"/thanh-toan/ho-so/{free.pk}/", {"gateway": "sandbox"}).status_code == 400
    assert Payment.objects.count() == 0
