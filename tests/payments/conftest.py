"""Payment fixtures: an online dossier of the test province owed two fees, its owner and an organisation.

Gateways on for these tests: VNPAY (with the tests' own terminal code and secret) and the sandbox.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from egov.dossiers import intake
from egov.dossiers.models import Dossier
from egov.organizations.models import Role
from egov.payments.gateways import signing
from egov.procedures.models import Field, Procedure, StepKind
from tests.dossiers.conftest import APPLICANT, MONDAY, make_procedure
from tests.factories import make_citizen

TMN_CODE = "EGOVTEST"
SECRET = "TESTSECRETKEYFORVNPAYHMACSHA5120"
FEES = [("Lệ phí cấp bản sao", Decimal("50000")), ("Phí thẩm định", Decimal("20000"))]
TOTAL = Decimal("70000")


@pytest.fixture(autouse=True)
def _gateways(settings, tmp_path):
    settings.EGOV_PAYMENT_GATEWAYS = ["vnpay", "sandbox"]
    settings.EGOV_VNPAY_TMN_CODE = TMN_CODE
    settings.EGOV_VNPAY_HASH_SECRET = SECRET
    settings.EGOV_VNPAY_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
    settings.EGOV_PUBLIC_URL = "https://dichvucong.example.vn"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def procedure(cast: Any) -> Procedure:
    field = Field.objects.create(code="HT", name="Hộ tịch", name_folded="ho tich")
    return make_procedure(
        "2.000635",
        "Cấp bản sao trích lục hộ tịch",
        "5",
        [
            (StepKind.RECEIVE, Role.DESK_OFFICER, None, "4"),
            (StepKind.PROCESS, Role.SPECIALIST, cast.province.justice_office, "24"),
            (StepKind.APPROVE, Role.LEADER, cast.province.justice, "8"),
            (StepKind.RETURN, Role.DESK_OFFICER, None, "0"),
        ],
        field,
    )


@pytest.fixture
def owner(db: Any) -> Any:
    return make_citizen("cd.owner", full_name="Nguyễn Văn An")


def file_online(cast: Any, procedure: Procedure, owner: Any, **kw: Any) -> Dossier:
    return intake.submit_online(
        procedure=procedure,
        agency=cast.province.commune_a,
        applicant=APPLICANT,
        owner=owner,
        fees=kw.pop("fees", FEES),
        now=MONDAY,
        **kw,
    )


@pytest.fixture
def dossier(cast: Any, procedure: Procedure, owner: Any) -> Dossier:
    return file_online(cast, procedure, owner)


def query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def vnpay_callback(reference: str, amount: Decimal, *, code: str = "00", txn: str = "14422574", **extra: str):
    """An IPN query as VNPAY sends it (the fields of its integration guide), signed with the tests' secret."""
    params = {
        "vnp_Amount": str(int(amount * 100)),
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": "VNP14422574" if code == "00" else "",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": "Thanh toan phi ho so",
        "vnp_PayDate": "20261116091500",
        "vnp_ResponseCode": code,
        "vnp_TmnCode": TMN_CODE,
        "vnp_TransactionNo": txn if code == "00" else "0",
        "vnp_TransactionStatus": code if code == "00" else "02",
        "vnp_TxnRef": reference,
        **extra,
    }
    return {**params, "vnp_SecureHash": signing.sign(params, SECRET)}


def at(hour: int, minute: int = 0) -> dt.datetime:
    return MONDAY.replace(hour=hour, minute=minute)
