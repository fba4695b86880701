"""Charts drawn on the server as SVG: every bar carries its value in text, and series differ by pattern
(solid, hatched, outline), so a chart reads in black and white and without JavaScript."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

FILLS = ("#333", "url(#hatch)", "#fff")
DEFS = (
    '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#333" stroke-width="3"/></pattern></defs>'
)


def bars(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[Decimal | None]]],
    *,
    maximum: float | None = None,
) -> SafeString:
    """Horizontal bars: one group per label, one bar per series (at most three), each value written."""
    series = series[:3]
    values = [float(v) for _, vs in series for v in vs if v is not None]
    top = maximum or max([*values, 1.0])
    label_w, bar_w, bar_h = 260, 300, 14
    group_h = bar_h * len(series) + 10
    legend_h = 20 if len(series) > 1 else 0
    height = 30 + legend_h + group_h * len(labels)
    parts: list[SafeString] = []
    if len(series) > 1:
        parts.append(
            format_html_join(
                "",
                '<rect x="{}" y="26" width="12" height="12" fill="{}" stroke="#333"/>'
                '<text x="{}" y="37">{}</text>',
                (
                    (label_w + 90 * i, FILLS[i], label_w + 90 * i + 16, name)
                    for i, (name, _) in enumerate(series)
                ),
            )
        )
    for row, label in enumerate(labels):
        y = 30 + legend_h + row * group_h
        parts.append(format_html('<text x="0" y="{}">{}</text>', y + bar_h, label[:40]))
        for i, (_, vs) in enumerate(series):
            v = vs[row]
            by = y + i * bar_h
            if v is None:
                parts.append(format_html('<text x="{}" y="{}">–</text>', label_w, by + bar_h - 3))
                continue
            w = round(bar_w * float(v) / top, 1) if top else 0
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#333"/>'
                    '<text x="{}" y="{}">{}</text>',
                    label_w,
                    by + 1,
                    w,
                    bar_h - 2,
                    FILLS[i],
                    label_w + w + 4,
                    by + bar_h - 3,
                    _number(v),
                )
            )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{}" height="{}" viewBox="0 0 {} {}" '
        'class="chart" font-size="12" '
        'font-family="sans-serif"><title>{}</title>{}<text x="0" y="14" font-weight="bold">{}</text>{}</svg>',
        label_w + bar_w + 60,
        height,
        label_w + bar_w + 60,
        height,
        title,
        mark_safe(DEFS),
        title,
        SafeString("".join(parts)),
    )


def _number(v: Decimal | float) -> str:
    text = f"{float(v):,.1f}".replace(",", " ").replace(".", ",")
    return text[:-2] if text.endswith(",0") else text
