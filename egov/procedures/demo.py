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


# Which department of the demo province carries out the province-level procedures of each field.
# Since 1 March 2025 business registration sits with the Department of Finance and labour with the
# Department of Home Affairs (the departments' reorganisation under Decree 45/2025/NĐ-CP).
PROVINCE_DEPARTMENT_BY_FIELD = {
    "DD": "Sở Nông nghiệp và Môi trường",
    "DN": "Sở Tài chính",
    "LLTP": "Sở Tư pháp",
    "HT": "Sở Tư pháp",
    "GD": "Sở Giáo dục và Đào tạo",
    "LD": "Sở Nội vụ",
}


def _assign_demo_agencies(actor: Actor) -> None:
    from egov.organizations.models import Agency, AgencyKind
    from egov.procedures.models import Procedure
    from egov.procedures.services import catalogue

    communes = list(Agency.objects.filter(kind=AgencyKind.COMMUNE, is_active=True))
    departments = {a.name: a for a in Agency.objects.filter(kind=AgencyKind.DEPARTMENT)}
    for procedure in Procedure.objects.select_related("field").prefetch_related("agencies"):
        if procedure.agencies.exists():
            continue
        chosen = list(communes) if "commune" in procedure.levels else []
        department = departments.get(PROVINCE_DEPARTMENT_BY_FIELD.get(procedure.field.code, ""))
        if "province" in procedure.levels and department is not None:
            chosen.append(department)
        if chosen:
            catalogue.update_procedure(actor, procedure, agencies=chosen)


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
            ctx.say(
                f"Thủ tục hành chính: {len(result.created)} tạo mới, {len(result.updated)} cập nhật, "
                f"{len(result.unchanged)} giữ nguyên; đã gán cơ quan thực hiện."
            )

        def reset(self, ctx: DemoContext) -> None:
            # The catalogue is shared reference data: a reset of the demo province keeps it,
            # and the next build only links it to the new agencies again.
            return None


_register_builder()
