"""The faster get_FOO_display (egov.core.choices) answers what Django's own method answers, in the language
active at the call."""

from __future__ import annotations

import pytest
from django.utils import translation

from egov.core.choices import label
from egov.dossiers.models import Attachment, Dossier, Status, StepVisit, Timeliness


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_status_label_is_djangos_in_the_active_language(language):
    field = Dossier._meta.get_field("status")
    with translation.override(language):
        for value in [*Status.values, "not-a-status"]:
            d = Dossier(status=value)
            assert d.get_status_display() == d._get_FIELD_display(field) == label(Status, value)
    with translation.override("vi"):
        vi = Dossier(status=Status.RETURNED).get_status_display()
    with translation.override("en"):
        assert Dossier(status=Status.RETURNED).get_status_display() != vi == "Đã trả kết quả"


def test_the_other_fields_with_choices_are_djangos_too():
    with translation.override("vi"):
        visit = StepVisit(timeliness=Timeliness.LATE)
        timeliness = StepVisit._meta.get_field("timeliness")
        assert visit.get_timeliness_display() == visit._get_FIELD_display(timeliness)
        paper = Attachment(kind=Attachment.Kind.RESULT)
        assert paper.get_kind_display() == paper._get_FIELD_display(Attachment._meta.get_field("kind"))
        assert visit.get_timeliness_display() != Timeliness.LATE.value
