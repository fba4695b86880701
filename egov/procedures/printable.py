"""A printable blank of the online form (PDF) for applicants who file on paper.

The layout (printable.typ) follows the usual shape of a declaration (tờ khai): the national motto, the
title, then each field as a dotted line, choices as boxes, repeated groups as tables. It is generated from
the published form version, so paper and online ask for exactly the same things. The labels go to the
template as data through egov.core.pdf, never spliced into Typst markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from egov.core import pdf
from egov.procedures.models import FormVersion, Procedure

TEMPLATE = Path(__file__).resolve().parent / "printable.typ"
GROUP_ROWS = 3
DRAWN_KINDS = ("choice", "address", "date", "cccd")  # the rest print as one dotted line


def _field(spec: dict[str, Any]) -> dict[str, Any]:
    kind = spec["type"]
    return {
        "kind": kind if kind in DRAWN_KINDS else "line",
        "label": str(spec["label"]),
        "required": bool(spec.get("required")),
        "choices": [str(label) for _value, label in spec.get("choices", [])],
    }


def _group(spec: dict[str, Any]) -> dict[str, Any]:
    single = int(spec.get("max", 10)) == 1
    return {
        "kind": "group",
        "label": str(spec["label"]),
        "single": single,
        "rows": max(int(spec.get("min", 0)), 1 if single else GROUP_ROWS),
        "fields": [_field(f) for f in spec.get("fields", [])],
    }


def form_data(procedure: Procedure, version: FormVersion) -> dict[str, Any]:
    """What the template prints, as plain JSON-ready values."""
    return {
        "procedure_name": procedure.name,
        "procedure_code": procedure.code,
        "version": str(version.version),
        "fields": [
            _group(spec) if spec["type"] == "group" else _field(spec)
            for spec in version.schema.get("fields", [])
        ],
    }


def blank_form_pdf(procedure: Procedure, version: FormVersion) -> bytes:
    return pdf.render(TEMPLATE, form_data(procedure, version))
