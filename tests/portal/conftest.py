"""The citizen's own space: the dossier fixtures of tests/dossiers, and the citizens around a dossier.

`people` holds the owner of the dossiers (a citizen whose ID number an e-identity provider proved), a member
of the organisation some dossiers are filed for, another citizen, and the cast's staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from egov.citizens.models import Membership, Organisation
from egov.dossiers import intake
from egov.dossiers.models import Dossier
from tests.dossiers.conftest import APPLICANT, MONDAY, _media, flows  # noqa: F401  (fixtures)
from tests.factories import make_citizen

OWNER_ID = APPLICANT.id_number  # the counter dossiers of tests/dossiers are filed in this number


@dataclass
class People:
    owner: Any
    member: Any
    stranger: Any
    organisation: Organisation


@pytest.fixture
def people(db) -> People:
    owner = make_citizen("an.nguyen", full_name=APPLICANT.name, id_number=OWNER_ID)
    owner.citizen.identity_provider = "VNeID"
    owner.citizen.save()
    member = make_citizen("binh.tran", full_name="Trần Văn Bình", id_number="001090054321")
    stranger = make_citizen("chi.le", full_name="Lê Thị Chi", id_number="001090067890")
    organisation = Organisation.objects.create(tax_code="0101234567", name="Công ty TNHH An Bình")
    Membership.objects.create(organisation=organisation, user=owner, is_admin=True)
    Membership.objects.create(organisation=organisation, user=member)
    return People(owner, member, stranger, organisation)


def file_online(cast: Any, procedure: Any, owner: Any, now: dt.datetime = MONDAY, **kw: Any) -> Dossier:
    """An online submission by `owner` (or for an organisation: `organisation=`) at commune A."""
    return intake.submit_online(
        actor=owner,
        owner=owner,
        procedure=procedure,
        agency=cast.province.commune_a,
        applicant=kw.pop("applicant", APPLICANT),
        now=now,
        **kw,
    )
