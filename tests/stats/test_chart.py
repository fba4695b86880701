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
