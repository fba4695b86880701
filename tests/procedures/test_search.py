"""Search and autocomplete give identical answers with and without marks (đ included), and find codes."""

from __future__ import annotations

import pytest

from egov.procedures import selectors
from egov.procedures.models import Level
from egov.procedures.services import catalogue as services
from tests.factories import SYSTEM
from tests.procedures.conftest import Catalogue, build_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(catalogue: Catalogue, cast) -> Catalogue:
    p = cast.province
    build_procedure(SYSTEM, catalogue.civil, [p.commune_a], code="1.000656", name="Thủ tục đăng ký khai tử")
    build_procedure(SYSTEM, catalogue.civil, [p.commune_b], code="1.000894", name="Thủ tục đăng ký kết hôn")
    build_procedure(
        SYSTEM, catalogue.land, [p.justice], code="1.012756", name="Đăng ký biến động đất đai",
        levels=["province"],
    )  # fmt: skip
    return catalogue


def codes(text: str, **filters: object) -> list[str]:
    return [p.code for p in selectors.search(selectors.Query(text=text, **filters))]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "marked, plain",
    [
        ("đăng ký khai sinh", "dang ky khai sinh"),
        ("ĐĂNG KÝ ĐẤT ĐAI", "dang ky dat dai"),
        ("Đất đai", "DAT DAI"),
        ("kết hôn", "ket hon"),
        ("hộ tịch", "ho tich"),
    ],
)
def test_identical_with_and_without_marks(many: Catalogue, marked: str, plain: str) -> None:
    assert codes(marked) == codes(plain)
    assert codes(marked)


def test_d_with_stroke_is_folded(many: Catalogue) -> None:
    assert codes("dat dai") == ["1.012756"]
    assert codes("đất đai") == ["1.012756"]


def test_every_word_must_match(many: Catalogue) -> None:
    assert set(codes("dang ky")) == {"1.012756", "1.000894", "1.001193", "1.000656"}
    assert set(codes("dang ky khai")) == {"1.001193", "1.000656"}
    assert codes("khai sinh ket hon") == []


def test_names_that_begin_with_the_query_come_first(many: Catalogue) -> None:
    assert codes("dang ky")[0] == "1.012756"  # "Đăng ký biến động…" starts with it


def test_finds_a_procedure_by_its_code(many: Catalogue) -> None:
    assert codes("1.001193") == ["1.001193"]
    assert codes("1.0006") == ["1.000656"]


def test_drafts_are_not_public(many: Catalogue) -> None:
    assert codes("1.012755") == []
    assert "1.012755" not in codes("dat dai")


def test_filters(many: Catalogue, cast) -> None:
    assert set(codes("", field="HT")) == {"1.001193", "1.000656", "1.000894"}
    assert codes("", level=Level.PROVINCE) == ["1.012756"]
    assert set(codes("", agency=cast.province.commune_b.pk)) == {"1.001193", "1.000894"}


def test_field_name_is_searchable_and_follows_renames(many: Catalogue) -> None:
    assert set(codes("ho tich")) == {"1.001193", "1.000656", "1.000894"}
    services.save_field(SYSTEM, many.civil, code="HT", name="Hộ tịch, quốc tịch", sort_order=1)
    assert set(codes("quoc tich")) == {"1.001193", "1.000656", "1.000894"}


def test_autocomplete(many: Catalogue) -> None:
    with_marks = selectors.autocomplete("đăng ký kh")
    without = selectors.autocomplete("dang ky kh")
    assert with_marks == without
    assert {r["code"] for r in without} == {"1.001193", "1.000656"}
    assert selectors.autocomplete("") == []
    assert selectors.autocomplete("%_") == []
