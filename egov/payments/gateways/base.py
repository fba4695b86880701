"""The contract every payment gateway keeps, and what passes through it.

    url = gateway.start(order)                 # where to send the citizen to pay
    result = gateway.verify_return(params)     # the citizen's browser came back: what the gateway says
    result = gateway.parse_callback(params)    # the gateway's server-to-server notice (IPN)
    response = gateway.acknowledge(outcome)    # the answer the gateway expects to that notice

`verify_return` and `parse_callback` check the gateway's signature first and raise InvalidSignature when it is
wrong, Malformed when a field cannot be read. Only a callback credits money (egov.payments.services); the
return page only shows what is stored, because a browser can be closed before it comes back.
"""

from __future__ import annotations

import datetime as dt
import enum
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils.functional import Promise


class InvalidSignature(Exception):
    """The message is not signed with the gateway's key: forged or damaged."""


class Malformed(Exception):
    """A field of the message is missing or cannot be read."""


@dataclass(frozen=True)
class Order:
    """What the gateway is asked to collect."""

    reference: str
    amount: Decimal
    #: Plain ASCII: several gateways refuse diacritics in the description.
    description: str
    created_at: dt.datetime
    expires_at: dt.datetime
    return_url: str
    client_ip: str


@dataclass(frozen=True)
class Result:
    """What the gateway says about one transaction."""

    reference: str
    amount: Decimal
    paid: bool
    #: The gateway's own transaction number ("" when it has none, e.g. a cancelled attempt).
    transaction_id: str
    #: The gateway's response code and its meaning, kept for the officers.
    code: str
    payload: dict[str, str] = field(default_factory=dict)


class Outcome(enum.Enum):
    """What receiving a callback did; each gateway answers it in its own words."""

    CONFIRMED = "confirmed"  # credited now
    FAILURE_RECORDED = "failure_recorded"  # the gateway said not paid; the attempt is closed
    ALREADY_DONE = "already_done"  # credited (or closed) before: a replay
    UNKNOWN_REFERENCE = "unknown_reference"
    WRONG_AMOUNT = "wrong_amount"
    BAD_SIGNATURE = "bad_signature"
    ERROR = "error"


class Gateway(ABC):
    #: The name in EGOV_PAYMENT_GATEWAYS and in the callback URLs.
    name: str
    label: str | Promise
    #: Whether the return address must be absolute (a bank elsewhere) or may be a path (the sandbox).
    absolute_return: bool = True

    @abstractmethod
    def start(self, order: Order) -> str:
        """The address to send the citizen's browser to."""

    @abstractmethod
    def verify_return(self, params: Mapping[str, str]) -> Result:
        """Read the parameters the citizen's browser brings back; raise InvalidSignature or Malformed."""

    @abstractmethod
    def parse_callback(self, params: Mapping[str, str]) -> Result:
        """Read the gateway's server-to-server notice; raise InvalidSignature or Malformed."""

    @abstractmethod
    def acknowledge(self, outcome: Outcome) -> HttpResponse:
        """The answer the gateway expects to its notice."""
