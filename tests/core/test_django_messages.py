"""Django's own validator messages in the project's Vietnamese (egov/core/django_messages.py): Django's
catalogue writes "Đảm bảo giá trị này lớn hơn hoặc bằng với 1 ." (a newcomer's walk, the counter's sets)."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation


@pytest.mark.parametrize(
    ("value", "message"), [("0", "Nhập một giá trị từ 1 trở lên."), ("100", "Nhập một giá trị không quá 99.")]
)
def test_a_number_out_of_its_bounds_is_told_in_the_project_s_words(value, message):
    field = forms.IntegerField(min_value=1, max_value=99)
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        field.clean(value)
    assert refused.value.messages == [message]


def test_a_nul_character_is_refused_in_vietnamese():
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        forms.CharField().clean("ab\x00c")
    assert refused.value.messages == ["Nội dung có ký tự không hợp lệ (ký tự NUL): hãy gõ lại."]
