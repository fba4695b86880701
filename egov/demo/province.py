"""The fictional province "Hòa Bình Xanh": its agency tree, staff and personas, as plain data.

Nothing here touches the database. `plan_province(seed)` returns the same plan for
the same seed, so determinism is testable without a database and the builder only
has to write the plan down through the organisation services.

Where the shape and the codes come from is written beside the data in egov.demo.data.
"""

from __future__ import annotations

from egov.core.text import fold
from egov.demo.data import (
    CENTER_NAME,
    COMMUNE_ROOMS,
    COMMUNE_SPECIALISTS,
    COMMUNES,
    DEPARTMENTS,
    POLICE_RECORDS_OFFICE,
    SHORT_NAMES,
    Department,
)
from egov.demo.planner import AgencyPlan, Persona, Planner, ProvincePlan, Slot, between
from egov.organizations.models import AgencyKind, Role

DEFAULT_SEED = 2026
DEMO_PASSWORD = "egov-demo-2026"

PROVINCE_NAME = "Hòa Bình Xanh"
PROVINCE_LETTER_CODE = "H99"
PROVINCE_UNIT_CODE = "99"
ROOT_CODE = f"000.00.00.{PROVINCE_LETTER_CODE}"
EMAIL_DOMAIN = "hoabinhxanh.example"  # RFC 2606: a reserved name, so no mail reaches a real inbox


def agency_code(level2: int, level3: int = 0, level4: int = 0) -> str:
    """The electronic identifier of a unit, in the four-group form (QCVN 102:2016/BTTTT) that
    egov.organizations.identifiers accepts beside Decision 20/2020/QĐ-TTg's: "000.03.02.H99"."""
    return f"{level4:03d}.{level3:02d}.{level2:02d}.{PROVINCE_LETTER_CODE}"


FIRST_COMMUNE_LEVEL2 = 31  # departments use 01-20 at level 2, communes follow from 31
#: Level 3 inside a commune: its service centre, then its rooms (COMMUNE_ROOMS, in that order).
COMMUNE_CENTRE = 1
COMMUNE_FIRST_ROOM = 2
#: Level 3 inside the provincial police: its offices, then one commune police station per commune.
POLICE_SLUG = "cat"
FIRST_COMMUNE_POLICE_LEVEL3 = 11


#: One account per role on the commune of An Bình (the commune dossier flow end to end), plus the
#: province-level flow through the service centre and the Department of Justice.
PERSONAS: tuple[Persona, ...] = (
    Persona("demo.quantri", Role.PROVINCE_ADMIN, ROOT_CODE, "Quản trị hệ thống", "province administrator"),
    Persona(
        "demo.quantri.stp",
        Role.AGENCY_ADMIN,
        agency_code(3),
        "Chuyên viên quản trị hệ thống",
        "agency administrator, Department of Justice",
    ),
    Persona(
        "demo.motcua",
        Role.DESK_OFFICER,
        agency_code(FIRST_COMMUNE_LEVEL2, COMMUNE_CENTRE),
        "Công chức Trung tâm Phục vụ hành chính công xã",
        "desk officer, commune",
    ),
    Persona(
        "demo.chuyenvien",
        Role.SPECIALIST,
        agency_code(FIRST_COMMUNE_LEVEL2, COMMUNE_FIRST_ROOM),
        "Công chức Tư pháp - Hộ tịch",
        "specialist, commune",
    ),
    Persona(
        "demo.lanhdao",
        Role.LEADER,
        agency_code(FIRST_COMMUNE_LEVEL2),
        "Chủ tịch Ủy ban nhân dân xã",
        "leader, commune",
    ),
    Persona("demo.vanthu", Role.CLERK, agency_code(FIRST_COMMUNE_LEVEL2), "Văn thư", "clerk, commune"),
    Persona(
        "demo.kiemtra",
        Role.AUDITOR,
        ROOT_CODE,
        "Chuyên viên kiểm tra, giám sát",
        "auditor (read-only), whole province",
    ),
    Persona(
        "demo.motcua.tinh",
        Role.DESK_OFFICER,
        agency_code(1, 1),
        "Công chức tiếp nhận và trả kết quả",
        "desk officer, provincial service centre",
    ),
    Persona(
        "demo.chuyenvien.stp",
        Role.SPECIALIST,
        agency_code(3, 1),
        "Chuyên viên",
        "specialist, Department of Justice",
    ),
    Persona("demo.lanhdao.stp", Role.LEADER, agency_code(3), "Giám đốc Sở", "leader, Department of Justice"),
    # The centre's director: its counter's throughput per department (the dashboard's counter view).
    Persona(
        "demo.lanhdao.pvhcc",
        Role.LEADER,
        agency_code(1, 1),
        "Giám đốc Trung tâm",
        "leader, provincial service centre",
    ),
)


