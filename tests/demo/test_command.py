"""manage.py demo on an empty database: refusals, the bulk switches and the personas the docs list
(the province it builds: test_province.py)."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from egov.demo.province import DEFAULT_SEED, PERSONAS
from egov.organizations.demo import persona_rows
from egov.organizations.models import Agency, AgencyKind, RoleGrant, Staff
from tests.factories import make_agency

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "demo.md"


def run(*args):
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return (
        Agency.objects.count(),
        Staff.objects.count(),
        RoleGrant.objects.count(),
        get_user_model().objects.count(),
    )


def test_refuses_a_database_with_real_agencies():
    make_agency("UBND tỉnh Thật", AgencyKind.PROVINCE, code="000.00.00.H26")
    for args in ((), ("--reset",)):
        with pytest.raises(CommandError, match="không phải tỉnh demo"):
            run(*args)
    assert Agency.objects.count() == 1 and not Staff.objects.exists()


def test_a_kind_without_a_bulk_builder_fails_clearly_and_writes_nothing():
    with pytest.raises(CommandError) as error:
        run("--bulk", "documents=1000000")
    assert "documents" in str(error.value)
    assert "Chưa có bộ tạo dữ liệu demo nào tạo hàng loạt được" in str(error.value)
    assert counts() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    "args", [("--bulk", "dossiers"), ("--bulk", "=5"), ("--dossiers", "-3"), ("--dossiers", "x")]
)
def test_malformed_bulk_requests_are_refused(args):
    with pytest.raises(CommandError):
        run(*args)
    assert counts() == (0, 0, 0, 0)


def test_docs_list_the_same_personas():
    text = DOCS.read_text(encoding="utf-8")
    lines = text.splitlines()
    rows = persona_rows(DEFAULT_SEED)
    assert len(rows) == len(PERSONAS) > 0
    for _role, username, password, agency in rows:
        assert any(
            f"`{username}`" in line and f"`{password}`" in line and agency in line for line in lines
        ), username
