"""The report filter (egov.stats.forms.ReportForm) as the dashboard and the public page show it: its selects
written in Python with their options kept (the public page's time went to Django's template per option),
the same markup as Django's select, and a catalogue change offered at once."""

from __future__ import annotations

import pytest
from django import forms
from django.db import connection
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from egov.organizations.models import Agency
from egov.procedures.models import Procedure
from egov.stats.forms import ReportForm

pytestmark = pytest.mark.django_db


DJANGO_WIDGETS = {
    "period": lambda f: forms.Select(choices=f.choices),
    "agency": lambda f: forms.Select(choices=f.choices),
    "field": lambda f: forms.Select(choices=f.choices),
    "procedure": lambda f: forms.Select(choices=f.choices),
    "year": lambda f: forms.NumberInput(),
    "month": lambda f: forms.NumberInput(),
    "quarter": lambda f: forms.NumberInput(),
    "start": lambda f: forms.DateInput(attrs={"type": "date"}),
    "end": lambda f: forms.DateInput(attrs={"type": "date"}),
}


def _django_widget(form: ReportForm, name: str) -> str:
    """The bound field as Django's own widget writes it (the same attributes: id, min, aria-invalid, ...)."""
    widget = DJANGO_WIDGETS[name](form.fields[name])
    widget.attrs.update(form.fields[name].widget_attrs(widget))
    return str(form[name].as_widget(widget=widget))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"procedure": "PICK", "agency": "AGENCY"},
        {"field": "999999"},
        {"period": "quarter", "year": "2025", "quarter": "3"},
        {"period": "custom", "start": "2026-02-01", "end": "2026-01-01", "month": "13"},
    ],
)
def test_each_field_writes_what_django_s_widget_writes(cast, flows, data) -> None:
    agencies = list(Agency.objects.order_by("path"))
    if data and "procedure" in data:
        data = {"procedure": str(flows.inter.pk), "agency": str(agencies[1].pk)}
    with translation.override("vi"):
        for _ in range(2):  # written, then from the kept copy
            form = ReportForm(data, agencies)
            for name in DJANGO_WIDGETS:
                assert parse_html(str(form[name])) == parse_html(_django_widget(form, name)), name
    if data and "procedure" in data:
        assert f'<option value="{flows.inter.pk}" selected>' in str(form["procedure"])


def test_a_procedure_added_is_offered_at_once_and_the_lists_are_not_read_again(cast, flows) -> None:
    agencies = list(Agency.objects.order_by("path"))
    str(ReportForm(None, agencies)["procedure"])
    with CaptureQueriesContext(connection) as log:
        str(ReportForm(None, agencies)["procedure"])
    assert not log.captured_queries
    renamed = Procedure.objects.get(pk=flows.simple.pk)
    renamed.name = "Tên mới của thủ tục"
    renamed.save()
    assert "Tên mới của thủ tục" in str(ReportForm(None, agencies)["procedure"])


def test_a_value_not_offered_is_refused_in_vietnamese(cast, flows) -> None:
    with translation.override("vi"):
        form = ReportForm({"procedure": "999999"}, list(Agency.objects.all()))
        assert not form.is_valid()
        assert "Hãy chọn" in str(form.errors["procedure"])
