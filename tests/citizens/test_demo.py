"""The demo citizen: verified, valid CCCD, member of the demo organisation, logs in with the demo password."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from egov.citizens.demo import USERNAME, CitizensDemo, demo_citizen
from egov.citizens.permissions import may_file
from egov.citizens.selectors import organisations_of
from egov.core.validators import validate_cccd
from egov.demo.builders import DemoContext
from egov.demo.province import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _build():
    builder = CitizensDemo()
    ctx = DemoContext(seed=1, write=lambda _text: None)
    assert not builder.is_built(ctx)
    builder.build(ctx)
    assert builder.is_built(ctx)
    return builder, ctx


def test_the_demo_citizen_is_verified_and_files_for_its_organisation(client):
    _build()
    user = demo_citizen()
    validate_cccd(user.citizen.id_number)
    assert may_file(user)
    assert organisations_of(user).count() == 1
    # Logs in on the citizens' page with the persona's username or email and the shared password.
    for identifier in (USERNAME, user.email, user.phone):
        response = client.post(
            reverse("citizens:login"), {"identifier": identifier, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, identifier
        client.post(reverse("citizens:logout"))


def test_reset_removes_the_demo_citizen():
    builder, ctx = _build()
    builder.reset(ctx)
    assert demo_citizen() is None and not builder.is_built(ctx)


def test_readme_and_demo_docs_list_the_demo_citizen():
    for doc in ("README.md", "docs/demo.md"):
        assert any(
            f"`{USERNAME}`" in line for line in (ROOT / doc).read_text(encoding="utf-8").splitlines()
        ), doc
