"""The fictional province "Hòa Bình Xanh": its agency tree, staff and personas, as plain data.

Nothing here touches the database. `plan_province(seed)` returns the same plan for
the same seed, so determinism is testable without a database and the builder only
has to write the plan down through the organisation services.

Where the shape and the codes come from is written beside the data in egov.demo.data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

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
from egov.demo.names import NameGenerator, UsernameBook
from egov.organizations.models import AgencyKind, Role

DEFAULT_SEED = 2026
DEMO_PASSWORD = "egov-demo-2026"

PROVINCE_NAME = "Hòa Bình Xanh"
PROVINCE_LETTER_CODE = "H99"
PROVINCE_UNIT_CODE = "99"
ROOT_CODE = f"000.00.00.{PROVINCE_LETTER_CODE}"
EMAIL_DOMAIN = "hoabinhxanh.example"  # RFC 2606: a reserved name, so no mail reaches a real inbox


def agency_code(level2: int, level3: int = 0, level4: int = 0) -> str:
    """The identification code of a unit, Decision 20/2020/QĐ-TTg shape: "000.03.02.H99"."""
    return f"{level4:03d}.{level3:02d}.{level2:02d}.{PROVINCE_LETTER_CODE}"


FIRST_COMMUNE_LEVEL2 = 31  # departments use 01-20 at level 2, communes follow from 31
#: Level 3 inside a commune: its service centre, then its rooms (COMMUNE_ROOMS, in that order).
COMMUNE_CENTRE = 1
COMMUNE_FIRST_ROOM = 2
#: Level 3 inside the provincial police: its offices, then one commune police station per commune.
POLICE_SLUG = "cat"
FIRST_COMMUNE_POLICE_LEVEL3 = 11


@dataclass(frozen=True)
class AgencyPlan:
    code: str
    name: str
    short_name: str
    kind: str
    parent_code: str | None
    slug: str
    admin_unit_code: str = ""
    has_counter: bool = False
    address: str = ""
    email: str = ""
    sort_order: int = 0


@dataclass(frozen=True)
class StaffPlan:
    username: str
    full_name: str
    agency_code: str
    position: str
    roles: tuple[str, ...]
    employee_code: str
    email: str
    #: Where the roles are held when not where the person sits: a commune room's civil servants hold
    #: theirs on the commune's People's Committee (the shared workflows name no room, see _plan_commune).
    grant_code: str = ""

    @property
    def role_agency_code(self) -> str:
        return self.grant_code or self.agency_code


@dataclass(frozen=True)
class Persona:
    """A memorable account for trying one role, listed by the command and in docs/demo.md."""

    username: str
    role: str
    agency_code: str
    position: str
    story: str


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
)


@dataclass
class ProvincePlan:
    agencies: list[AgencyPlan] = field(default_factory=list)
    staff: list[StaffPlan] = field(default_factory=list)

    def agency(self, code: str) -> AgencyPlan:
        return next(a for a in self.agencies if a.code == code)


@dataclass(frozen=True)
class _Slot:
    position: str
    role: str


class _Planner:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.plan = ProvincePlan()
        self.usernames = UsernameBook(reserved=[p.username for p in PERSONAS])
        self.personas = {(p.agency_code, p.role, p.position): p for p in PERSONAS}

    def rng(self, code: str) -> random.Random:
        return random.Random(f"egov-demo:{self.seed}:{code}")

    def add_agency(self, agency: AgencyPlan) -> AgencyPlan:
        self.plan.agencies.append(agency)
        return agency

    def add_staff(self, agency: AgencyPlan, slots: list[_Slot], grant_on: AgencyPlan | None = None) -> None:
        names = NameGenerator(f"egov-demo:{self.seed}:{agency.code}:staff")
        for slot in slots:
            person = names.person()
            persona = self.personas.pop((agency.code, slot.role, slot.position), None)
            username = persona.username if persona else self.usernames.take(person.login_stem, agency.slug)
            number = len(self.plan.staff) + 1
            self.plan.staff.append(
                StaffPlan(
                    username=username,
                    full_name=person.full,
                    agency_code=agency.code,
                    position=slot.position,
                    roles=(slot.role,),
                    employee_code=f"{PROVINCE_LETTER_CODE}-{number:05d}",
                    email=f"{username}@{EMAIL_DOMAIN}",
                    grant_code=grant_on.code if grant_on is not None else "",
                )
            )


def _between(rng: random.Random, low: int, high: int) -> int:
    """An integer in [low, high] from `random()` alone (see egov.demo.names on reproducibility)."""
    return low + int(rng.random() * (high - low + 1))


def plan_province(seed: int = DEFAULT_SEED) -> ProvincePlan:
    """The whole demo province for `seed`: the same seed always gives the same plan."""
    p = _Planner(seed)
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
        [_Slot("Chủ tịch Ủy ban nhân dân tỉnh", Role.LEADER)]
        + [_Slot("Phó Chủ tịch Ủy ban nhân dân tỉnh", Role.LEADER)] * _between(rng, 2, 3)
        + [_Slot("Quản trị hệ thống", Role.PROVINCE_ADMIN)] * 2
        + [_Slot("Chuyên viên kiểm tra, giám sát", Role.AUDITOR)],
    )

    for number, dept in enumerate(DEPARTMENTS, start=1):
        _plan_department(p, root, number, dept, capital)

    police = next(a for a in p.plan.agencies if a.slug == POLICE_SLUG and a.kind == AgencyKind.DEPARTMENT)
    for offset, (kind_word, name) in enumerate(COMMUNES):
        _plan_commune(p, root, FIRST_COMMUNE_LEVEL2 + offset, kind_word, name)
        _plan_commune_police(p, police, FIRST_COMMUNE_POLICE_LEVEL3 + offset, kind_word, name)

    missing = sorted(p.personas.values(), key=lambda persona: persona.username)
    assert not missing, f"personas without a slot: {missing}"
    return p.plan


def _plan_department(p: _Planner, root: AgencyPlan, number: int, dept: Department, capital: str) -> None:
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
        [_Slot(dept.head, Role.LEADER)]
        + [_Slot(dept.deputy, Role.LEADER)] * _between(rng, 1, 2)
        + [_Slot("Văn thư", Role.CLERK)]
        + [_Slot("Chuyên viên quản trị hệ thống", Role.AGENCY_ADMIN)],
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
            [_Slot("Giám đốc Trung tâm", Role.LEADER), _Slot("Phó Giám đốc Trung tâm", Role.LEADER)]
            + [_Slot("Công chức tiếp nhận và trả kết quả", Role.DESK_OFFICER)] * _between(rng, 4, 6),
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
            [_Slot("Trưởng phòng", Role.LEADER)]
            + [_Slot("Chuyên viên", Role.SPECIALIST)] * _between(rng, 1, 2)
            + ([_Slot("Cán bộ tiếp nhận hồ sơ", Role.DESK_OFFICER)] * 2 if receives else []),
        )
        level3 += 1


def _plan_commune(p: _Planner, root: AgencyPlan, level2: int, kind_word: str, name: str) -> None:
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
            admin_unit_code=f"{PROVINCE_UNIT_CODE}{level2 - FIRST_COMMUNE_LEVEL2 + 1:03d}",
            address=f"Trụ sở UBND {kind_word} {name}, tỉnh {PROVINCE_NAME}",
            email=f"ubnd.{slug}@{EMAIL_DOMAIN}",
            sort_order=level2,
        )
    )
    rng = p.rng(code)
    p.add_staff(
        agency,
        [_Slot(f"Chủ tịch Ủy ban nhân dân {kind_word}", Role.LEADER)]
        + [_Slot(f"Phó Chủ tịch Ủy ban nhân dân {kind_word}", Role.LEADER)] * _between(rng, 1, 2)
        + [_Slot("Văn thư", Role.CLERK)],
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
        [_Slot("Giám đốc Trung tâm", Role.LEADER)]
        + [_Slot(f"Công chức Trung tâm Phục vụ hành chính công {kind_word}", Role.DESK_OFFICER)]
        * _between(rng, 2, 3),
    )
    specialists = COMMUNE_SPECIALISTS[: _between(rng, 2, 3)]
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
            [_Slot(position, Role.SPECIALIST) for position in specialists if position in positions],
            grant_on=agency,
        )


def _plan_commune_police(p: _Planner, police: AgencyPlan, level3: int, kind_word: str, name: str) -> None:
    """The commune's police station (Công an xã, phường), part of the provincial police: residence and
    ID-card procedures are received, decided and returned there, as the police arrange (Decree 118/2025
    art. 7.1.c)."""
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
            has_counter=True,
            address=f"Trụ sở Công an {kind_word} {name}, tỉnh {PROVINCE_NAME}",
            sort_order=level3,
        )
    )
    p.add_staff(
        station,
        [
            _Slot(f"Trưởng Công an {kind_word}", Role.LEADER),
            _Slot("Cán bộ tiếp nhận hồ sơ", Role.DESK_OFFICER),
            _Slot("Cán bộ đăng ký, quản lý cư trú", Role.SPECIALIST),
        ],
    )
