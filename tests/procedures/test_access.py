"""The access matrix of the catalogue's screens: every screen, GET and POST, every persona.

The birth registration is carried out by communes A and B (catalogue.birth); the commune A
administrator reads it, the Department of Justice administrator does not see it (404), other roles
are refused every administration screen (403), a visitor is sent to log in. What the communes share
is changed on the screens by the province administrator only; a refused request changes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from egov.organizations.models import Staff
from egov.procedures.models import WorkflowTemplate
from tests.conftest import Cast
from tests.procedures.conftest import Catalogue
from tests.procedures.test_permissions import state

pytestmark = pytest.mark.django_db

PROVINCE, COMMUNE, JUSTICE = "province_admin", "commune_admin", "justice_admin"
OTHERS = ("desk_officer", "specialist", "leader", "clerk", "auditor", "commune_b_specialist")
#: The province administrator last: its POSTs change the catalogue, the others' must not.
PERSONAS = (COMMUNE, JUSTICE, *OTHERS, PROVINCE)


def expect(province: int, commune: int, justice: int, others: int = 403) -> dict[str, int]:
    return {PROVINCE: province, COMMUNE: commune, JUSTICE: justice, **dict.fromkeys(OTHERS, others)}


#: screen → (url arguments, expected GET status per persona, expected POST status per persona).
#: "birth" stands for the birth registration's pk, "workflow"/"form" for its published versions.
READ = expect(200, 200, 404)
READ_ALL = expect(200, 200, 200)
EDIT = expect(200, 403, 403)
GET_ONLY = expect(405, 405, 405, 405)
POST_ONLY = GET_ONLY
SCREENS: dict[str, tuple[tuple[str, ...], dict[str, int], dict[str, int]]] = {
    "admin_list": ((), READ_ALL, GET_ONLY),
    "admin_create": ((), EDIT, EDIT),
    "admin_detail": (("birth",), READ, GET_ONLY),
    "admin_edit": (("birth",), EDIT, EDIT),
    "admin_status": (("birth",), POST_ONLY, expect(302, 403, 403)),
    "admin_preview": (("birth",), READ, GET_ONLY),
    "admin_documents": (("birth",), EDIT, EDIT),
    "admin_fees": (("birth",), EDIT, EDIT),
    "admin_workflow_new": (("birth",), POST_ONLY, expect(302, 403, 404)),
    "admin_workflow": (("birth", "workflow"), READ, expect(200, 403, 404)),
    "admin_form_new": (("birth",), POST_ONLY, expect(302, 403, 403)),
    "admin_form": (("birth", "form"), EDIT, EDIT),
    "admin_form_preview": (("birth", "form"), READ, READ),
    "admin_fields": ((), READ_ALL, EDIT),
    "admin_field_edit": (("field",), READ_ALL, EDIT),
    "admin_import": ((), EDIT, EDIT),
    "admin_export": (("json",), EDIT, GET_ONLY),
}


def url_of(name: str, args: tuple[str, ...], catalogue: Catalogue) -> str:
    birth = catalogue.birth
    values = {
        "birth": birth.pk,
        "workflow": birth.workflows.get(agency=None).pk,
        "form": birth.forms.get().pk,
        "field": catalogue.civil.pk,
        "json": "json",
    }
    return reverse(f"procedures:{name}", args=[values[a] for a in args])


@pytest.fixture
def personas(cast: Cast, commune_admin: Staff) -> dict[str, Staff]:
    return {**cast.all(), COMMUNE: commune_admin}


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_visitors_are_sent_to_log_in(catalogue: Catalogue, client: Any, name: str) -> None:
    args, _get, _post = SCREENS[name]
    url = url_of(name, args, catalogue)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_access_matrix(
    catalogue: Catalogue, personas: dict[str, Staff], client: Any, name: str, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    args, get, post = SCREENS[name]
    url = url_of(name, args, catalogue)
    for persona in PERSONAS:
        client.force_login(personas[persona].user)
        assert client.get(url).status_code == get[persona], ("GET", persona)
        before = state()
        assert client.post(url, {"status": "unpublished"}).status_code == post[persona], ("POST", persona)
        if persona != PROVINCE:
            assert state() == before, persona  # a refused (or read-only) request changes nothing


def test_the_commune_administrator_edits_its_own_workflow_on_the_screens(
    catalogue: Catalogue, cast: Cast, client: Any, commune_admin: Staff
) -> None:
    client.force_login(commune_admin.user)
    commune = cast.province.commune_a
    new = reverse("procedures:admin_workflow_new", args=[catalogue.birth.pk])
    before = state()
    assert client.post(new, {"agency": cast.province.commune_b.pk}).status_code == 403
    assert client.post(new, {"agency": "x"}).status_code == 404
    assert state() == before
    response = client.post(new, {"agency": commune.pk})
    template = WorkflowTemplate.objects.get(procedure=catalogue.birth, agency=commune)
    url = reverse("procedures:admin_workflow", args=[catalogue.birth.pk, template.pk])
    assert response.status_code == 302 and response["Location"] == url
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "publish"}).status_code == 302
    template.refresh_from_db()
    assert template.status == "published"
    detail = client.get(reverse("procedures:admin_detail", args=[catalogue.birth.pk])).content.decode()
    # The screens it may not use are not offered.
    assert reverse("procedures:admin_edit", args=[catalogue.birth.pk]) not in detail
    assert reverse("procedures:admin_fees", args=[catalogue.birth.pk]) not in detail
    assert reverse("procedures:admin_form_new", args=[catalogue.birth.pk]) not in detail


PUBLIC: dict[str, tuple[tuple[str, ...], int, int]] = {
    "index": ((), 200, 405),
    "suggest": ((), 200, 405),
    "wards": (("01",), 200, 405),
    "detail": (("1.001193",), 200, 405),
    "online_form": (("1.001193",), 200, 200),
    "blank_form": (("1.001193",), 200, 405),
}


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_for_everyone(
    catalogue: Catalogue, personas: dict[str, Staff], client: Any, name: str
) -> None:
    args, get, post = PUBLIC[name]
    url = reverse(f"procedures:{name}", args=list(args))
    draft_url = reverse("procedures:detail", args=[catalogue.draft.code])
    for persona in ("visitor", *PERSONAS):
        client.logout()
        if persona != "visitor":
            client.force_login(personas[persona].user)
        assert client.get(url).status_code == get, ("GET", persona)
        before = state()
        assert client.post(url, {"ho_ten": "Nguyễn Văn A"}).status_code == post, ("POST", persona)
        assert state() == before, persona  # nothing typed on a public page is stored
        assert client.get(draft_url).status_code == 404, persona  # a draft is public to no one
