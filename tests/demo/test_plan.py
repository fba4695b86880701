"""The province plan and the name generator, without a database."""

import re
from collections import Counter

import vietnam_provinces

from egov.core.text import fold
from egov.demo.data import DEPARTMENTS
from egov.demo.names import GIVEN, MIDDLE, SURNAMES, NameGenerator, PersonName, UsernameBook
from egov.demo.province import PERSONAS, ROOT_CODE, plan_province
from egov.organizations.models import AgencyKind, Role

PLAN = plan_province()
CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.H99$")  # Decision 20/2020/QĐ-TTg: level4.level3.level2.level1


def agencies_of(kind):
    return [a for a in PLAN.agencies if a.kind == kind]


def staff_of(code):
    return [s for s in PLAN.staff if s.agency_code == code]


def test_same_seed_same_province():
    again = plan_province()
    assert again.agencies == PLAN.agencies
    assert again.staff == PLAN.staff


def test_another_seed_changes_the_names_but_not_the_tree_or_personas():
    other = plan_province(seed=7)
    assert other.agencies == PLAN.agencies
    assert [s.full_name for s in other.staff] != [s.full_name for s in PLAN.staff]
    personas = {p.username for p in PERSONAS}
    assert personas <= {s.username for s in other.staff}


def test_size_of_the_province():
    assert len(agencies_of(AgencyKind.PROVINCE)) == 1
    assert len(agencies_of(AgencyKind.DEPARTMENT)) >= 20
    assert len(agencies_of(AgencyKind.COMMUNE)) >= 30
    assert len(PLAN.staff) >= 200
    centers = agencies_of(AgencyKind.SERVICE_CENTER)
    communes = {a.code for a in agencies_of(AgencyKind.COMMUNE)}
    provincial = [c for c in centers if c.parent_code not in communes]
    assert len(provincial) == 1 and provincial[0].has_counter
    # Decree 118/2025 art. 7.3.a: one centre per commune, the commune's counter; the commune has none
    assert sorted(c.parent_code for c in centers if c.parent_code in communes) == sorted(communes)
    assert all(c.has_counter for c in centers)
    assert not any(c.has_counter for c in agencies_of(AgencyKind.COMMUNE))


def test_departments_include_the_uniform_list_of_decree_45_2025():
    names = {a.name for a in agencies_of(AgencyKind.DEPARTMENT)}
    uniform = {
        "Sở Nội vụ",
        "Sở Tư pháp",
        "Sở Tài chính",
        "Sở Công Thương",
        "Sở Nông nghiệp và Môi trường",
        "Sở Xây dựng",
        "Sở Khoa học và Công nghệ",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Giáo dục và Đào tạo",
        "Sở Y tế",
        "Thanh tra tỉnh",
        "Văn phòng Ủy ban nhân dân tỉnh",
    }
    assert uniform <= names
    # merged away in 2025: their tasks went to the departments above
    assert not names & {"Sở Kế hoạch và Đầu tư", "Sở Tài nguyên và Môi trường", "Sở Giao thông vận tải"}


def test_codes_have_the_official_shape_and_are_unique():
    # the loop below checks offices, departments and communes: the plan must have each
    assert {AgencyKind.OFFICE, AgencyKind.DEPARTMENT, AgencyKind.COMMUNE} <= {a.kind for a in PLAN.agencies}
    codes = [a.code for a in PLAN.agencies]
    assert all(CODE.match(code) for code in codes)
    assert len(set(codes)) == len(codes)
    by_code = {a.code: a for a in PLAN.agencies}
    for agency in PLAN.agencies:
        if agency.kind == AgencyKind.OFFICE:
            # a level-3 unit keeps its parent's level-2 number
            parent = by_code[agency.parent_code]
            assert agency.code.split(".")[2] == parent.code.split(".")[2]
            assert agency.code.split(".")[1] != "00"
        elif agency.kind in (AgencyKind.DEPARTMENT, AgencyKind.COMMUNE):
            assert agency.parent_code == ROOT_CODE
            assert agency.code.startswith("000.00.")


def test_the_province_pretends_to_be_no_real_one():
    root = PLAN.agency(ROOT_CODE)
    assert re.fullmatch(r"\d{2}", root.admin_unit_code)
    real_provinces = {int(p.code) for p in vietnam_provinces.Province.iter_all()}
    assert int(root.admin_unit_code) not in real_provinces
    real_names = {fold(p.name) for p in vietnam_provinces.Province.iter_all()}
    assert not any(fold("Hòa Bình Xanh") == name for name in real_names)
    real_wards = {int(w.code) for w in vietnam_provinces.Ward.iter_all()}
    commune_codes = [a.admin_unit_code for a in agencies_of(AgencyKind.COMMUNE)]
    assert all(re.fullmatch(r"\d{5}", code) for code in commune_codes)
    assert len(set(commune_codes)) == len(commune_codes)
    assert not {int(code) for code in commune_codes} & real_wards


