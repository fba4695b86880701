"""The server-drawn chart: valid SVG, each part a different pattern repeated in the legend (readable without
colour), the totals written beside the bars, names escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from egov.stats.chart import Part, stacked_bars

NS = "{http://www.w3.org/2000/svg}"


def test_parts_have_their_own_patterns_and_a_legend_with_totals_written():
    parts = [
        Part("early", "Trước hạn", "hatch"),
        Part("on_time", "Đúng hạn", "solid"),
        Part("late", "Quá hạn", "dots"),
    ]
    svg = stacked_bars("Hồ sơ", parts, [("Xã <An> Bình & Co", [3, 2, 1]), ("Sở Tư pháp", [0, 0, 4])])
    root = ET.fromstring(svg)  # well-formed: the name's < > & are escaped
    fills = [r.get("fill") for r in root.iter(f"{NS}rect") if (r.get("fill") or "").startswith("url(")]
    assert {"url(#p-hatch)", "url(#p-solid)", "url(#p-dots)"} <= set(fills)
    legend = [t.text for t in root.iter(f"{NS}text")]
    assert {"Trước hạn", "Đúng hạn", "Quá hạn"} <= set(legend)
    assert "6" in legend and "4" in legend  # each bar's total
    assert "Xã <An> Bình & Co" in legend
    assert len({p.get("id") for p in root.iter(f"{NS}pattern")}) == 3


def test_the_chart_scales_to_its_box_and_nothing_is_drawn_past_its_width():
    """No fixed width: the drawing scales to its box (a 288 px box on a phone, 1168 px at 1280 px); the long
    title and names wrap or are shortened within the drawing's width, and the longest bar with its total fits.
    (At 640 px fixed, a phone's box cut the bars, and the counter view's title ran past the edge.)"""
    title = "Hồ sơ tiếp nhận tại các bộ phận một cửa này đã giải quyết, theo cơ quan giải quyết"
    parts = [
        Part("early", "Trước hạn", "hatch"),
        Part("on_time", "Đúng hạn", "solid"),
        Part("late", "Quá hạn", "dots"),
    ]
    long_name = (
        "Trung tâm Phục vụ hành chính công xã An Bình thuộc Ủy ban nhân dân xã An Bình tỉnh Hòa Bình Xanh"
    )
    root = ET.fromstring(
        stacked_bars(title, parts, [(long_name, [300, 200, 1234]), ("Sở Tư pháp", [1, 0, 2])])
    )
    assert root.get("width") == "100%" and root.get("height") is None
    _x, _y, width, height = (float(n) for n in root.get("viewBox", "").split())
    assert height > 0
    texts = list(root.iter(f"{NS}text"))
    for t in texts:
        size = float(t.get("font-size", "0"))
        # Measured at 0.6 em a character, wider than the fonts the pages and the PDF use.
        assert float(t.get("x", "0")) + len(t.text or "") * size * 0.6 <= width, t.text
        assert float(t.get("y", "0")) <= height
    written = " ".join(t.text or "" for t in texts)
    assert title in written  # wrapped over lines, every word kept
    assert "Trung tâm Phục vụ hành chính công" in written and "…" in written  # the long name shortened
    bars = [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]
    assert max(float(r.get("x", "0")) + float(r.get("width", "0")) for r in bars) <= width
    assert "1734" in written  # the longest bar's total, inside the width (checked above)
