"""A printable blank of the online form (PDF, rendered with typst) for applicants who file on paper.

The layout follows the usual shape of a declaration (tờ khai): the national motto, the title, then each
field as a dotted line, choices as boxes, repeated groups as tables. It is generated from the published
form version, so paper and online ask for exactly the same things.
"""

from __future__ import annotations

from typing import Any

import typst

from egov.procedures.models import FormVersion, Procedure

GROUP_ROWS = 3


def _s(text: Any) -> str:
    """Text as a typst string literal: nothing in it is read as markup."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'#"{escaped}"'


def _line(label: str, required: bool) -> str:
    mark = " (*)" if required else ""
    return f"{_s(label + mark)}: #box(width: 1fr, repeat[.])\n\n"


def _field(spec: dict[str, Any]) -> str:
    label, required, kind = spec["label"], bool(spec.get("required")), spec["type"]
    if kind == "choice":
        boxes = "#h(1em)".join(f"☐ {_s(choice_label)}" for _value, choice_label in spec.get("choices", []))
        return f"{_s(label)}: {boxes}\n\n"
    if kind == "address":
        return (
            _line(label + " — số nhà, đường, thôn, tổ dân phố", required)
            + _line("Xã, phường, đặc khu", required)
            + _line("Tỉnh, thành phố", required)
        )
    if kind == "date":
        return f"{_s(label + (' (*)' if required else ''))}: ngày #box(width: 3em, repeat[.]) tháng #box(width: 3em, repeat[.]) năm #box(width: 5em, repeat[.])\n\n"  # noqa: E501
    if kind == "cccd":
        cells = "".join("#box(width: 1.2em, height: 1.4em, stroke: 0.5pt)" for _ in range(12))
        return f"{_s(label + (' (*)' if required else ''))}: {cells}\n\n"
    return _line(label, required)


def _group(spec: dict[str, Any]) -> str:
    inner = spec.get("fields", [])
    rows = max(int(spec.get("min", 0)), 1 if int(spec.get("max", 10)) == 1 else GROUP_ROWS)
    if int(spec.get("max", 10)) == 1:
        return f"*{_s(spec['label'])}*\n\n" + "".join(_field(f) for f in inner)
    header = "[*STT*], " + ", ".join(f"[*{_s(f['label'])}*]" for f in inner)
    body = ", ".join(f"[{n}], " + ", ".join("[]" for _ in inner) for n in range(1, rows + 1))
    return (
        f"*{_s(spec['label'])}*\n\n"
        f"#table(columns: ({', '.join(['2em'] + ['1fr'] * len(inner))}), inset: 6pt, {header}, {body})\n\n"
    )


def blank_form_pdf(procedure: Procedure, version: FormVersion) -> bytes:
    parts = [
        '#set page(paper: "a4", margin: (x: 2cm, y: 1.8cm))\n',
        '#set text(lang: "vi", size: 12pt)\n',
        "#set par(leading: 0.9em)\n",
        "#align(center)[*CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM* \\ *Độc lập - Tự do - Hạnh phúc* \\ "
        "#line(length: 30%)]\n",
        f"#align(center)[#text(size: 14pt)[*TỜ KHAI*] \\ {_s(procedure.name)}]\n\n",
        f"#text(size: 9pt)[Mã thủ tục {_s(procedure.code)} · biểu mẫu phiên bản {version.version}. "
        "Mục có dấu (\\*) là bắt buộc.]\n\n",
    ]
    for spec in version.schema.get("fields", []):
        parts.append(_group(spec) if spec["type"] == "group" else _field(spec))
    parts.append(
        "#v(2em)\n#align(right)[#box(width: 45%)[#align(center)[…, ngày … tháng … năm … \\ "
        "*Người khai* \\ #text(size: 10pt)[(ký, ghi rõ họ, chữ đệm và tên)]]]]\n"
    )
    return typst.compile("".join(parts).encode("utf-8"))
