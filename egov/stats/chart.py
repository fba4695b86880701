"""Charts drawn on the server as SVG: stacked bars readable without colour (each part has its own pattern
and a legend with the same pattern, numbers written beside the bars) and without JavaScript. Every chart is
shown next to the table it draws, which is its text alternative."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Part:
    name: str
    label: str
    pattern: str  # one of PATTERNS


PATTERNS = {
    "solid": '<pattern id="p-solid" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<rect width="6" height="6" fill="#1f5f99"/></pattern>',
    "hatch": '<pattern id="p-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#2e7d32" stroke-width="3"/>'
    "</pattern>",
    "dots": '<pattern id="p-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<rect width="6" height="6" fill="#ffffff"/><circle cx="3" cy="3" r="1.6" fill="#b3261e"/></pattern>',
    "cross": '<pattern id="p-cross" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<rect width="6" height="6" fill="#ffffff"/>'
    '<path d="M0 0L6 6M6 0L0 6" stroke="#6a4c93" stroke-width="1.2"/>'
    "</pattern>",
}


def stacked_bars(title: str, parts: list[Part], rows: list[tuple[str, list[int]]], width: int = 640) -> str:
    """Horizontal stacked bars, one per row (label, one value per part), with the total at each bar's end."""
    label_w, bar_h, gap, top = 200, 18, 8, 34
    legend_h = 22
    height = top + len(rows) * (bar_h + gap) + legend_h + 8
    biggest = max((sum(values) for _label, values in rows), default=0) or 1
    scale = (width - label_w - 60) / biggest
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="chart-title" class="chart">',
        f'<title id="chart-title">{escape(title)}</title>',
        "<defs>" + "".join(PATTERNS[p.pattern] for p in parts) + "</defs>",
        f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    y = top
    for label, values in rows:
        short = label if len(label) <= 30 else label[:29] + "…"
        out.append(f'<text x="0" y="{y + 13}" font-size="12">{escape(short)}</text>')
        x = float(label_w)
        for part, value in zip(parts, values, strict=True):
            w = value * scale
            if w > 0:
                out.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                    f'fill="url(#p-{part.pattern})" '
                    f'stroke="#000" stroke-width="0.6"><title>{escape(part.label)}: {value}</title></rect>'
                )
            x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + 13}" font-size="12">{sum(values)}</text>')
        y += bar_h + gap
    x = 0
    for part in parts:
        out.append(
            f'<rect x="{x}" y="{y + 4}" width="14" height="14" fill="url(#p-{part.pattern})" stroke="#000" '
            f'stroke-width="0.6"/><text x="{x + 18}" y="{y + 15}" font-size="12">{escape(part.label)}</text>'
        )
        x += 26 + 7 * len(part.label)
    out.append("</svg>")
    return "".join(out)
