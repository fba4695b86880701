"""The one PDF pipeline: Typst templates that receive their data as inputs, never as markup.

    render(template, data, root=..., files={"qr": svg}) -> bytes

`data` (JSON-ready: strings, numbers, lists, dicts) reaches the template as `sys.inputs.data`, a JSON
text the template reads with `#let data = json(bytes(sys.inputs.data))` and inserts as values. Typst
prints a string value literally, so a name like `#eval("...")`, `]` or `*` typed by a user is printed
as typed: nothing a user supplies ever becomes Typst source. Extra named inputs (`files`, e.g. a QR
code's SVG) arrive as `sys.inputs.<name>`.

Fonts: Liberation Serif (metric-compatible with Times New Roman, which Decree 30/2020/NĐ-CP asks for),
shipped in fonts/ and the only fonts used: the system's fonts are ignored, so a PDF looks the same on
every server.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import segno
import typst

FONTS = Path(__file__).resolve().parent / "fonts"


class PdfError(RuntimeError):
    """Typst refused a template; carries Typst's own message."""


def render(
    template: Path,
    data: Mapping[str, Any],
    *,
    root: Path | None = None,
    files: Mapping[str, str] | None = None,
) -> bytes:
    """Compile `template` to PDF with `data` as `sys.inputs.data` (JSON) and `files` as further inputs.

    `root` is the folder the template may read from (its imports); default: the template's own folder.
    """
    inputs = {**(files or {}), "data": json.dumps(data, ensure_ascii=False)}
    try:
        pdf = typst.compile(
            template,
            root=root or template.parent,
            font_paths=[FONTS],
            ignore_system_fonts=True,
            sys_inputs=inputs,
            format="pdf",
        )
    except (typst.TypstError, RuntimeError) as exc:
        raise PdfError(f"{template.name}: {exc}") from exc
    assert isinstance(pdf, bytes)
    return _without_false_suspects(pdf)


#: What Typst writes in the catalogue of a tagged PDF. `/Suspects false` is valid PDF and the key's default,
#: but poppler (up to 25.x: pdfinfo, pdftoppm, Evince, Okular) reports every Suspects that is not `true` as
#: "Syntax Error: Suspects object is wrong type (boolean)". Without the key the file says the same.
_MARK_INFO = b"/MarkInfo<</Marked true/Suspects false>>"
_MARK_INFO_TRIMMED = b"/MarkInfo<</Marked true>>"


def _without_false_suspects(pdf: bytes) -> bytes:
    # Padded with spaces to the same length: the cross-reference table's byte offsets stay right.
    return pdf.replace(_MARK_INFO, _MARK_INFO_TRIMMED.ljust(len(_MARK_INFO)), 1)


def qr_svg(text: str) -> str:
    """The QR code of `text` as a standalone SVG (error correction M), for a template's `image()`."""
    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(out, kind="svg", scale=4, border=2, xmldecl=False)
    return out.getvalue().decode()
