"""A linked filing in "My dossiers" (Decree 63/2024/NĐ-CP): one item with its parts and their states in
plain words, not one row per part; its page shows what is owed for the whole group and, only once every
required part's result has been returned, the one result set."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.dossiers.conftest import MONDAY, hours, step
from tests.dossiers.test_bundles import dossier, file_group, give_result, linked, pdf  # noqa: F401
from tests.factories import make_citizen

pytestmark = pytest.mark.django_db


def test_my_dossiers_shows_the_bundle_as_one_item_with_its_parts(client, cast, linked):  # noqa: F811
    group, _ = linked
    bundle = file_group(cast, group)
    client.force_login(bundle.owner)
    page = client.get(reverse("portal:dossiers")).content.decode()
    assert page.count('id="my-bundles"') == 1 and bundle.reference in page
    assert reverse("portal:bundle", args=(bundle.reference,)) in page
    # The parts are under the bundle, not repeated as dossiers of their own.
    assert 'id="my-dossiers"' not in page
    assert "Đăng ký thường trú" in page and "Chờ kết quả của thủ tục trước" in page


def test_the_one_result_set_appears_once_every_required_part_is_returned(client, cast, linked):  # noqa: F811
    group, desk_b = linked
    bundle = file_group(cast, group)
    client.force_login(bundle.owner)
    url = reverse("portal:bundle", args=(bundle.reference,))
    at = MONDAY + hours(1)
    first = give_result(cast, dossier(bundle, 1), at)
    step(first, "return_result", cast.desk_officer, at + hours(4))
    page = client.get(url).content.decode()
    assert 'id="results-waiting"' in page and 'id="bundle-results"' not in page
    second = step(dossier(bundle, 2), "accept", desk_b, at + hours(4))
    second = step(second, "result_ready", desk_b, at + hours(5), files=[pdf("thong-bao-thuong-tru.pdf")])
    step(second, "return_result", desk_b, at + hours(6))
    page = client.get(url).content.decode()
    assert 'id="bundle-results"' in page
    assert "giay-khai-sinh.pdf" in page and "thong-bao-thuong-tru.pdf" in page
    result = dossier(bundle, 2).attachments.get(name="thong-bao-thuong-tru.pdf")
    download = reverse("portal:download", args=(dossier(bundle, 2).pk, result.pk))
    assert download in page and client.get(download).status_code == 200


def test_another_citizens_bundle_does_not_exist_for_them(client, cast, linked):  # noqa: F811
    group, _ = linked
    bundle = file_group(cast, group)
    client.force_login(make_citizen("nguoi.khac"))
    assert client.get(reverse("portal:bundle", args=(bundle.reference,))).status_code == 404
    assert bundle.reference not in client.get(reverse("portal:dossiers")).content.decode()
