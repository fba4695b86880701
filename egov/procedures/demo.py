"""The demo catalogue: real procedures with their sources, bundled as data/demo_catalogue.json.

`load_demo_catalogue()` loads it through the ordinary importer, so the demo
data passes the same checks as any administrator's file; running it again
changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
#: The provincial police's office for residence and identity data (PC06).
POLICE_ADMIN_OFFICE = ("Công an tỉnh", "Phòng Cảnh sát quản lý hành chính về trật tự xã hội")
COMMUNE_POLICE = ("Công an tỉnh", "")
LAND_OFFICE = ("Sở Nông nghiệp và Môi trường", "Phòng Quản lý đất đai")
SOCIAL_INSURANCE_CARDS = ("Bảo hiểm xã hội tỉnh", "Phòng Quản lý thu và Sổ, thẻ")
SOCIAL_INSURANCE_BENEFITS = ("Bảo hiểm xã hội tỉnh", "Phòng Chế độ bảo hiểm xã hội")
#: Where the inter-agency step of each procedure happens in the demo province (Decree 118/2025 art. 20.2:
#: each body's task in the inter-agency route): (department, office or "" for the department itself,
#: whether it is the department's unit serving the receiving commune). docs/demo.md explains each choice.
INTER_AGENCY_PLACES: dict[str, tuple[tuple[str, str], bool]] = {
    # death registration: the commune police strike the permanent residence off
    "1.000656": (COMMUNE_POLICE, True),
    # birth registration: the commune police register the permanent residence
    "2.000986": (COMMUNE_POLICE, True),
    # marital status certificate, late birth registration: the police verify
    "1.004873": (COMMUNE_POLICE, True),
    "1.004884": (COMMUNE_POLICE, True),
    # identity card: the national population data centre (Ministry of Public Security) is outside the
    # province; the provincial police's PC06 office forwards to it
    "1.014061": (POLICE_ADMIN_OFFICE, False),
    # criminal record certificate: the verification with the police; courts and procuracies are not in the
    # demo province
    "3.000333": (POLICE_ADMIN_OFFICE, False),
    # land: the tax authority's financial obligations (the demo has no grassroots tax units)
    "1.013978": (TAX_OFFICE, False),
    "1.013949": (TAX_OFFICE, False),
    "1.001266": (TAX_OFFICE, False),
    "1.012784": (TAX_OFFICE, False),
    "1.013992": (TAX_OFFICE, False),
    # lost land certificate: the commune where the parcel lies posts the notice; the receiving counter
    # does not say which commune that is, so the land office sends the request and follows it
    "1.012786": (LAND_OFFICE, False),
    # linked groups (Decree 63/2024 as amended by Decree 301/2026): the social-insurance office issues the
    # child's health-insurance card and decides the funeral allowance; the ID card of a child is produced as
    # the one of an adult (the provincial police's PC06 office forwards to the national centre)
    "1.014137": (SOCIAL_INSURANCE_CARDS, False),
    "1.014177": (SOCIAL_INSURANCE_BENEFITS, False),
    "1.014062": (POLICE_ADMIN_OFFICE, False),
}
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
        rows = []
        for step in default.steps.order_by("position"):
            where, local = None, False
            if step.kind == StepKind.PROCESS:
                where = office
            elif step.kind == StepKind.APPROVE:
                where = department
            elif step.kind == StepKind.INTER_AGENCY:
                where, local = _inter_agency_place(procedure.code)
                where = where or office
            rows.append(_row(step, where, local))
        draft = workflows.new_workflow_draft(actor, procedure, centre)
        draft = workflows.save_workflow_steps(actor, draft, rows)
        workflows.publish_workflow(actor, draft)
        made += 1
    return made


def _inter_agency_place(code: str) -> tuple[Any, bool]:
    """The demo agency (and local-unit flag) of a procedure's inter-agency step (INTER_AGENCY_PLACES)."""
    from egov.organizations.models import Agency, AgencyKind

    if code not in INTER_AGENCY_PLACES:
        return None, False
    (department_name, office_name), local = INTER_AGENCY_PLACES[code]
    department = Agency.objects.filter(kind=AgencyKind.DEPARTMENT, name=department_name).first()
    if department is None or not office_name:
        return department, local
    return Agency.objects.filter(parent=department, name=office_name).first(), local


def _row(step: Any, where: Any, local: bool) -> dict[str, Any]:
    return {
        "kind": step.kind,
        "name": step.name,
        "role": step.role,
        "agency": where,
        "local_unit": local and where is not None,
        "allotted_hours": step.allotted_hours,
    }


def _province_routes(actor: Actor) -> int:
    """The demo province's own workflow of each procedure with an inter-agency step: the shared default
    steps, with the inter-agency step naming the demo agency that carries it out (INTER_AGENCY_PLACES).

    Held by the province's root agency, so every counter of the province follows it unless a nearer agency
    has its own (the provincial centre's routes). The shared catalogue (data/demo_catalogue.json) keeps
    its steps without agencies: it is loaded without the demo province (the importer refuses unknown agency
    codes) and outlives the province's reset, which a step naming a province agency would block.
    """
    from egov.organizations.demo import demo_root
    from egov.procedures.models import Procedure, PublicationStatus, StepKind
    from egov.procedures.services import workflows

    root = demo_root()
    if root is None:
        return 0
    made = 0
    for procedure in Procedure.objects.filter(code__in=INTER_AGENCY_PLACES).order_by("code"):
        if procedure.workflows.filter(agency=root, status=PublicationStatus.PUBLISHED).exists():
            continue
        default = procedure.workflows.filter(agency=None, status=PublicationStatus.PUBLISHED).first()
        where, local = _inter_agency_place(procedure.code)
        if default is None or where is None:
            continue
        rows = [
            _row(step, where if step.kind == StepKind.INTER_AGENCY else None, local)
            for step in default.steps.order_by("position")
        ]
        draft = workflows.new_workflow_draft(actor, procedure, root)
        draft = workflows.save_workflow_steps(actor, draft, rows)
        workflows.publish_workflow(actor, draft)
        made += 1
    return made


def _register_builder() -> None:
    from egov.demo.builders import DemoBuilder, DemoContext, register
    from egov.procedures.models import Procedure

    @register
    class ProceduresDemo(DemoBuilder):
        """The 49 real procedures of the bundled catalogue, carried out by the demo province's agencies."""

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
            province = _province_routes(ctx.actor)
            ctx.say(
                f"Thủ tục hành chính: {len(result.created)} tạo mới, {len(result.updated)} cập nhật, "
                f"{len(result.unchanged)} giữ nguyên; đã gán cơ quan thực hiện; "
                f"{routes} quy trình liên thông của Trung tâm Phục vụ hành chính công tỉnh; "
                f"{province} quy trình liên thông của tỉnh."
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
