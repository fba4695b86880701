"""The look-up's counters now live in egov.core.ratelimit (any channel and the logins use them too);
these names stay so that code written against this module keeps working."""

from egov.core.ratelimit import Verdict, client_ip, hit, peek

__all__ = ["Verdict", "client_ip", "hit", "peek"]
