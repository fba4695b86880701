"""A paper page's "continue" pressed before any file is given: the page again with the service's message,
never a server error (it answered 500 before: Django refuses errors on an unbound form)."""

from __future__ import annotations

from django.urls import reverse

from tests.filing.conftest import filled_draft


def test_continue_on_a_required_paper_with_no_file_asks_for_it_beside_the_input(client, online, citizen):
    draft = filled_draft(online, citizen, papers=False)
    client.force_login(citizen)
    response = client.post(
        reverse("filing:paper", args=(draft.pk, online.certificate.pk)), {"action": "continue"}
    )
    text = response.content.decode()
    assert response.status_code == 200 and 'href="#id_file"' in text and 'id="id_file_error"' in text
    assert f"paper-{online.certificate.pk}" not in type(draft).objects.get(pk=draft.pk).done