def test_every_department_has_leaders_a_clerk_an_admin_and_two_to_four_offices():
    departments = agencies_of(AgencyKind.DEPARTMENT)
    assert departments
    for dept in departments:
        roles = Counter(r for s in staff_of(dept.code) for r in s.roles)
        assert 2 <= roles[Role.LEADER] <= 3, dept.name
        assert roles[Role.CLERK] == 1 and roles[Role.AGENCY_ADMIN] == 1, dept.name
        offices = [a for a in PLAN.agencies if a.parent_code == dept.code and a.kind == AgencyKind.OFFICE]
        assert 2 <= len(offices) <= 4, dept.name
        for office in offices:
            office_roles = Counter(r for s in staff_of(office.code) for r in s.roles)
            assert office_roles[Role.LEADER] == 1 and office_roles[Role.SPECIALIST] >= 1, office.name


def test_every_commune_has_a_chair_desk_officers_specialists_and_a_clerk():
    communes = agencies_of(AgencyKind.COMMUNE)
    assert communes
    for commune in communes:
        inside = {commune.code} | {a.code for a in PLAN.agencies if a.parent_code == commune.code}
        staff = [s for s in PLAN.staff if s.agency_code in inside]
        roles = Counter(r for s in staff for r in s.roles)
        # the rooms' civil servants act for the commune: their role is held on the People's Committee
        assert all(s.role_agency_code == commune.code for s in staff if Role.SPECIALIST in s.roles)
        assert roles[Role.LEADER] >= 2 and any(s.position.startswith("Chủ tịch") for s in staff)
        assert 2 <= roles[Role.DESK_OFFICER] <= 3
        assert roles[Role.SPECIALIST] >= 2 and roles[Role.CLERK] == 1


def test_province_has_admins_and_an_auditor():
    roles = Counter(r for s in staff_of(ROOT_CODE) for r in s.roles)
    assert 1 <= roles[Role.PROVINCE_ADMIN] <= 2 and roles[Role.AUDITOR] == 1


def test_names_are_vietnamese_and_usernames_are_folded_and_unique():
    usernames = [s.username for s in PLAN.staff]
    assert len(set(usernames)) == len(usernames)
    assert all(re.fullmatch(r"[a-z0-9.]+", u) for u in usernames)
    surnames = {name for name, _ in SURNAMES}
    for s in PLAN.staff:
        parts = s.full_name.split()
        assert len(parts) == 3 and parts[0] in surnames, s.full_name
        if not s.username.startswith("demo."):
            stem = s.username.split(".")[0].rstrip("0123456789")
            assert stem == fold(parts[2]) + fold(parts[0])[0] + fold(parts[1])[0]
    assert sum(1 for s in PLAN.staff if fold(s.full_name) != s.full_name.lower()) > len(PLAN.staff) * 0.8


def test_the_generator_follows_gender_and_the_seed():
    people = [NameGenerator("seed").person() for _ in range(3)]
    assert len({p.full for p in people}) == 1  # a fresh generator with the same seed repeats itself
    generator = NameGenerator("seed")
    drawn = [generator.person() for _ in range(500)]
    for person in drawn:
        assert person.middle in MIDDLE[person.gender] and person.given in GIVEN[person.gender]
    assert not any(p.middle == "Thị" for p in drawn if p.gender == "male")
    share = Counter(p.surname for p in drawn)["Nguyễn"] / len(drawn)
    assert 0.3 < share < 0.46  # about 38 % of Vietnamese are Nguyễn


def test_login_stem_and_username_book():
    assert PersonName("Nguyễn", "Văn", "Đức", "male").login_stem == "ducnv"
    book = UsernameBook(reserved=["ducnv.stp"])
    assert [book.take("ducnv", "stp"), book.take("ducnv", "stp"), book.take("ducnv", "stc")] == [
        "ducnv2.stp",
        "ducnv3.stp",
        "ducnv.stc",
    ]


def test_department_offices_are_not_repeated():
    assert DEPARTMENTS
    for dept in DEPARTMENTS:
        assert len(set(dept.offices)) == len(dept.offices), dept.name
