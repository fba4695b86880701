"""The staff's dossier filter by applicant name folds as every search box does (egov.core.text, issue 9
item 11): i/y variants equal, whole words, punctuation finds nothing. No rule of law is involved."""

from __future__ import annotations

import dataclasses
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from egov.dossiers import selectors
from egov.dossiers.models import Dossier
from tests.dossiers.conftest import APPLICANT, receive

pytestmark = pytest.mark.django_db

NAMES = ["Lý Thị Mỹ", "Nguyễn Văn Lan", "Trần An", "Công ty TNHH Kỹ thuật Sao Mai"]


@pytest.fixture
def dossiers(cast, flows) -> dict[str, str]:
    """Applicant name → dossier code."""
    return {
        name: receive(cast, flows.simple, applicant=dataclasses.replace(APPLICANT, name=name)).code
        for name in NAMES
    }


def found(text: str) -> list[str]:
    rows = selectors.filter_dossiers(Dossier.objects.all(), applicant=text)
    return list(rows.values_list("code", flat=True))


@pytest.mark.parametrize(
    "variants",
    [("Lý Thị Mỹ", "Lí Thị Mĩ", "ly thi my", "LI THI MI"), ("công ty kỹ thuật", "cong ti ki thuat")],
)
def test_spelling_variants_of_a_name_find_the_same_dossiers(dossiers, variants) -> None:
    results = [found(v) for v in variants]
    assert results[0] and all(r == results[0] for r in results)


def test_a_name_is_matched_by_whole_words(dossiers) -> None:
    assert found("an") == [dossiers["Trần An"]]  # not "Lan"
    assert found("Văn L") == [dossiers["Nguyễn Văn Lan"]]  # the last word may be still typed
    assert found("ran") == []  # never inside a word


@pytest.mark.parametrize("text", ["%", "_", "*", ".", "-", '"', "😀", "%_%"])
def test_punctuation_finds_no_dossier(dossiers, text) -> None:
    assert found(text) == []


def test_the_queue_page_answers_punctuation_with_an_empty_list(dossiers, cast, login) -> None:
    client = login(cast.desk_officer)
    url = reverse("dossiers:queue", args=["to_process"])
    assert client.get(url, {"applicant": "Trần An"}).context["page_obj"].paginator.count == 1
    page = client.get(url, {"applicant": "%"})
    assert page.status_code == 200
    assert page.context["page_obj"].paginator.count == 0


def test_the_refresh_migration_rebuilds_the_keys_stored_before(dossiers) -> None:
    Dossier.objects.update(applicant_folded="ly thi my")  # the earlier folding: marks removed only
    assert found("Lí Thị Mĩ") == []
    migration = importlib.import_module("egov.dossiers.migrations.0007_refresh_applicant_search_keys")
    migration.refresh(apps, None)
    assert found("Lí Thị Mĩ") == [dossiers["Lý Thị Mỹ"]]
