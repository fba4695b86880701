"""VNPAY's payment gateway, version 2.1.0, as its integration guide publishes it (docs/payments.md, "VNPAY").

The payment URL carries the vnp_* parameters sorted and signed with HMAC-SHA512 (vnp_SecureHash); the amount
is in VND × 100; vnp_TxnRef is our payment reference. VNPAY calls the IPN URL server-to-server with the
result, signed the same way, and expects a JSON answer {"RspCode", "Message"}: 00 confirmed, 01 order not
found, 02 already confirmed, 04 invalid amount, 97 invalid signature, 99 unknown error. The settings are
EGOV_VNPAY_TMN_CODE, EGOV_VNPAY_HASH_SECRET and EGOV_VNPAY_URL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _

from egov.payments.gateways import signing
from egov.payments.gateways.base import Gateway, InvalidSignature, Malformed, Order, Outcome, Result

VERSION = "2.1.0"
#: VNPAY reads and writes its dates as yyyyMMddHHmmss in Vietnam's time (GMT+7).
VN_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
SIGNATURE_KEYS = ("vnp_SecureHash", "vnp_SecureHashType")
ANSWERS = {
    Outcome.CONFIRMED: ("00", "Confirm Success"),
    Outcome.FAILURE_RECORDED: ("00", "Confirm Success"),
    Outcome.UNKNOWN_REFERENCE: ("01", "Order not found"),
    Outcome.ALREADY_DONE: ("02", "Order already confirmed"),
    Outcome.WRONG_AMOUNT: ("04", "Invalid amount"),
    Outcome.BAD_SIGNATURE: ("97", "Invalid signature"),
    Outcome.ERROR: ("99", "Unknown error"),
}


def vnp_time(moment: dt.datetime) -> str:
    return moment.astimezone(VN_TIME).strftime("%Y%m%d%H%M%S")


class VnpayGateway(Gateway):
    name = "vnpay"
    label = _("VNPAY (bank card, account, VNPAY-QR)")

    def __init__(self) -> None:
        self.tmn_code = settings.EGOV_VNPAY_TMN_CODE
        self.secret = settings.EGOV_VNPAY_HASH_SECRET
        self.url = settings.EGOV_VNPAY_URL

    def start(self, order: Order) -> str:
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(int(order.amount * 100)),
            "vnp_CreateDate": vnp_time(order.created_at),
            "vnp_ExpireDate": vnp_time(order.expires_at),
            "vnp_CurrCode": "VND",
            "vnp_IpAddr": order.client_ip or "127.0.0.1",
            "vnp_Locale": "vn",
            "vnp_OrderInfo": order.description,
            "vnp_OrderType": "other",
            "vnp_ReturnUrl": order.return_url,
            "vnp_TxnRef": order.reference,
        }
        signed = signing.canonical(params)
        return f"{self.url}?{signed}&{urlencode({'vnp_SecureHash': signing.sign(params, self.secret)})}"

    def _read(self, params: Mapping[str, str]) -> Result:
        data = {k: str(v) for k, v in params.items() if k.startswith("vnp_") and k not in SIGNATURE_KEYS}
        if not signing.matches(data, str(params.get("vnp_SecureHash", "")), self.secret):
            raise InvalidSignature
        try:
            reference = data["vnp_TxnRef"]
            raw = data["vnp_Amount"]
            if not raw.isdigit():
                raise InvalidOperation
            amount = Decimal(raw) / 100
        except (KeyError, InvalidOperation):
            raise Malformed from None
        code = data.get("vnp_ResponseCode", "")
        # Paid only when both say so (VNPAY's sample IPN code checks vnp_ResponseCode and
        # vnp_TransactionStatus); a return may lack the status.
        status = data.get("vnp_TransactionStatus", code)
        return Result(
            reference=reference,
            amount=amount,
            paid=code == "00" and status == "00",
            transaction_id=data.get("vnp_TransactionNo", ""),
            code=code,
            payload=dict(params),
        )

    def verify_return(self, params: Mapping[str, str]) -> Result:
        return self._read(params)

    def parse_callback(self, params: Mapping[str, str]) -> Result:
        return self._read(params)

    def acknowledge(self, outcome: Outcome) -> HttpResponse:
        code, message = ANSWERS[outcome]
        return JsonResponse({"RspCode": code, "Message": message})
