"""Markup written in Python (egov.core.markup): escaping as the templates escape, the option of a choice
marked as Django's select marks it, and markup kept per key."""

from __future__ import annotations

from django.forms import Select
from django.utils.safestring import mark_safe

from egov.core.markup import Kept, escape, mark_selected

OPTIONS = (
    '<option value="">Tất cả</option><option value="1">Một</option>'
    '<option value="a&amp;b">A &amp; B</option><option value="1">Lại một</option>'
)


def test_escape_is_the_templates():
    assert escape("<b>\"Hồ sơ\" & 'mã'</b>") == "&lt;b&gt;&quot;Hồ sơ&quot; &amp; &#x27;mã&#x27;&lt;/b&gt;"
    assert escape(mark_safe("<b>an toàn</b>")) == "<b>an toàn</b>"
    assert escape(12) == "12"


def test_only_the_first_option_of_the_choice_is_marked_as_djangos_select_marks_it():
    marked = mark_selected(OPTIONS, "1")
    assert marked.count(" selected") == 1 and '<option value="1" selected>Một' in marked
    assert '<option value="a&amp;b" selected>' in mark_selected(OPTIONS, "a&b")  # compared escaped
    assert mark_selected(OPTIONS, "").startswith('<option value="" selected>Tất cả')  # "All" is a choice
    assert mark_selected(OPTIONS, None) == mark_selected(OPTIONS, "x") == OPTIONS
    django = Select(choices=[("1", "Một"), ("a&b", "A & B"), ("1", "Lại một")]).render("f", "1")
    assert django.count(" selected") == 1


def test_kept_markup_is_written_once_per_key_and_dropped_past_its_limit():
    writes = []
    kept: Kept[str] = Kept(limit=2)

    def write(text: str):
        return lambda: writes.append(text) or text

    assert kept.get(("t1", "vi"), write("a")) == "a"
    assert kept.get(("t1", "vi"), write("again")) == "a" and writes == ["a"]
    assert kept.get(("t1", "en"), write("b")) == "b"
    kept.get(("t2", "vi"), write("c"))
    kept.get(("t3", "vi"), write("d"))  # past the limit: everything written before is dropped
    assert kept.get(("t1", "vi"), write("a2")) == "a2" and writes == ["a", "b", "c", "d", "a2"]
