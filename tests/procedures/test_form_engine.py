"""The online-form engine: schema checks, the CCCD and phone rules, rendering and server-side validation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from egov.core.validators import validate_cccd, validate_phone
from egov.procedures import formschema
from egov.procedures.onlineform import SchemaForm, build_django_form, summarise
from egov.procedures.services.forms import canonical_schema
from tests.pdftext import pdf_text
from tests.procedures.conftest import BIRTH_FORM

# A valid number: 001 (Hà Nội), 0 (male, 20th century), 95 (born 1995), 6 random digits.
GOOD_CCCD = "001095012345"


def post(**values: object) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data[key] = str(value)
    return data


def filled(**overrides: object) -> QueryDict:
    values: dict[str, object] = {
        "ho_ten": "Nguyễn Thị Mai",
        "ngay_sinh": "2024-05-01",
        "gioi_tinh": "nu",
        "so_cccd": GOOD_CCCD,
        "noi_cu_tru_0": "01",
        "noi_cu_tru_1": "00070",
        "noi_cu_tru_2": "số 5 Tràng Tiền",
        "dien_thoai": "0912 345 678",
        "email": "",
        "so_con": "1",
        "thanh_vien-TOTAL_FORMS": "1",
        "thanh_vien-INITIAL_FORMS": "0",
        "thanh_vien-MIN_NUM_FORMS": "0",
        "thanh_vien-MAX_NUM_FORMS": "3",
        "thanh_vien-0-ho_ten": "Nguyễn Văn An",
        "thanh_vien-0-quan_he": "Cha",
    }
    values.update(overrides)
    return post(**values)


class TestCCCD:
    # Structure per Decree 137/2015/NĐ-CP art. 13, Circular 07/2016/TT-BCA annexes 1-2.
    def test_a_well_formed_number_passes(self) -> None:
        validate_cccd(GOOD_CCCD)
        validate_cccd("079203000001")  # Hồ Chí Minh City, male born 2003

    @pytest.mark.parametrize(
        "number, code",
        [
            ("00109501234", "cccd_length"),  # 11 digits
            ("0010950123456", "cccd_length"),  # 13 digits
            ("00109501234a", "cccd_length"),
            ("003095012345", "cccd_province"),  # 003 is no province code
            ("099095012345", "cccd_province"),
            ("001299012345", "cccd_year"),  # 21st century, year 2099
        ],
    )
    def test_malformed_numbers_fail_with_their_reason(self, number: str, code: str) -> None:
        with pytest.raises(ValidationError) as error:
            validate_cccd(number, today=dt.date(2026, 1, 1))
        assert error.value.code == code

    @pytest.mark.parametrize("phone", ["0912345678", "+84912345678", "0243 825 1234", "84912345678"])
    def test_phones(self, phone: str) -> None:
        validate_phone(phone)

    @pytest.mark.parametrize("phone", ["912345678", "091234567", "abc", "+1 555 0100 22"])
    def test_bad_phones(self, phone: str) -> None:
        with pytest.raises(ValidationError):
            validate_phone(phone)


class TestSchema:
    def test_the_birth_form_is_valid(self) -> None:
        assert formschema.validate_schema(BIRTH_FORM) == []

    @pytest.mark.parametrize(
        "field, key",
        [
            ({"name": "1x", "label": "A", "type": "text"}, "name"),
            ({"name": "a", "label": "", "type": "text"}, "label"),
            ({"name": "a", "label": "A", "type": "colour"}, "type"),
            ({"name": "a", "label": "A", "type": "choice", "choices": []}, "choices"),
            ({"name": "a", "label": "A", "type": "number", "min": 5, "max": 1}, "min"),
            ({"name": "a", "label": "A", "type": "date", "max": "tomorrow"}, "max"),
            ({"name": "a", "label": "A", "type": "text", "pattern": "("}, "pattern"),
            ({"name": "a", "label": "A", "type": "text", "choices": [["x", "y"]]}, "choices"),
            ({"name": "a", "label": "A", "type": "group", "fields": []}, "fields"),
            (
                {
                    "name": "a",
                    "label": "A",
                    "type": "group",
                    "fields": [{"name": "b", "label": "B", "type": "group", "fields": []}],
                },
                "type",
            ),
        ],
    )
    def test_problems_name_the_field_and_property(self, field: dict, key: str) -> None:
        errors = formschema.validate_schema({"fields": [field]})
        assert errors and errors[0].key == key

    def test_duplicate_names(self) -> None:
        schema = {"fields": [{"name": "a", "label": "A", "type": "text"}] * 2}
        assert [e.key for e in formschema.validate_schema(schema)] == ["name"]

    def test_flat_rows_round_trip(self) -> None:
        canonical = canonical_schema(BIRTH_FORM)
        assert formschema.unflatten(formschema.flatten(canonical)) == canonical
        rows = formschema.flatten(canonical)
        assert [r["group"] for r in rows][-2:] == ["thanh_vien", "thanh_vien"]
        assert rows[2]["choices"] == "nam|Nam\nnu|Nữ"


@pytest.mark.django_db
class TestRenderAndValidate:
    def test_renders_every_type_server_side(self) -> None:
        html = str(build_django_form(BIRTH_FORM)())
        assert 'name="ho_ten"' in html and 'maxlength="100"' in html
        assert 'type="date"' in html and 'name="ngay_sinh"' in html
        assert '<option value="nu">Nữ</option>' in html
        assert 'name="noi_cu_tru_0"' in html and "Thành phố Hà Nội" in html
        assert 'name="thanh_vien-TOTAL_FORMS"' in html and 'name="thanh_vien-0-ho_ten"' in html
        assert 'type="tel"' in html

    def test_valid_answers_come_back_as_json_safe_data(self) -> None:
        form = SchemaForm(BIRTH_FORM, data=filled())
        assert form.is_valid(), form.errors
        answers = form.cleaned_data
        assert answers["ngay_sinh"] == "2024-05-01"
        assert answers["dien_thoai"] == "0912345678"
        assert answers["so_con"] == "1"
        assert answers["noi_cu_tru"] == {
            "province": "01",
            "province_name": "Thành phố Hà Nội",
            "ward": "00070",
            "ward_name": "Phường Hoàn Kiếm",
            "detail": "số 5 Tràng Tiền",
        }
        assert answers["thanh_vien"] == [{"ho_ten": "Nguyễn Văn An", "quan_he": "Cha"}]
        summary = summarise(BIRTH_FORM, answers)
        assert {"label": "Giới tính", "value": "Nữ"} in summary
        assert {"label": "Ngày sinh", "value": "01/05/2024"} in summary

    @pytest.mark.parametrize(
        "overrides, field",
        [
            ({"ho_ten": ""}, "ho_ten"),
            ({"so_cccd": "123"}, "so_cccd"),
            ({"dien_thoai": "12345"}, "dien_thoai"),
            ({"email": "not-an-email"}, "email"),
            ({"so_con": "-1"}, "so_con"),
            ({"gioi_tinh": "khac"}, "gioi_tinh"),
            ({"ngay_sinh": "2999-01-01"}, "ngay_sinh"),
            # A commune of another province (Phường Hoàn Kiếm is in Hà Nội, 01; 79 is Hồ Chí Minh City).
            ({"noi_cu_tru_0": "79"}, "noi_cu_tru"),
            ({"noi_cu_tru_1": ""}, "noi_cu_tru"),
            ({"thanh_vien-0-ho_ten": ""}, "thanh_vien"),
            ({"thanh_vien-TOTAL_FORMS": "4"}, "thanh_vien"),
        ],
    )
    def test_bad_answers_are_refused(self, overrides: dict, field: str) -> None:
        form = SchemaForm(BIRTH_FORM, data=filled(**overrides))
        assert not form.is_valid()
        assert field in form.errors

    def test_the_commune_list_follows_the_chosen_province(self) -> None:
        form = SchemaForm(BIRTH_FORM, data=filled(noi_cu_tru_1=""))
        form.is_valid()
        html = str(form)
        assert "Phường Hoàn Kiếm" in html
        assert "Phường Bến Thành" not in html  # a ward of Hồ Chí Minh City

    def test_add_a_row_without_javascript(self) -> None:
        form = SchemaForm(BIRTH_FORM, data=filled(_add="thanh_vien"))
        assert form.adding_row == "thanh_vien"
        assert not form.is_valid()
        assert form.groups["thanh_vien"].total_form_count() == 2
        assert 'name="thanh_vien-1-ho_ten"' in str(form)

    def test_rows_marked_for_removal_are_left_out(self) -> None:
        form = SchemaForm(BIRTH_FORM, data=filled(**{"thanh_vien-0-DELETE": "on"}))
        assert form.is_valid(), form.errors
        assert form.cleaned_data["thanh_vien"] == []

    def test_a_prefix_keeps_names_apart(self) -> None:
        html = str(SchemaForm(BIRTH_FORM, prefix="tk"))
        assert 'name="tk-ho_ten"' in html and 'name="tk-thanh_vien-TOTAL_FORMS"' in html


@pytest.mark.django_db
def test_the_printable_form_holds_every_label(catalogue) -> None:

    from egov.procedures import printable, selectors

    version = selectors.current_form(catalogue.birth)
    pdf = printable.blank_form_pdf(catalogue.birth, version)
    assert pdf.startswith(b"%PDF-")
    words = pdf_text(pdf)
    for label in (
        "TỜ KHAI",
        "Thủ tục đăng ký khai sinh",
        "Họ, chữ đệm và tên",
        "Giới tính",
        "Nữ",
        "Thành viên hộ",
    ):
        assert label in words


@pytest.mark.django_db
def test_the_form_class_is_built_once_per_schema_language_and_day(monkeypatch) -> None:
    from django.utils import timezone, translation

    from egov.procedures import onlineform

    first, second = SchemaForm(BIRTH_FORM, data=filled()), SchemaForm(BIRTH_FORM, data=filled(ngay_sinh="x"))
    assert type(first.main) is type(second.main)
    # Each form has its own fields: the commune list narrowed for one form is not the other's.
    assert first.main.fields["noi_cu_tru"] is not second.main.fields["noi_cu_tru"]
    assert first.is_valid() and not second.is_valid()
    changed = {
        **BIRTH_FORM,
        "fields": [{**BIRTH_FORM["fields"][0], "label": "Họ và tên"}, *BIRTH_FORM["fields"][1:]],
    }
    assert SchemaForm(changed).main.fields["ho_ten"].label == "Họ và tên"
    with translation.override("en"):
        assert type(SchemaForm(BIRTH_FORM).main) is not type(first.main)
    # "max": "today" is the day the form is checked: tomorrow's form lets a birth of tomorrow through.
    born = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert not SchemaForm(BIRTH_FORM, data=filled(ngay_sinh=born)).is_valid()
    tomorrow = timezone.now() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    assert SchemaForm(BIRTH_FORM, data=filled(ngay_sinh=born)).is_valid()
    assert onlineform._built.cache_info().currsize >= 3