def plan_province(seed: int = DEFAULT_SEED) -> ProvincePlan:
    """The whole demo province for `seed`: the same seed always gives the same plan."""
    p = Planner(seed, PERSONAS, PROVINCE_LETTER_CODE, EMAIL_DOMAIN)
    capital = "phường Hòa Xanh"
    root = p.add_agency(
        AgencyPlan(
            code=ROOT_CODE,
            name=f"Ủy ban nhân dân tỉnh {PROVINCE_NAME}",
            short_name=f"UBND tỉnh {PROVINCE_NAME}",
            kind=AgencyKind.PROVINCE,
            parent_code=None,
            slug="tinh",
            admin_unit_code=PROVINCE_UNIT_CODE,
            address=f"Số 1 đường Trung tâm, {capital}, tỉnh {PROVINCE_NAME}",
            email=f"ubnd@{EMAIL_DOMAIN}",
        )
    )
    rng = p.rng(root.code)
    p.add_staff(
        root,
        [Slot("Chủ tịch Ủy ban nhân dân tỉnh", Role.LEADER)]
        + [Slot("Phó Chủ tịch Ủy ban nhân dân tỉnh", Role.LEADER)] * between(rng, 2, 3)
        + [Slot("Quản trị hệ thống", Role.PROVINCE_ADMIN)] * 2
        + [Slot("Chuyên viên kiểm tra, giám sát", Role.AUDITOR)],
    )

    for number, dept in enumerate(DEPARTMENTS, start=1):
        _plan_department(p, root, number, dept, capital)

    police = next(a for a in p.plan.agencies if a.slug == POLICE_SLUG and a.kind == AgencyKind.DEPARTMENT)
    for offset, (kind_word, name) in enumerate(COMMUNES):
        _plan_commune(p, root, FIRST_COMMUNE_LEVEL2 + offset, kind_word, name)
        level3 = FIRST_COMMUNE_POLICE_LEVEL3 + offset
        _plan_commune_police(p, police, level3, kind_word, name, commune_unit(offset))

    missing = sorted(p.personas.values(), key=lambda persona: persona.username)
    assert not missing, f"personas without a slot: {missing}"
    return p.plan


def _plan_department(p: Planner, root: AgencyPlan, number: int, dept: Department, capital: str) -> None:
    code = agency_code(number)
    agency = p.add_agency(
        AgencyPlan(
            code=code,
            name=dept.name,
            short_name=SHORT_NAMES.get(dept.slug, dept.name),
            kind=AgencyKind.DEPARTMENT,
            parent_code=root.code,
            slug=dept.slug,
            address=f"Số {number + 1} đường Trung tâm, {capital}, tỉnh {PROVINCE_NAME}",
            email=f"{dept.slug}@{EMAIL_DOMAIN}",
            sort_order=number,
        )
    )
    rng = p.rng(code)
    p.add_staff(
        agency,
        [Slot(dept.head, Role.LEADER)]
        + [Slot(dept.deputy, Role.LEADER)] * between(rng, 1, 2)
        + [Slot("Văn thư", Role.CLERK)]
        + [Slot("Chuyên viên quản trị hệ thống", Role.AGENCY_ADMIN)],
    )
    level3 = 1
    if dept.slug == "vpubnd":
        center = p.add_agency(
            AgencyPlan(
                code=agency_code(number, level3),
                name=CENTER_NAME,
                short_name="Trung tâm PVHCC tỉnh",
                kind=AgencyKind.SERVICE_CENTER,
                parent_code=code,
                slug="pvhcc",
                has_counter=True,
                address=f"Số 5 đường Trung tâm, {capital}, tỉnh {PROVINCE_NAME}",
                email=f"pvhcc@{EMAIL_DOMAIN}",
                sort_order=level3,
            )
        )
        p.add_staff(
            center,
            [Slot("Giám đốc Trung tâm", Role.LEADER), Slot("Phó Giám đốc Trung tâm", Role.LEADER)]
            + [Slot("Công chức tiếp nhận và trả kết quả", Role.DESK_OFFICER)] * between(rng, 4, 6),
        )
        level3 += 1
    for office_name in dept.offices:
        # The provincial police decide their own one-stop arrangements (Decree 118/2025 art. 7.1.c): the
        # office that issues criminal record certificates receives and returns them at its own counter.
        receives = office_name == POLICE_RECORDS_OFFICE
        office = p.add_agency(
            AgencyPlan(
                code=agency_code(number, level3),
                name=office_name,
                short_name=office_name[:60],
                kind=AgencyKind.OFFICE,
                parent_code=code,
                slug=dept.slug,
                has_counter=receives,
                sort_order=level3,
            )
        )
        p.add_staff(
            office,
            [Slot("Trưởng phòng", Role.LEADER)]
            + [Slot("Chuyên viên", Role.SPECIALIST)] * between(rng, 1, 2)
            + ([Slot("Cán bộ tiếp nhận hồ sơ", Role.DESK_OFFICER)] * 2 if receives else []),
        )
        level3 += 1


