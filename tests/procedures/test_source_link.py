"""The procedure's source: a link in it is http or https, everywhere it can come from or be shown."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from egov.procedures.catalogue_io import export, importer
from egov.procedures.links import source_link
from egov.procedures.models import Procedure
from egov.procedures.services import catalogue as services
from egov.procedures.services.catalogue import ProcedureData
from tests.conftest import Cast
from tests.factories import SYSTEM
from tests.procedures.conftest import Catalogue
from tests.procedures.test_permissions import state

pytestmark = pytest.mark.django_db

SAFE = "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193"
UNSAFE = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1) (mã 1.001193)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "ftp://example.com/thu-tuc",
    "https://",
]
VIETNAMESE = "Nguồn chỉ được bắt đầu bằng địa chỉ web http:// hoặc https://."


@pytest.mark.parametrize("value", UNSAFE)
def test_the_service_refuses_other_schemes_in_vietnamese(catalogue: Catalogue, value: str) -> None:
    before = state()
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.update_procedure(
            SYSTEM, catalogue.birth, replace(ProcedureData.of(catalogue.birth), source=value)
        )
    assert error.value.message_dict["source"] == [VIETNAMESE]
    assert state() == before


@pytest.mark.parametrize(
    "value", [SAFE, f"{SAFE} (mã 1.001193); CSDLQG TTHC", "http://tuphap.gov.vn", "CSDLQG TTHC", ""]
)
def test_http_links_and_plain_text_are_kept(catalogue: Catalogue, value: str) -> None:
    services.update_procedure(
        SYSTEM, catalogue.birth, replace(ProcedureData.of(catalogue.birth), source=value)
    )
    assert Procedure.objects.get(pk=catalogue.birth.pk).source == value


def test_the_form_refuses_it(catalogue: Catalogue, cast: Cast, login: Any) -> None:
    client = login(cast.province_admin)
    before = state()
    with translation.override("vi"):
        response = client.post(
            reverse("procedures:admin_edit", args=[catalogue.birth.pk]),
            {**_form_data(catalogue), "source": "javascript:alert(1)"},
        )
    assert response.status_code == 200 and VIETNAMESE in response.content.decode()
    assert state() == before


def _form_data(catalogue: Catalogue) -> dict[str, Any]:
    birth = catalogue.birth
    return {
        "code": birth.code, "name": birth.name, "field": birth.field_id, "levels": birth.levels,
        "agencies": [a.pk for a in birth.agencies.all()], "processing_time": "1", "time_unit": "days",
        "applicant_types": birth.applicant_types, "channels": birth.channels,
        "service_level": birth.service_level, "legal_basis": birth.legal_basis, "result": birth.result,
    }  # fmt: skip


def test_the_import_refuses_it_and_names_where(catalogue: Catalogue) -> None:
    data = export.export_catalogue()
    data["procedures"][0]["source"] = "data:text/html,<script>alert(1)</script>"
    before = state()
    with translation.override("vi"):
        result = importer.import_catalogue(SYSTEM, data)
    assert [str(e) for e in result.errors] == [f"Thủ tục thứ 1 (1.001193), source: {VIETNAMESE}"]
    assert state() == before


def test_the_public_page_links_only_a_safe_value(catalogue: Catalogue, client: Any) -> None:
    url = reverse("procedures:detail", args=[catalogue.birth.code])
    Procedure.objects.filter(pk=catalogue.birth.pk).update(source=f"{SAFE} (mã 1.001193)")
    html = client.get(url).content.decode()
    assert f'<a href="{SAFE}" rel="noopener noreferrer">' in html and "(mã 1.001193)" in html
    for value in UNSAFE:
        # Stored by another path than the services (an old database, a manual fix): never a link.
        Procedure.objects.filter(pk=catalogue.birth.pk).update(source=value)
        html = client.get(url).content.decode()
        links = re.findall(r'href="([^"]*)"', html)
        assert links and all(link.startswith(("/", "#", "http://", "https://", "?")) for link in links), value
        assert "vbscript:msgbox(1)" not in links and SAFE not in links


@pytest.mark.parametrize("value", UNSAFE)
def test_source_link_gives_nothing_for_unsafe_values(value: str) -> None:
    assert source_link(value) is None
