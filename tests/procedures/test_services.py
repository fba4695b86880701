"""Catalogue writes: workflow totals, versions that never change, publication rules, who may edit."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from egov.core.models import AuditEntry
from egov.procedures import selectors
from egov.procedures.models import Procedure, PublicationStatus
from egov.procedures.services import catalogue as services
from egov.procedures.services import forms as form_services
from egov.procedures.services import workflows
from egov.procedures.services.catalogue import ProcedureData
from tests.conftest import Cast
from tests.factories import SYSTEM
from tests.procedures.conftest import Catalogue, steps

pytestmark = pytest.mark.django_db
# Messages are asserted in Vietnamese, the language every screen uses.


class TestWorkflowTotals:
    def test_allotments_must_add_up_to_the_legal_time(self, catalogue: Catalogue) -> None:
        template = workflows.new_workflow_draft(SYSTEM, catalogue.birth)
        rows = steps()
        rows[1]["allotted_hours"] = Decimal(7)  # 0.5 + 7 + 1 + 0.5 = 9 ≠ 8
        with pytest.raises(ValidationError) as error:
            workflows.save_workflow_steps(SYSTEM, template, rows)
        assert "9" in error.value.messages[0] and "8" in error.value.messages[0]
        assert [s.allotted_hours for s in template.steps.order_by("position")] == [
            Decimal("0.5"), Decimal(6), Decimal(1), Decimal("0.5")
        ]  # fmt: skip

    def test_hours_procedures_count_hours(self, catalogue: Catalogue) -> None:
        services.update_procedure(
            SYSTEM,
            catalogue.draft,
            replace(ProcedureData.of(catalogue.draft), processing_time=Decimal(4), time_unit="hours"),
        )
        template = workflows.new_workflow_draft(SYSTEM, catalogue.draft)
        rows = [
            ("receive", "Tiếp nhận", "desk_officer", "1"),
            ("approve", "Ký", "leader", "2"),
            ("return", "Trả", "desk_officer", "1"),
        ]
        workflows.save_workflow_steps(SYSTEM, template, steps(rows))
        assert template.total_hours == Decimal(4)

    @pytest.mark.parametrize(
        "rows, words",
        [
            ([("process", "Xử lý", "specialist", "8")], "Bước đầu tiên"),
            ([("receive", "Nhận", "desk_officer", "2"), ("approve", "Ký", "leader", "6")], "Bước cuối cùng"),
            ([("receive", "Nhận", "desk_officer", "4"), ("return", "Trả", "desk_officer", "4")], "phê duyệt"),
            (
                [("receive", "Nhận", "specialist", "1"), ("approve", "Ký", "leader", "6"),
                 ("return", "Trả", "desk_officer", "1")],
                "Bước 1",
            ),
        ],
    )  # fmt: skip
    def test_shape_rules(self, catalogue: Catalogue, rows: list, words: str) -> None:
        template = workflows.new_workflow_draft(SYSTEM, catalogue.birth)
        with pytest.raises(ValidationError) as error:
            workflows.save_workflow_steps(SYSTEM, template, steps(rows))
        assert any(words in m for m in error.value.messages)

    def test_inter_agency_steps_may_name_another_agency(self, catalogue: Catalogue, cast: Cast) -> None:
        template = workflows.new_workflow_draft(SYSTEM, catalogue.birth)
        rows = steps()
        rows.insert(2, {"kind": "inter_agency", "name": "Sở Tư pháp xác minh", "role": "specialist",
                        "agency": cast.province.justice, "allotted_hours": Decimal(0)})  # fmt: skip
        workflows.save_workflow_steps(SYSTEM, template, rows)
        assert template.steps.get(position=3).agency == cast.province.justice


class TestVersions:
    def test_publishing_retires_the_previous_version_and_keeps_it_intact(self, catalogue: Catalogue) -> None:
        first = selectors.current_workflow(catalogue.birth)
        assert first is not None and first.version == 1
        draft = workflows.new_workflow_draft(SYSTEM, catalogue.birth)
        assert draft.version == 2 and [s.name for s in draft.steps.all()] == [
            s.name for s in first.steps.all()
        ]
        rows = steps()
        rows[1]["allotted_hours"], rows[2]["allotted_hours"] = Decimal(5), Decimal(2)
        workflows.save_workflow_steps(SYSTEM, draft, rows)
        # Until published, new dossiers still get version 1.
        assert selectors.current_workflow(catalogue.birth) == first
        workflows.publish_workflow(SYSTEM, draft)
        assert selectors.current_workflow(catalogue.birth) == draft
        first.refresh_from_db()
        assert first.status == PublicationStatus.UNPUBLISHED
        assert [s.allotted_hours for s in first.steps.all()][1] == Decimal(6)

    def test_a_published_version_cannot_be_edited(self, catalogue: Catalogue) -> None:
        published = selectors.current_workflow(catalogue.birth)
        assert published is not None
        with pytest.raises(ValidationError):
            workflows.save_workflow_steps(SYSTEM, published, steps())
        form = selectors.current_form(catalogue.birth)
        assert form is not None
        with pytest.raises(ValidationError):
            form_services.save_form_schema(SYSTEM, form, {"fields": []})

    def test_an_agency_template_wins_for_that_agency_and_below(
        self, catalogue: Catalogue, cast: Cast
    ) -> None:
        commune = cast.province.commune_a
        own = workflows.new_workflow_draft(SYSTEM, catalogue.birth, commune)
        workflows.publish_workflow(SYSTEM, own)
        assert selectors.current_workflow(catalogue.birth, commune) == own
        default = selectors.current_workflow(catalogue.birth, cast.province.commune_b)
        assert default is not None and default.agency is None

    def test_form_versions(self, catalogue: Catalogue) -> None:
        first = selectors.current_form(catalogue.birth)
        draft = form_services.new_form_draft(SYSTEM, catalogue.birth)
        assert first is not None and draft.version == first.version + 1 and draft.schema == first.schema
        form_services.save_form_schema(
            SYSTEM, draft, {"fields": [{"name": "a", "label": "A", "type": "text"}]}
        )
        with pytest.raises(ValidationError):
            form_services.save_form_schema(
                SYSTEM, draft, {"fields": [{"name": "a", "label": "", "type": "text"}]}
            )
        form_services.publish_form(SYSTEM, draft)
        assert selectors.current_form(catalogue.birth) == draft
        first.refresh_from_db()
        assert first.status == PublicationStatus.UNPUBLISHED and len(first.schema["fields"]) == 9


class TestPublication:
    def test_a_procedure_without_workflow_cannot_be_published(self, catalogue: Catalogue) -> None:
        with pytest.raises(ValidationError) as error:
            services.set_status(SYSTEM, catalogue.draft, "published")
        assert any("quy trình" in m for m in error.value.messages)
        assert Procedure.objects.get(pk=catalogue.draft.pk).status == PublicationStatus.DRAFT

    def test_changing_the_legal_time_of_a_published_procedure_needs_a_matching_workflow(
        self, catalogue: Catalogue
    ) -> None:
        with pytest.raises(ValidationError):
            services.update_procedure(
                SYSTEM,
                catalogue.birth,
                replace(ProcedureData.of(catalogue.birth), processing_time=Decimal(2)),
            )
        assert Procedure.objects.get(pk=catalogue.birth.pk).processing_time == Decimal(1)

    def test_unpublish_hides_it(self, catalogue: Catalogue) -> None:
        services.set_status(SYSTEM, catalogue.birth, "unpublished")
        assert not selectors.public_procedures().filter(pk=catalogue.birth.pk).exists()

    def test_every_change_is_audited(self, catalogue: Catalogue) -> None:
        actions = set(AuditEntry.objects.values_list("action", flat=True))
        assert {"procedure.create", "procedure.documents", "procedure.fees", "workflow.publish",
                "form.publish", "procedure.publish"} <= actions  # fmt: skip


def test_a_negative_fee_is_refused_and_nothing_changes(catalogue: Catalogue) -> None:
    procedure = Procedure.objects.get(code="1.001193")
    before = list(procedure.fees.values_list("name", "amount"))
    with pytest.raises(ValidationError) as refused:
        services.save_fees(SYSTEM, procedure, [{"name": "Lệ phí", "amount": Decimal(-1)}])
    assert refused.value.messages == ["Mức thu không được âm."]
    assert list(procedure.fees.values_list("name", "amount")) == before
