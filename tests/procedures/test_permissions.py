"""Who may change the catalogue, through every service: what agencies share is the province's.

The birth registration (catalogue.birth) is carried out by communes A and B. The administrator of
commune A may read it and keep commune A's own workflow; everything the two communes share — code,
name, agencies, papers, fees, online form, publication, the default workflow — and commune B's
workflow stay out of reach, and a refused call changes nothing (no row, no audit entry).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from egov.core.models import AuditEntry
from egov.organizations.models import Staff
from egov.procedures import permissions, selectors
from egov.procedures.catalogue_io import export, importer
from egov.procedures.models import FormVersion, Procedure, WorkflowStep, WorkflowTemplate
from egov.procedures.services import catalogue as services
from egov.procedures.services import forms as form_services
from egov.procedures.services import workflows
from egov.procedures.services.catalogue import ProcedureData
from tests.conftest import Cast
from tests.factories import SYSTEM
from tests.procedures.conftest import Catalogue, steps

pytestmark = pytest.mark.django_db


def state() -> tuple[Any, ...]:
    """Everything a refused call must leave as it was."""
    return (
        export.export_catalogue(),
        list(WorkflowTemplate.objects.order_by("pk").values_list("pk", "status", "version")),
        list(WorkflowStep.objects.order_by("pk").values_list("pk", "name", "allotted_hours")),
        list(FormVersion.objects.order_by("pk").values_list("pk", "status", "schema")),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def drafts(catalogue: Catalogue, cast: Cast) -> dict[str, Any]:
    """Drafts the province administrator left open: the default workflow, commune B's, the form."""
    return {
        "default": workflows.new_workflow_draft(SYSTEM, catalogue.birth, None),
        "commune_b": workflows.new_workflow_draft(SYSTEM, catalogue.birth, cast.province.commune_b),
        "form": form_services.new_form_draft(SYSTEM, catalogue.birth),
    }


def shared_changes(catalogue: Catalogue, cast: Cast, drafts: dict[str, Any]) -> dict[str, Callable]:
    """Every service call that changes what the procedure's agencies share, by what it changes."""
    birth = catalogue.birth
    renamed = replace(ProcedureData.of(birth), name="Khai sinh (sửa riêng)")
    recoded = replace(ProcedureData.of(birth), code="9.999999")
    document = birth.documents.first()
    assert document is not None
    return {
        "name": lambda actor: services.update_procedure(actor, birth, renamed),
        "code": lambda actor: services.update_procedure(actor, birth, recoded),
        "agencies": lambda actor: services.update_procedure(actor, birth, agencies=[cast.province.commune_a]),
        "papers": lambda actor: services.save_documents(
            actor, birth, [{"id": document.pk, "name": "Giấy khác", "copy_kind": "copy"}]
        ),
        "fees": lambda actor: services.save_fees(
            actor, birth, [{"kind": "charge", "name": "Lệ phí", "amount": Decimal(50000)}]
        ),
        "unpublish": lambda actor: services.set_status(actor, birth, "unpublished"),
        "field": lambda actor: services.save_field(actor, catalogue.civil, code="HT", name="Tên khác"),
        "new procedure": lambda actor: services.create_procedure(
            actor, replace(ProcedureData.of(birth), code="9.1"), agencies=[cast.province.commune_a]
        ),
        "new form version": lambda actor: form_services.new_form_draft(actor, catalogue.draft),
        "form fields": lambda actor: form_services.save_form_schema(
            actor, drafts["form"], {"fields": [{"name": "a", "label": "A", "type": "text"}]}
        ),
        "form publication": lambda actor: form_services.publish_form(actor, drafts["form"]),
        "form discarded": lambda actor: form_services.discard_form_draft(actor, drafts["form"]),
        "default workflow draft": lambda actor: workflows.new_workflow_draft(actor, catalogue.draft, None),
        "default workflow steps": lambda actor: workflows.save_workflow_steps(
            actor, drafts["default"], steps()
        ),
        "default workflow publication": lambda actor: workflows.publish_workflow(actor, drafts["default"]),
        "default workflow discarded": lambda actor: workflows.discard_workflow_draft(
            actor, drafts["default"]
        ),
        "commune B workflow draft": lambda actor: workflows.new_workflow_draft(
            actor, catalogue.birth, cast.province.commune_b
        ),
        "commune B workflow steps": lambda actor: workflows.save_workflow_steps(
            actor, drafts["commune_b"], steps()
        ),
        "commune B workflow publication": lambda actor: workflows.publish_workflow(
            actor, drafts["commune_b"]
        ),
        "commune B workflow discarded": lambda actor: workflows.discard_workflow_draft(
            actor, drafts["commune_b"]
        ),
        "import": lambda actor: importer.import_catalogue(actor, _renamed_export()),
    }


