"""Issue 9, item 11: the spellings a reader takes for the same give the same result list, codes are found
typed any way, words match whole, and punctuation never matches everything.

The catalogue is the demo's 45 real procedures' names, codes and fields
(egov/procedures/data/demo_catalogue.json) plus one with
"kỹ thuật" in its name under the code 1.001234. No rule of law is involved.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.apps import apps

from egov.core.text import search_key
from egov.procedures import selectors
from egov.procedures.demo import DEMO_FILE
from egov.procedures.models import Procedure, PublicationStatus
from egov.procedures.services import catalogue as services
from egov.procedures.services.catalogue import ProcedureData
from tests.factories import SYSTEM

pytestmark = pytest.mark.django_db

BIRTH, DEATH, DEATH_AGAIN, BIRTH_AGAIN = "1.001193", "1.000656", "1.005461", "1.004884"
EXTRACT_COPY = "2.000635"  # "Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh"
TECHNICAL = "1.001234"


@pytest.fixture
def demo(db) -> None:
    """The demo's fields and procedures, published, indexed by `reindex` (without their papers and forms:
    importing the whole demo catalogue per test is slow, and search reads only names, codes and fields)."""
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    fields = {
        f["code"]: services.save_field(SYSTEM, code=f["code"], name=f["name"], sort_order=f["sort_order"])
        for f in data["fields"]
    }
    rows = []
    for row in data["procedures"]:
        procedure = Procedure(
            code=row["code"],
            name=row["name"],
            field=fields[row["field"]],
            levels=row["levels"],
            processing_time=Decimal(row["processing_time"]),
            status=PublicationStatus.PUBLISHED,
        )
        services.reindex(procedure)
        rows.append(procedure)
    Procedure.objects.bulk_create(rows)
    procedure = services.create_procedure(
        SYSTEM,
        ProcedureData(
            code=TECHNICAL,
            name="Cấp chứng chỉ hành nghề kỹ thuật viên (thử nghiệm)",
            field=fields["LD"],
            levels=["province"],
            processing_time=Decimal(10),
            applicant_types=["citizen"],
            channels=["counter"],
        ),
    )
    # Published without a workflow: this test reads the catalogue only.
    Procedure.objects.filter(pk=procedure.pk).update(status=PublicationStatus.PUBLISHED)


def codes(text: str) -> list[str]:
    return [p.code for p in selectors.search(selectors.Query(text=text))]


@pytest.mark.parametrize(
    "variants",
    [
        ("đăng ký khai sinh", "đăng kí khai sinh", "dang ky khai sinh", "DANG KI KHAI SINH"),
        ("Đăng Ký Khai Sinh", "đăng kí khai sinh"),
        ("lý lịch tư pháp", "lí lịch tư pháp", "ly lich tu phap", "li lich tu phap"),
        ("kỹ thuật", "kĩ thuật", "ky thuat", "ki thuat"),
        ("công ty TNHH", "công ti TNHH", "cong ty tnhh", "cong ti tnhh"),
        ("nội quy lao động", "nội qui lao động", "noi quy lao dong"),
        ("đăng ký kh", "đăng kí kh", "dang ki kh"),
    ],
)
def test_spelling_variants_give_identical_result_lists(demo: None, variants: tuple[str, ...]) -> None:
    results = [codes(v) for v in variants]
    assert results[0], variants
    assert all(r == results[0] for r in results), dict(zip(variants, results, strict=True))
    suggestions = [selectors.autocomplete(v) for v in variants]
    assert all(s == suggestions[0] for s in suggestions)


def test_y_that_is_a_word_of_its_own_is_not_i(demo: None) -> None:
    """The "y" of "bảo hiểm y tế" is found by "y tế"; "i tế" is not the same word."""
    assert "2.000986" in codes("y tế")
    assert codes("i te") == []


def test_lich_record_found_by_both_spellings_of_ly(demo: None) -> None:
    assert codes("lí lịch") == codes("lý lịch") == ["3.000333"]


@pytest.mark.parametrize("typed", ["1001234", "1.001234", "1 001234", " 1.001 234 ", "1.001.234"])
def test_a_code_typed_with_or_without_dots_or_spaces_is_found(demo: None, typed: str) -> None:
    assert codes(typed) == [TECHNICAL]


@pytest.mark.parametrize("typed", ["2000635", "2.000635", "2 000635"])
def test_2000635_finds_the_extract_copy_procedure(demo: None, typed: str) -> None:
    assert codes(typed) == [EXTRACT_COPY]


def test_the_beginning_of_a_code_finds_the_codes_it_begins(demo: None) -> None:
    assert codes("1.00119") == codes("100119") == [BIRTH]
    assert codes("001193") == []  # never the middle of a code


def test_whole_words_khai_tu_finds_death_registration_not_thu_tuc(demo: None) -> None:
    found = codes("khai tu")
    assert set(found) == {DEATH, DEATH_AGAIN}
    assert codes("khai tử") == codes("KHAI TỬ") == found
    assert BIRTH not in found  # "Thủ tục đăng ký khai sinh": "tu" only begins the word "tục"


def test_the_last_word_may_be_the_beginning_of_the_next_word(demo: None) -> None:
    """Decided: the word being typed last matches as a beginning, alone or right after the word before."""
    found = codes("khai sin")
    assert {BIRTH, BIRTH_AGAIN, EXTRACT_COPY} <= set(found)
    assert DEATH not in found


def test_the_shortest_name_holding_the_phrase_comes_first(demo: None) -> None:
    """Thủ tục đăng ký khai sinh comes before the longer names that hold the same phrase."""
    assert codes("đăng ký khai sinh")[0] == codes("dang ki khai sinh")[0] == BIRTH
    assert codes("khai tử")[0] == DEATH_AGAIN  # "Đăng ký lại khai tử", the shorter


def test_a_word_is_never_matched_inside_another(demo: None) -> None:
    assert codes("ai sinh") == []  # inside "khai"
    assert codes("ang ky") == []  # inside "đăng"
    assert codes("ket ho") != [] and codes("et hon") == []


@pytest.mark.parametrize(
    "text", ["%", "_", ".", "-", "*", '"', "'", " ", "   ", "😀", "%%", "_%_", "...", "*.*", "“”", "\\"]
)
def test_punctuation_never_matches_everything(demo: None, text: str) -> None:
    assert codes(text) == []
    assert selectors.autocomplete(text) == []


def test_the_public_page_says_what_to_type_when_given_punctuation(client, demo: None) -> None:
    page = client.get("/thu-tuc/", {"q": "%"}).content.decode()
    assert "dấu câu và ký hiệu" in page


def test_punctuation_beside_words_is_ignored(demo: None) -> None:
    assert codes("đăng ký, khai-sinh!") == codes("đăng ký khai sinh") != []
    assert codes("khai sinh 😀") == codes("khai sinh")


@pytest.mark.parametrize("text", ["%", "_", "*", '"', " ", "😀", "'; --", "%00"])
def test_the_public_pages_answer_punctuation_with_no_result(client, demo: None, text: str) -> None:
    page = client.get(f"/thu-tuc/?q={quote(text)}")
    assert page.status_code == 200
    assert not page.context["page_obj"] or page.context["page_obj"].paginator.count == 0
    suggestions = client.get(f"/thu-tuc/goi-y/?q={quote(text)}")
    assert suggestions.status_code == 200 and suggestions.json() == {"results": []}
    listed = client.get("/api/v1/procedures", {"q": text})
    assert listed.status_code == 200 and listed.json()["count"] == 0


def test_the_public_page_lists_the_same_for_variants(client, demo: None) -> None:
    pages = [client.get("/thu-tuc/", {"q": q}) for q in ("đăng ký khai sinh", "đăng kí khai sinh")]
    lists = [list(page.context["page_obj"]) for page in pages]  # the ids found, in their order
    assert lists[0] and lists[0] == lists[1]


def test_renaming_reindexes_the_key(demo: None) -> None:
    procedure = Procedure.objects.get(code=TECHNICAL)
    assert procedure.search_text.startswith(search_key(procedure.name))
    data = dataclasses.replace(ProcedureData.of(procedure), name="Cấp chứng chỉ hành nghề mỹ thuật")
    Procedure.objects.filter(pk=procedure.pk).update(status=PublicationStatus.DRAFT)  # it has no workflow
    services.update_procedure(SYSTEM, procedure, data)
    Procedure.objects.filter(pk=procedure.pk).update(status=PublicationStatus.PUBLISHED)
    assert codes("mĩ thuật") == codes("my thuat") == [TECHNICAL]
    assert codes("kỹ thuật") == []


def test_the_refresh_migration_rebuilds_the_keys_stored_before(demo: None) -> None:
    """Keys written by the earlier folding (marks removed, words run together) are rebuilt."""
    for procedure in Procedure.objects.select_related("field"):
        old = " ".join([procedure.code.lower(), procedure.name_folded, procedure.field.name_folded])
        Procedure.objects.filter(pk=procedure.pk).update(search_text=old)
    assert codes("đăng kí khai sinh") == []
    migration = importlib.import_module("egov.procedures.migrations.0006_refresh_search_keys")
    migration.refresh(apps, None)
    assert codes("đăng kí khai sinh") == codes("đăng ký khai sinh") != []
    assert codes("1001234") == [TECHNICAL]
