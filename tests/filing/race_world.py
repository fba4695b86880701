"""The small province the filing race scripts share: a province, its justice department and an office, a
commune with a one-stop counter and its desk officer, an online procedure, and a verified citizen."""

from __future__ import annotations

from types import SimpleNamespace

from egov.organizations.models import AgencyKind, Role
from tests.factories import make_agency, make_citizen, make_staff
from tests.filing.conftest import online_procedure


def counter_world() -> SimpleNamespace:
    root = make_agency("UBND tỉnh", AgencyKind.PROVINCE, code="000.00.00.H99")
    justice = make_agency("Sở Tư pháp", AgencyKind.DEPARTMENT, root, code="000.00.01.H99")
    office = make_agency("Phòng", AgencyKind.OFFICE, justice, code="000.01.01.H99")
    commune = make_agency("UBND xã A", AgencyKind.COMMUNE, root, code="000.00.31.H99", has_counter=True)
    make_staff("motcua", commune, (Role.DESK_OFFICER,))
    online = online_procedure(root=root, justice=justice, office=office, counter=commune)
    citizen = make_citizen("congdan", id_number="001090012345", verified=True)
    return SimpleNamespace(root=root, commune=commune, online=online, citizen=citizen)
