"""The search page's facets come from the cache and follow the catalogue (egov.procedures.facets)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from egov.procedures.services import catalogue as services
from tests.factories import SYSTEM
from tests.procedures.conftest import Catalogue, build_procedure


def _facets(client: Any) -> str:
    page = client.get(reverse("procedures:index")).content.decode()
    return page[page.index('class="facets"') :]


def test_a_newly_published_procedure_shows_in_the_facets_at_once(catalogue: Catalogue, client: Any) -> None:
    before = _facets(client)
    assert "Hộ tịch" in before and "Đất đai" not in before  # the land procedure is a draft
    build_procedure(
        SYSTEM, catalogue.land, [catalogue.birth.agencies.first()], code="1.099999", name="Đo đạc"
    )
    after = _facets(client)
    assert "Đất đai" in after and "(1)" in after


def test_a_renamed_field_is_shown_with_its_new_name(catalogue: Catalogue, client: Any) -> None:
    assert "Hộ tịch" in _facets(client)
    services.save_field(SYSTEM, catalogue.civil, code="HT", name="Hộ tịch và chứng thực", sort_order=1)
    assert "Hộ tịch và chứng thực" in _facets(client)


def test_only_levels_that_carry_out_a_published_procedure_are_offered_with_their_counts(
    catalogue: Catalogue, client: Any
) -> None:
    from egov.procedures.models import Level, Procedure, PublicationStatus

    published = Procedure.objects.filter(status=PublicationStatus.PUBLISHED)
    used = {level for levels in published.values_list("levels", flat=True) for level in levels or []}
    page = client.get(reverse("procedures:index")).content.decode()
    for value in Level.values:
        offered = f'<option value="{value}"' in page
        assert offered == (value in used), value  # districts, abolished in 2025, name no procedure here
    facets = _facets(client)
    for value in used:
        count = sum(value in (levels or []) for levels in published.values_list("levels", flat=True))
        link = f'href="?level={value}">{Level(value).label}</a>'
        assert f'{link} <span class="muted">({count})</span>' in facets
