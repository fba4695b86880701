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


#: Estimated advance of one character, in em: a little wider than Noto Sans's or DejaVu's average for
#: Vietnamese (diacritics do not widen a letter), so a line measured with it never overflows.
CHAR_EM = 0.6
TITLE_SIZE, TEXT_SIZE = 16, 14


def text_width(text: str, size: float, bold: bool = False) -> float:
    return len(text) * size * (CHAR_EM + (0.05 if bold else 0))


def wrap(text: str, width: float, size: float, bold: bool = False, lines: int = 0) -> list[str]:
    """`text` in lines no wider than `width` at `size` (cut between words; a word too long for a line cut
    with "…"); at most `lines` lines when given, the last ending with "…" if the text goes on."""
    most = max(1, int(width // (size * (CHAR_EM + (0.05 if bold else 0)))))
    out: list[str] = []
    for word in text.split():
        if len(word) > most:
            word = word[: most - 1] + "…"
        if out and len(out[-1]) + 1 + len(word) <= most:
            out[-1] += " " + word
        else:
            out.append(word)
    if lines and len(out) > lines:
        last = out[lines - 1]
        out = [*out[: lines - 1], (last if len(last) < most else last[: most - 1]) + "…"]
    return out or [""]


def stacked_bars(title: str, parts: list[Part], rows: list[tuple[str, list[int]]], width: int = 400) -> str:
    """Horizontal stacked bars, one per row (label, one value per part), with the total at each bar's end.

    The drawing is `width` units wide and scales to its box (viewBox, width 100%, the height following from
    the proportions): a phone's narrow box shrinks it, nothing is cut. So that it stays readable that small,
    each row's name is written above its bar rather than beside it, and the title, the names and the legend
    wrap to the width instead of running past it."""
    bar_h, gap, line = 18, 10, TEXT_SIZE + 4
    totals = [str(sum(values)) for _label, values in rows]
    total_w = max((text_width(t, TEXT_SIZE) for t in totals), default=0) + 6
    biggest = max((sum(values) for _label, values in rows), default=0) or 1
    scale = (width - total_w) / biggest
    body: list[str] = []
    y = 0.0
    for line_text in wrap(title, width, TITLE_SIZE, bold=True):
        body.append(
            f'<text x="0" y="{y + TITLE_SIZE:.0f}" font-size="{TITLE_SIZE}" font-weight="bold">'
            f"{escape(line_text)}</text>"
        )
        y += TITLE_SIZE + 4
    y += 8
    for (label, values), total in zip(rows, totals, strict=True):
        for line_text in wrap(label, width, TEXT_SIZE, lines=2):
            body.append(
                f'<text x="0" y="{y + TEXT_SIZE - 2:.0f}" font-size="{TEXT_SIZE}">{escape(line_text)}</text>'
            )
            y += line
        x = 0.0
        for part, value in zip(parts, values, strict=True):
            w = value * scale
            if w > 0:
                body.append(
                    f'<rect x="{x:.1f}" y="{y:.0f}" width="{w:.1f}" height="{bar_h}" '
                    f'fill="url(#p-{part.pattern})" '
                    f'stroke="#000" stroke-width="0.6"><title>{escape(part.label)}: {value}</title></rect>'
                )
            x += w
        body.append(f'<text x="{x + 4:.1f}" y="{y + 14:.0f}" font-size="{TEXT_SIZE}">{total}</text>')
        y += bar_h + gap
    # The legend: one sample and its name per part, onto the next line when the width is used up.
    x = 0.0
    y += 2
    for part in parts:
        item_w = 20 + text_width(part.label, TEXT_SIZE)
        if x > 0 and x + item_w > width:
            x, y = 0.0, y + line + 4
        body.append(
            f'<rect x="{x:.0f}" y="{y:.0f}" width="14" height="14" fill="url(#p-{part.pattern})" '
            f'stroke="#000" stroke-width="0.6"/>'
            f'<text x="{x + 20:.0f}" y="{y + 12:.0f}" font-size="{TEXT_SIZE}">{escape(part.label)}</text>'
        )
        x += item_w + 16
    height = int(y + line + 4)
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="chart-title" '
        f'class="chart">',
        f'<title id="chart-title">{escape(title)}</title>',
        "<defs>" + "".join(PATTERNS[p.pattern] for p in parts) + "</defs>",
    ]
    return "".join([*head, *body, "</svg>"])
