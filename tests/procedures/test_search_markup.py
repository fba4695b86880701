"""The search page's selects and result items written in Python (egov/procedures/search_markup.py) are what
the template's loops wrote, for every choice and language; a typed agency that is no number is ignored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.paginator import Paginator
from django.template import Context, Engine
from django.urls import reverse
from django.utils import translation

from egov.procedures import facets, search_kept, search_markup, selectors
from egov.procedures.models import Level
from tests.factories import SYSTEM
from tests.markup import tags
from tests.procedures.conftest import Catalogue, build_procedure

pytestmark = pytest.mark.django_db

#: The loops of procedures/public/index.html before they were written in Python.
BEFORE = Path(__file__).parent / "data" / "search_before.html"


@pytest.fixture
def shelf(catalogue: Catalogue, cast) -> Catalogue:
    # A name with markup in it, a second agency and level, so every select has a choice to mark.
    name = "Kết hôn <b>&</b> 'hộ tịch'"
    build_procedure(
        SYSTEM, catalogue.civil, [cast.province.commune_b], code="1.000894", name=name, levels=["province"]
    )
    return catalogue


def _query(lists: dict[str, Any], n: int) -> selectors.Query:
    """The n-th choice: nothing, then each field, level and agency in turn."""
    if n == 0:
        return selectors.Query(text="ho tich")
    return selectors.Query(
        text="ho tich",
        field=lists["fields"][n % len(lists["fields"])].code,
        level=lists["levels"][n % len(lists["levels"])].value,
        agency=lists["agencies"][n % len(lists["agencies"])].pk,
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_selects_and_items_are_the_template_s(shelf, language) -> None:
    lists = facets.facets()
    assert len(lists["agencies"]) >= 2 and len(lists["levels"]) >= 2
    for n in range(4):
        query = _query(lists, n)
        page = Paginator(selectors.search(query), 20).get_page(1)
        levels = [(f.value, Level(f.value).label, f.n) for f in lists["levels"]]
        with translation.override(language):
            old = (
                Engine.get_default()
                .from_string(BEFORE.read_text(encoding="utf-8"))
                .render(Context({**lists, "levels": levels, "query": query, "page_obj": page}))
            )
            options = search_markup.select_options(lists, query)
            items = search_kept.items([p.pk for p in page])
        new = "\n".join(
            [
                f'<select name="field">{options["field"]}</select>',
                f'<select name="level">{options["level"]}</select>',
                f'<select name="agency">{options["agency"]}</select>',
                f'<ul class="proc-list">{items}</ul>',
            ]
        )
        assert tags(new) == tags(old), (language, n)
        assert new.count(" selected>") == (0 if n == 0 else 3)


def test_the_found_names_are_escaped_on_the_page(shelf, client) -> None:
    page = client.get(reverse("procedures:index"), {"q": "ket hon"}).content.decode()
    assert "Kết hôn &lt;b&gt;&amp;&lt;/b&gt; &#x27;hộ tịch&#x27;" in page
    assert f'href="{reverse("procedures:detail", args=["1.000894"])}"' in page


@pytest.mark.parametrize("typed", ["²", "٣", "9" * 40, "-1", "1.5"])
def test_an_agency_that_is_no_key_is_ignored(shelf, client, typed) -> None:
    page = client.get(reverse("procedures:index"), {"agency": typed, "q": "ho tich"})
    assert page.status_code == 200
