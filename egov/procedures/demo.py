"""The demo catalogue: real procedures with their sources, bundled as data/demo_catalogue.json.

`load_demo_catalogue()` loads it through the ordinary importer, so the demo
data passes the same checks as any administrator's file; running it again
changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from egov.core.audit import Actor, SystemActor
from egov.procedures.catalogue_io import importer
from egov.procedures.catalogue_io.format import ImportResult

DEMO_FILE = Path(__file__).parent / "data" / "demo_catalogue.json"


def load_demo_catalogue(actor: Actor | None = None, path: Path = DEMO_FILE) -> ImportResult:
    data = json.loads(path.read_text(encoding="utf-8"))
    result = importer.import_catalogue(actor or SystemActor(), data)
    if not result.ok:
        raise ValueError("demo catalogue rejected:\n" + "\n".join(str(e) for e in result.errors[:20]))
    return result


# Which department of the demo province carries out the province-level procedures of each field, and
# which of its offices examines the dossiers. Since 1 March 2025 business registration sits with the
# Department of Finance and labour with the Department of Home Affairs (the departments' reorganisation
# under Decree 45/2025/NĐ-CP), and criminal record certificates with the provincial police.
PROVINCE_DEPARTMENT_BY_FIELD = {
    "DD": "Sở Nông nghiệp và Môi trường",
    "DN": "Sở Tài chính",
    "LLTP": "Công an tỉnh",
    "HT": "Sở Tư pháp",
    "GD": "Sở Giáo dục và Đào tạo",
    "LD": "Sở Nội vụ",
}
EXAMINING_OFFICE = {
    "Sở Nông nghiệp và Môi trường": "Phòng Quản lý đất đai",
    "Sở Tài chính": "Phòng Đăng ký kinh doanh",
    "Sở Tư pháp": "Phòng Hành chính tư pháp",
    "Sở Giáo dục và Đào tạo": "Phòng Giáo dục phổ thông",
    "Sở Nội vụ": "Phòng Lao động - Việc làm",
}
#: Inter-agency steps whose name mentions the tax authority go to the provincial tax office.
TAX_OFFICE = ("Thuế tỉnh", "Phòng Quản lý hộ kinh doanh, cá nhân")
#: Residence and ID-card procedures are the commune police's (Decree 118/2025 art. 7.1.c: the police
#: organise their own one-stop arrangements).
COMMUNE_POLICE_FIELDS = ("CT", "CC")


def _assign_demo_agencies(actor: Actor) -> None:
    from egov.organizations.models import Agency, AgencyKind
    from egov.procedures.models import Procedure
    from egov.procedures.services import catalogue

    communes = list(Agency.objects.filter(kind=AgencyKind.COMMUNE, is_active=True))
    departments = {a.name: a for a in Agency.objects.filter(kind=AgencyKind.DEPARTMENT)}
    police = departments.get("Công an tỉnh")
    stations = (
        list(Agency.objects.filter(parent=police, kind=AgencyKind.UNIT, has_counter=True)) if police else []
    )
    for procedure in Procedure.objects.select_related("field").prefetch_related("agencies"):
        if procedure.agencies.exists():
            continue
        local = stations if procedure.field.code in COMMUNE_POLICE_FIELDS else communes
        chosen = list(local) if "commune" in procedure.levels else []
        department = departments.get(PROVINCE_DEPARTMENT_BY_FIELD.get(procedure.field.code, ""))
        if "province" in procedure.levels and department is not None:
            chosen.append(department)
        if chosen:
            catalogue.update_procedure(actor, procedure, agencies=chosen)


def _centre_routes(actor: Actor) -> int:
    """The provincial service centre's own workflow for each province-level procedure of a department: it
    receives and returns at the centre, the department's office examines, the department's leader signs.

    The centre belongs to the Office of the provincial People's Committee (Decree 118/2025 art. 7.2.a) and
    holds no specialist of any department: without naming the department on its steps a dossier received
    there would wait for nobody (and `workflows.publish_workflow` refuses such a workflow).
    """
    from egov.organizations.models import Agency, AgencyKind
    from egov.procedures.models import Procedure, PublicationStatus, StepKind
    from egov.procedures.services import workflows

    centre = Agency.objects.filter(
        kind=AgencyKind.SERVICE_CENTER, has_counter=True, parent__kind=AgencyKind.DEPARTMENT
    ).first()
    if centre is None:
        return 0
    made = 0
    by_name = {a.name: a for a in Agency.objects.filter(kind=AgencyKind.DEPARTMENT)}
    for procedure in Procedure.objects.select_related("field").order_by("code"):
        department = by_name.get(PROVINCE_DEPARTMENT_BY_FIELD.get(procedure.field.code, ""))
        office_name = EXAMINING_OFFICE.get(department.name, "") if department else ""
        office = Agency.objects.filter(parent=department, name=office_name).first() if department else None
        if "province" not in procedure.levels or department is None or office is None:
            continue
        family = procedure.workflows.filter(agency=centre)
        if family.filter(status=PublicationStatus.PUBLISHED).exists():
            continue
        default = procedure.workflows.filter(agency=None, status=PublicationStatus.PUBLISHED).first()
        if default is None:
            continue
        tax = Agency.objects.filter(parent__name=TAX_OFFICE[0], name=TAX_OFFICE[1]).first()
        rows = []
        for step in default.steps.order_by("position"):
            where = None
            if step.kind == StepKind.PROCESS:
                where = office
            elif step.kind == StepKind.APPROVE:
                where = department
            elif step.kind == StepKind.INTER_AGENCY:
                where = tax if tax is not None and "thuế" in step.name.lower() else office
            rows.append(
                {
                    "kind": step.kind,
                    "name": step.name,
                    "role": step.role,
                    "agency": where,
                    "allotted_hours": step.allotted_hours,
                }
            )
        draft = workflows.new_workflow_draft(actor, procedure, centre)
        draft = workflows.save_workflow_steps(actor, draft, rows)
        workflows.publish_workflow(actor, draft)
        made += 1
    return made


def _register_builder() -> None:
    from egov.demo.builders import DemoBuilder, DemoContext, register
    from egov.procedures.models import Procedure

    @register
    class ProceduresDemo(DemoBuilder):
        """The 45 real procedures of the bundled catalogue, carried out by the demo province's agencies."""

        name = "procedures"
        order = 200

        def is_built(self, ctx: DemoContext) -> bool:
            codes = [p["code"] for p in json.loads(DEMO_FILE.read_text(encoding="utf-8"))["procedures"]]
            present = Procedure.objects.filter(code__in=codes)
            # After a reset of the province the procedures lose their agencies: build links them again.
            return present.count() == len(codes) and not present.filter(agencies__isnull=True).exists()

        def build(self, ctx: DemoContext) -> None:
            result = load_demo_catalogue(ctx.actor)
            _assign_demo_agencies(ctx.actor)
            routes = _centre_routes(ctx.actor)
            ctx.say(
                f"Thủ tục hành chính: {len(result.created)} tạo mới, {len(result.updated)} cập nhật, "
                f"{len(result.unchanged)} giữ nguyên; đã gán cơ quan thực hiện; "
                f"{routes} quy trình liên thông của Trung tâm Phục vụ hành chính công tỉnh."
            )

        def reset(self, ctx: DemoContext) -> None:
            # The catalogue is shared reference data: a reset of the demo province keeps it, and the next
            # build only links it to the new agencies again. The workflows of the province's own agencies
            # (the centre's routes) go with the province: their steps name its agencies.
            from egov.organizations.demo import demo_root
            from egov.procedures.models import WorkflowTemplate

            root = demo_root()
            if root is not None:
                WorkflowTemplate.objects.filter(agency__path__startswith=root.path).delete()


_register_builder()
