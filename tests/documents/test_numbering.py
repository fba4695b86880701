"""Numbering (Decree 30/2020/NĐ-CP art. 15, art. 22.2; Appendix I, Part I, II.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from egov.documents import numbering, services
from egov.documents.models import Direction, Register
from tests.documents.conftest import MONDAY, received

NEW_YEARS_EVE = timezone.make_aware(dt.datetime(2026, 12, 31, 16, 0))
NEW_YEAR = timezone.make_aware(dt.datetime(2027, 1, 1, 0, 5))


def test_numbering_starts_again_from_01_on_1_january_decree_30_art_15_1(office):
    first = [
        services.register(received(office), actor=office.clerk.user, now=NEW_YEARS_EVE) for _ in range(2)
    ]
    after = services.register(received(office), actor=office.clerk.user, now=NEW_YEAR)
    assert [d.register_number for d in first] == [1, 2]
    assert (after.register_number, after.year) == (1, 2027)


def test_secret_documents_have_their_own_series_decree_30_art_15_2(office):
    plain = services.register(received(office), actor=office.clerk.user, now=MONDAY)
    secret = services.register(
        received(office, confidentiality="secret"), actor=office.clerk.user, now=MONDAY
    )
    assert (plain.register_number, secret.register_number) == (1, 1)
    assert {plain.register.series, secret.register.series} == {"main", "secret"}


def test_a_rolled_back_numbering_leaves_no_gap_decree_30_art_15_1(office):
    with pytest.raises(RuntimeError), transaction.atomic():
        numbering.take_number(office.commune, Direction.OUTGOING, "main", MONDAY)
        raise RuntimeError("the signature failed")
    _, number = numbering.take_number(office.commune, Direction.OUTGOING, "main", MONDAY)
    assert number == 1


def test_numbers_under_10_get_a_leading_zero_appendix_i_ii_3_c():
    from egov.documents.rules import rules_for

    rules = rules_for(MONDAY.date())
    assert numbering.number_symbol(5, "QĐ-UBND", rules) == "05/QĐ-UBND"
    assert numbering.number_symbol(1565, "QĐ-UBND", rules) == "1565/QĐ-UBND"


def test_a_number_typed_either_way_finds_the_same_key():
    keys = {numbering.lookup_key(v) for v in ("1565/QĐ-UBND", "1565/QD-UBND", "1565 qd ubnd")}
    assert len(keys) == 1


def test_registers_are_per_agency(office):
    services.register(received(office), actor=office.clerk.user, now=MONDAY)
    assert Register.objects.get().agency == office.commune


@pytest.mark.parametrize(
    ("name", "short", "expected"),
    [
        ("Ủy ban nhân dân xã Minh Hòa", "", "UBND"),  # "ỦBNDXMH" before (a newcomer's walk)
        ("Uỷ ban nhân dân tỉnh Hòa Bình Xanh", "", "UBND"),
        ("Hội đồng nhân dân xã An Bình", "", "HĐND"),
        ("Sở Tư pháp", "", "STP"),
        ("Ủy ban Mặt trận", "", "UBMT"),
        ("Phòng Văn hóa - Xã hội", "", "PVHXH"),
        ("Sở Nội vụ", "SNV", "SNV"),
        ("UBND xã An Bình", "", "UBND"),
        ("Đài Phát thanh", "", "ĐPT"),
    ],
)
def test_an_agency_s_abbreviation_has_no_tone_marks_and_a_committee_is_ubnd(name, short, expected):
    from egov.documents.numbering import abbreviation
    from egov.organizations.models import Agency

    assert abbreviation(Agency(name=name, short_name=short)) == expected
