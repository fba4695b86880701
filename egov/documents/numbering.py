"""Numbers and symbols (Decree 30/2020/NĐ-CP art. 15, art. 22.2; Appendix I, Part I, II.3).

A number is the next of its register's series in the year of the numbering moment: the first document
registered on or after 1 January gets 01 (the register of the new year starts at 0). The register row is
created once (a racing creator's IntegrityError is harmless) and incremented by one UPDATE, which holds the
row's lock until the caller's transaction ends: two documents never read the same number, and a document
whose transaction rolls back gives its number back, so the series has no gap
(tests/documents/test_numbering_race.py runs threads against SQLite and PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from egov.core.text import fold
from egov.documents.models import Confidentiality, Direction, Document, Register
from egov.documents.rules import RuleSet, rules_for
from egov.organizations.models import Agency


def series_for(direction: str, confidentiality: str, rules: RuleSet) -> str:
    """Secret documents have a series of their own (art. 15.2; incoming: art. 22.4, egov's reading)."""
    secret = confidentiality != Confidentiality.NORMAL
    own = rules.secret_own_series if direction == Direction.OUTGOING else rules.incoming_secret_own_series
    return "secret" if secret and own else "main"


def take_number(agency: Agency, direction: str, series: str, moment: dt.datetime) -> tuple[Register, int]:
    """The register and the next number of its series. Call inside the transaction that records the
    document: the row stays locked until it ends."""
    year = timezone.localdate(moment).year
    key: dict[str, Any] = {"agency": agency, "year": year, "direction": direction, "series": series}
    try:
        with transaction.atomic():
            Register.objects.get_or_create(**key)
    except IntegrityError:  # another document created the register first
        pass
    Register.objects.filter(**key).update(last=F("last") + 1)
    register = Register.objects.get(**key)
    return register, register.last


#: Names whose abbreviation is their kind's, whatever place follows (Decree 30/2020, Appendix III's forms:
#: "UBND" for the People's Committee of a province or a commune, "HĐND" for a People's Council).
_KIND_WORDS = (("ủy ban nhân dân", "UBND"), ("uỷ ban nhân dân", "UBND"), ("hội đồng nhân dân", "HĐND"))


def abbreviation(agency: Agency) -> str:
    """The agency's abbreviation in symbols ("UBND", "STP"): its short name when that is one word, the
    first word of its name when that is in capitals ("UBND xã An Bình"), its kind's for a People's
    Committee or Council written out ("Ủy ban nhân dân xã Minh Hòa": "UBND"), else the initials of its name
    without their tone marks ("Sở Tư pháp": "STP"; Đ keeps its bar, as in "HĐND")."""
    short = (agency.short_name or "").strip()
    if short and " " not in short:
        return short.upper()
    words = agency.name.split()
    if words and words[0].isupper() and len(words[0]) > 1:
        return words[0]
    named = unicodedata.normalize("NFC", agency.name).lower()
    for words_of_kind, kind in _KIND_WORDS:
        if named.startswith(words_of_kind):
            return kind
    return "".join(_bare(w[0]) for w in words if w[:1].isalpha()).upper()


def _bare(letter: str) -> str:
    """The letter without its marks ("Ủ" → "U", "Ơ" → "O"), but Đ, a letter of its own."""
    if letter in "đĐ":
        return letter
    return unicodedata.normalize("NFD", letter)[0]


def symbol(doc: Document, rules: RuleSet) -> str:
    """ "QĐ-UBND" for a typed document; a letter (công văn): the agency's and the drafting unit's
    abbreviations, "UBND-VP" (Appendix III, form 1.5)."""
    issuer = abbreviation(doc.agency)
    if doc.doc_type == rules.letter:
        unit = doc.drafting_unit
        part = abbreviation(unit) if unit is not None and unit.pk != doc.agency_id else "VP"
        return f"{issuer}-{part}"
    return f"{doc.doc_type}-{issuer}"


def number_symbol(number: int, sym: str, rules: RuleSet) -> str:
    """ "05/QĐ-UBND": a number under 10 with its leading zero (Appendix I, Part I, II.3.c)."""
    return f"{number:0{rules.min_digits}d}/{sym}"


def lookup_key(value: str) -> str:
    """The number and symbol folded for look-ups: "1565/QĐ-UBND", "1565/QD-UBND" and "1565 qd ubnd" give
    the same key."""
    return " ".join(fold(value).replace("/", " ").replace("-", " ").split())


def number_outgoing(doc: Document, moment: dt.datetime) -> None:
    """Give a signed outgoing document its number, symbol and register entry (art. 15.3: by the system)."""
    rules = rules_for(timezone.localdate(moment))
    series = series_for(Direction.OUTGOING, doc.confidentiality, rules)
    register, number = take_number(doc.agency, Direction.OUTGOING, series, moment)
    doc.register, doc.register_number, doc.year = register, number, register.year
    doc.number_symbol = number_symbol(number, symbol(doc, rules), rules)
    doc.number_symbol_key = lookup_key(doc.number_symbol)
    doc.issued_on = timezone.localdate(moment)
    doc.registered_at = moment


def number_incoming(doc: Document, moment: dt.datetime) -> None:
    """Give an incoming document its arrival number (số đến, art. 22.2)."""
    rules = rules_for(timezone.localdate(moment))
    series = series_for(Direction.INCOMING, doc.confidentiality, rules)
    register, number = take_number(doc.agency, Direction.INCOMING, series, moment)
    doc.register, doc.register_number, doc.year = register, number, register.year
    doc.registered_at = moment
