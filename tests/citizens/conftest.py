"""Citizens for the tests of the citizens' part: verified ones, and the codes the outbox carried."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from egov.channels.models import OutboxMessage
from egov.citizens.models import Citizen
from tests.factories import make_citizen

PASSWORD = "matkhau-demo-123"
#: A valid 12-digit CCCD (province 001, a woman born in 1990).
CCCD = "001190012345"


def verified_citizen(email: str = "", phone: str = "", **fields: Any) -> Any:
    """A citizen whose email and/or phone are verified, with the tests' password."""
    user = make_citizen(email=email, phone=phone, **fields)
    now = timezone.now()
    Citizen.objects.filter(user=user).update(
        email_verified_at=now if email else None, phone_verified_at=now if phone else None
    )
    user.refresh_from_db()
    return user


def last_code(to: str) -> str:
    """The 6 digits of the latest message sent to `to` (email or SMS) through the outbox."""
    message = OutboxMessage.objects.filter(payload__to=to).order_by("-pk").first()
    assert message is not None, f"nothing was sent to {to}"
    text = message.payload.get("text") or message.payload.get("body")
    found = re.search(r"\b(\d{6})\b", text)
    assert found, text
    return found.group(1)


@pytest.fixture
def citizen(db) -> Any:
    return verified_citizen(email="lan@example.vn", full_name="Trần Thị Lan", id_number=CCCD)