def _renamed_export() -> dict[str, Any]:
    data = export.export_catalogue()
    data["procedures"][0]["name"] = "Tên do xã tự đặt"
    return data


CHANGES = [
    "name", "code", "agencies", "papers", "fees", "unpublish", "field", "new procedure",
    "new form version", "form fields", "form publication", "form discarded", "default workflow draft",
    "default workflow steps", "default workflow publication", "default workflow discarded",
    "commune B workflow draft", "commune B workflow steps", "commune B workflow publication",
    "commune B workflow discarded", "import",
]  # fmt: skip


@pytest.mark.parametrize("change", CHANGES)
def test_a_commune_administrator_cannot_change_what_communes_share(
    catalogue: Catalogue, cast: Cast, drafts: dict[str, Any], commune_admin: Staff, change: str
) -> None:
    call = shared_changes(catalogue, cast, drafts)[change]
    before = state()
    with pytest.raises(PermissionDenied):
        call(commune_admin.user)
    assert state() == before


@pytest.mark.parametrize(
    "persona", ["justice_admin", "desk_officer", "specialist", "leader", "clerk", "auditor"]
)
@pytest.mark.parametrize(
    "change", ["name", "papers", "fees", "unpublish", "form fields", "default workflow steps"]
)
def test_no_other_persona_changes_it_either(
    catalogue: Catalogue, cast: Cast, drafts: dict[str, Any], persona: str, change: str
) -> None:
    call = shared_changes(catalogue, cast, drafts)[change]
    before = state()
    with pytest.raises(PermissionDenied):
        call(getattr(cast, persona).user)
    assert state() == before


@pytest.mark.parametrize("change", CHANGES)
def test_a_province_administrator_can(
    catalogue: Catalogue, cast: Cast, drafts: dict[str, Any], change: str, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    if change == "commune B workflow draft":
        workflows.discard_workflow_draft(SYSTEM, drafts["commune_b"])  # else the open draft is returned
    before = state()
    call = shared_changes(catalogue, cast, drafts)[change]
    call(cast.province_admin.user)
    assert state() != before


class TestOwnWorkflow:
    def test_a_commune_administrator_keeps_its_own_workflow(
        self, catalogue: Catalogue, cast: Cast, commune_admin: Staff
    ) -> None:
        user, commune = commune_admin.user, cast.province.commune_a
        draft = workflows.new_workflow_draft(user, catalogue.birth, commune)
        rows = steps()
        rows[1]["allotted_hours"], rows[2]["allotted_hours"] = Decimal(5), Decimal(2)
        workflows.save_workflow_steps(user, draft, rows)
        workflows.publish_workflow(user, draft)
        assert selectors.current_workflow(catalogue.birth, commune) == draft
        default = selectors.current_workflow(catalogue.birth, cast.province.commune_b)
        assert default is not None and default.agency is None
        again = workflows.new_workflow_draft(user, catalogue.birth, commune)
        workflows.discard_workflow_draft(user, again)
        assert not WorkflowTemplate.objects.filter(pk=again.pk).exists()

    def test_only_for_a_procedure_its_commune_carries_out(
        self, catalogue: Catalogue, cast: Cast, commune_admin: Staff
    ) -> None:
        before = state()
        with pytest.raises(PermissionDenied):
            workflows.new_workflow_draft(commune_admin.user, catalogue.draft, cast.province.commune_a)
        assert state() == before

    def test_reads_the_procedures_of_its_commune_only(
        self, catalogue: Catalogue, cast: Cast, commune_admin: Staff
    ) -> None:
        assert list(selectors.readable_procedures(commune_admin.user)) == [catalogue.birth]
        assert list(selectors.readable_procedures(cast.justice_admin.user)) == [catalogue.draft]
        assert set(selectors.readable_procedures(cast.province_admin.user)) == {
            catalogue.birth,
            catalogue.draft,
        }
        assert permissions.may_read_catalogue(commune_admin.user)
        assert not permissions.may_edit_catalogue(commune_admin.user)

    @pytest.mark.parametrize("persona", ["desk_officer", "specialist", "leader", "clerk", "auditor"])
    def test_other_roles_read_nothing(self, catalogue: Catalogue, cast: Cast, persona: str) -> None:
        user = getattr(cast, persona).user
        assert not permissions.may_read_catalogue(user)
        assert not Procedure.objects.visible_to(user).exists()