def _plan_commune(p: Planner, root: AgencyPlan, level2: int, kind_word: str, name: str) -> None:
    """A commune's People's Committee with its service centre (the counter, Decree 118/2025 art. 7.3.a) and
    the rooms Decree 150/2025/NĐ-CP is reported to name (COMMUNE_ROOMS).

    The chairman, vice-chairmen and the clerk sit at the People's Committee; the desk officers in the
    centre; the civil servants in the rooms, holding their role on the People's Committee itself because
    the shared workflows of commune procedures name no room: the centre passes a dossier to "a specialist
    of the commune", and a commune's leader signs (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH or KT. CHỦ TỊCH).
    """
    code = agency_code(level2)
    prefix = "x" if kind_word == "xã" else "p"
    slug = prefix + fold(name).replace(" ", "")
    agency = p.add_agency(
        AgencyPlan(
            code=code,
            name=f"Ủy ban nhân dân {kind_word} {name}",
            short_name=f"UBND {kind_word} {name}",
            kind=AgencyKind.COMMUNE,
            parent_code=root.code,
            slug=slug,
            admin_unit_code=commune_unit(level2 - FIRST_COMMUNE_LEVEL2),
            address=f"Trụ sở UBND {kind_word} {name}, tỉnh {PROVINCE_NAME}",
            email=f"ubnd.{slug}@{EMAIL_DOMAIN}",
            sort_order=level2,
        )
    )
    rng = p.rng(code)
    p.add_staff(
        agency,
        [Slot(f"Chủ tịch Ủy ban nhân dân {kind_word}", Role.LEADER)]
        + [Slot(f"Phó Chủ tịch Ủy ban nhân dân {kind_word}", Role.LEADER)] * between(rng, 1, 2)
        + [Slot("Văn thư", Role.CLERK)],
    )
    centre = p.add_agency(
        AgencyPlan(
            code=agency_code(level2, COMMUNE_CENTRE),
            name=f"Trung tâm Phục vụ hành chính công {kind_word} {name}",
            short_name=f"Trung tâm PVHCC {kind_word} {name}",
            kind=AgencyKind.SERVICE_CENTER,
            parent_code=code,
            slug=slug,
            has_counter=True,
            address=f"Trụ sở UBND {kind_word} {name}, tỉnh {PROVINCE_NAME}",
            email=f"pvhcc.{slug}@{EMAIL_DOMAIN}",
            sort_order=COMMUNE_CENTRE,
        )
    )
    p.add_staff(
        centre,
        [Slot("Giám đốc Trung tâm", Role.LEADER)]
        + [Slot(f"Công chức Trung tâm Phục vụ hành chính công {kind_word}", Role.DESK_OFFICER)]
        * between(rng, 2, 3),
    )
    specialists = COMMUNE_SPECIALISTS[: between(rng, 2, 3)]
    for offset, (room_name, ward_name, positions) in enumerate(COMMUNE_ROOMS):
        level3 = COMMUNE_FIRST_ROOM + offset
        room_title = ward_name if kind_word == "phường" and ward_name else room_name
        room = p.add_agency(
            AgencyPlan(
                code=agency_code(level2, level3),
                name=f"{room_title}, {kind_word} {name}",
                short_name=room_title[:60],
                kind=AgencyKind.OFFICE,
                parent_code=code,
                slug=slug,
                sort_order=level3,
            )
        )
        p.add_staff(
            room,
            [Slot(position, Role.SPECIALIST) for position in specialists if position in positions],
            grant_on=agency,
        )


def commune_unit(offset: int) -> str:
    """The (fictional) administrative unit code of the commune at `offset` in COMMUNES."""
    return f"{PROVINCE_UNIT_CODE}{offset + 1:03d}"


def _plan_commune_police(
    p: Planner, police: AgencyPlan, level3: int, kind_word: str, name: str, unit_code: str
) -> None:
    """The commune's police station (Công an xã, phường), part of the provincial police: residence and
    ID-card procedures are received, decided and returned there, as the police arrange (Decree 118/2025
    art. 7.1.c). It carries its commune's administrative unit code, so a shared workflow step naming the
    provincial police "at its unit serving the commune" reaches it (egov.procedures.places)."""
    prefix = "x" if kind_word == "xã" else "p"
    slug = "ca" + prefix + fold(name).replace(" ", "")
    station = p.add_agency(
        AgencyPlan(
            code=agency_code(int(police.code.split(".")[2]), level3),
            name=f"Công an {kind_word} {name}",
            short_name=f"Công an {kind_word} {name}",
            kind=AgencyKind.UNIT,
            parent_code=police.code,
            slug=slug,
            admin_unit_code=unit_code,
            has_counter=True,
            address=f"Trụ sở Công an {kind_word} {name}, tỉnh {PROVINCE_NAME}",
            sort_order=level3,
        )
    )
    p.add_staff(
        station,
        [
            Slot(f"Trưởng Công an {kind_word}", Role.LEADER),
            Slot("Cán bộ tiếp nhận hồ sơ", Role.DESK_OFFICER),
            Slot("Cán bộ đăng ký, quản lý cư trú", Role.SPECIALIST),
        ],
    )
