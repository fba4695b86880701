"""The API's filing names its procedure and counter by code, read by statements built once per process
(procedures.selectors.public_procedure, organizations.selectors.counter_by_code): the same answers as the
ORM's filters they replace, for every code a client may send."""

from __future__ import annotations

import pytest

from egov.citizens.selectors import email_verified, phone_verified
from egov.organizations.selectors import counter_by_code
from egov.procedures.models import Procedure, PublicationStatus
from egov.procedures.selectors import public_procedure

pytestmark = pytest.mark.django_db


def test_a_published_procedure_by_its_code(online):
    found = public_procedure(online.procedure.code)
    assert found == online.procedure and found.field == online.procedure.field
    Procedure.objects.filter(pk=online.procedure.pk).update(status=PublicationStatus.UNPUBLISHED)
    assert public_procedure(online.procedure.code) is None


@pytest.mark.parametrize(
    "code", ["", "không có", "1.001193 ", "x" * 5000, "%", "' OR 1=1 --", "\x00", "1.0\x00"]
)
def test_a_code_that_names_nothing_gives_nothing(online, code):
    assert public_procedure(code) is None
    assert counter_by_code(code) is None


def test_text_with_a_nul_is_not_even_asked(online, django_assert_num_queries):
    # PostgreSQL refuses such a parameter (a 500 before); SQLite would take it and find nothing.
    with django_assert_num_queries(0):
        assert public_procedure("1.0\x00") is None and counter_by_code("\x00") is None


def test_text_no_driver_can_encode_is_not_even_asked(online, django_assert_num_queries):
    # a lone surrogate (a JSON escape): both drivers raise UnicodeEncodeError, which no view answers
    with django_assert_num_queries(0):
        assert public_procedure("1.0\ud800") is None and counter_by_code("\udfff") is None


def test_a_counter_by_its_code_and_never_an_agency_without_one(online, cast):
    assert counter_by_code(online.counter.code) == online.counter
    assert cast.province.justice_office.has_counter is False
    assert counter_by_code(cast.province.justice_office.code) is None


def test_verified_contacts_read_from_the_profile(citizen, django_assert_num_queries):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=citizen.pk)
    with django_assert_num_queries(1):
        assert email_verified(user) and phone_verified(user) is bool(user.phone)
    user.citizen.email_verified_at = None
    assert not email_verified(user)  # the profile kept on the account, as user.citizen keeps it
