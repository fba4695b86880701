"""The online form cut into pages, over the 45 demo procedures' real forms: every field on exactly one page,
in the form's order, each page rendered by the catalogue's form engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from egov.filing.journey import form_pages
from egov.procedures.formschema import iter_fields
from egov.procedures.onlineform import SchemaForm

CATALOGUE = Path(__file__).resolve().parents[2] / "egov" / "procedures" / "data" / "demo_catalogue.json"


def _schemas() -> list[tuple[str, dict]]:
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    return [(p["code"], p["form"]) for p in data["procedures"] if p.get("form")]


@pytest.mark.django_db  # an address field reads the deployment's own province from the agency tree
def test_every_demo_form_is_cut_into_pages_that_keep_each_field_once_in_order():
    schemas = _schemas()
    assert len(schemas) == 49
    for code, form in schemas:
        schema = form.get("schema", form)
        pages = form_pages(schema)
        flat = [spec["name"] for page in pages for spec in page]
        assert flat == [spec["name"] for spec in schema["fields"]], code
        for page in pages:
            groups = [spec for spec in page if spec["type"] == "group"]
            assert not groups or len(page) == 1, code  # a repeated group is a page of its own
            html = SchemaForm({"fields": page}).render()
            for spec in iter_fields({"fields": page}):
                if spec["type"] != "group":
                    assert f'name="{spec["name"]}' in html or f"-{spec['name']}" in html, (code, spec["name"])
