"""The dossier page in plain words for staff (a newcomer's finding: internal labels on staff screens)."""

from __future__ import annotations

from django.urls import reverse

from egov.dossiers.models import DossierEvent
from tests.dossiers.conftest import receive


def test_the_dossier_page_names_its_rules_by_their_decree_and_keeps_codes_in_titles(cast, flows, login):
    """The rules version by its legal basis (its code as a title), a system actor of the history in plain
    words, a file's checksum in the link's title, not printed as a hash prefix."""
    d = receive(cast, flows.simple)
    DossierEvent.objects.filter(dossier=d).update(actor=None, actor_name="system")
    page = login(cast.desk_officer).get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert f'<span title="{d.rules_version}">Nghị định 118/2025/NĐ-CP</span>' in page
    assert '<span class="system-actor" title="system">Hệ thống</span>' in page
    assert "· system ·" not in page
