"""The demo province as a two-tier province (Decree 118/2025 art. 7), its police procedures and its
inter-agency routes: every published workflow can be acted on at every step, where it happens."""

import pytest

from egov.organizations.holders import role_holders
from egov.organizations.models import Agency, AgencyKind, Role, RoleGrant, Staff
from egov.procedures.demo import INTER_AGENCY_PLACES
from egov.procedures.models import Procedure, PublicationStatus, StepKind, WorkflowTemplate
from egov.procedures.places import step_place
from egov.procedures.selectors import current_workflow
from egov.procedures.services.workflows import receiving_counters, unstaffed_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(province):
    return province


def test_every_published_workflow_of_the_demo_can_be_acted_on_decree_118_art_7(demo):
    published = WorkflowTemplate.objects.filter(status=PublicationStatus.PUBLISHED)
    assert published.count() >= 45
    problems = {str(t): unstaffed_steps(t) for t in published.select_related("procedure", "agency")}
    assert {name: found for name, found in problems.items() if found} == {}


def test_each_commune_has_its_service_centre_as_its_counter_and_its_rooms_decree_118_art_7_3(demo):
    communes = Agency.objects.filter(kind=AgencyKind.COMMUNE)
    assert communes.count() == 34
    for commune in communes:
        children = {a.kind: a for a in commune.children.all()}
        centre = children[AgencyKind.SERVICE_CENTER]
        assert centre.has_counter and not commune.has_counter
        assert centre.name.startswith("Trung tâm Phục vụ hành chính công")
        rooms = [a.name for a in commune.children.filter(kind=AgencyKind.OFFICE)]
        assert any(r.startswith("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân") for r in rooms)
        assert any(r.startswith("Phòng Văn hóa - Xã hội") for r in rooms)
        economy = "Phòng Kinh tế, Hạ tầng và Đô thị" if "phường" in commune.name else "Phòng Kinh tế,"
        assert any(r.startswith(economy) for r in rooms)
        assert RoleGrant.objects.filter(agency=centre, role=Role.DESK_OFFICER).exists()
        # the rooms' civil servants sit in the rooms and act for the commune
        assert Staff.objects.filter(agency__parent=commune, agency__kind=AgencyKind.OFFICE).exists()


def test_the_provincial_centre_is_under_the_office_of_the_peoples_committee_decree_118_art_7_2_a(demo):
    centre = Agency.objects.get(kind=AgencyKind.SERVICE_CENTER, parent__kind=AgencyKind.DEPARTMENT)
    assert centre.parent is not None and centre.parent.name == "Văn phòng Ủy ban nhân dân tỉnh"
    assert centre.has_counter


def test_criminal_record_certificates_are_the_provincial_polices_since_1_march_2025(demo):
    procedure = Procedure.objects.get(code="3.000333")
    assert [a.name for a in procedure.agencies.all()] == ["Công an tỉnh"]
    counter = Agency.objects.get(name="Phòng Hồ sơ nghiệp vụ", has_counter=True)
    workflow = current_workflow(procedure, counter)
    assert workflow is not None and unstaffed_steps(workflow) == []


@pytest.mark.parametrize("code", ["1.004222", "1.004194", "1.010038", "1.014061"])
def test_residence_and_id_cards_are_the_commune_polices_decree_118_art_7_1_c(demo, code):
    agencies = list(Procedure.objects.get(code=code).agencies.all())
    assert len(agencies) == 34
    assert all(a.name.startswith("Công an ") and a.has_counter for a in agencies)
    assert all(a.parent is not None and a.parent.name == "Công an tỉnh" for a in agencies)


def test_a_justice_dossier_at_the_provincial_centre_goes_to_the_department_and_back(demo):
    centre = Agency.objects.get(kind=AgencyKind.SERVICE_CENTER, parent__kind=AgencyKind.DEPARTMENT)
    workflow = current_workflow(Procedure.objects.get(code="2.000635"), centre)
    assert workflow is not None and workflow.agency == centre
    where = [(s.kind, s.agency.name if s.agency else None) for s in workflow.steps.order_by("position")]
    assert where[0] == (StepKind.RECEIVE, None) and where[-1] == (StepKind.RETURN, None)
    assert (StepKind.PROCESS, "Phòng Hành chính tư pháp") in where
    assert (StepKind.APPROVE, "Sở Tư pháp") in where


def test_no_inter_agency_step_of_the_demo_stays_at_the_receiving_counter_decree_118_art_20_2(demo):
    """Each body of an inter-agency route does its own task (Decree 118/2025 art. 20.2): wherever a dossier
    is received, the inter-agency step sends it to another agency, never back to the counter itself."""
    checked, stuck = 0, []
    published = WorkflowTemplate.objects.filter(status=PublicationStatus.PUBLISHED).select_related(
        "procedure"
    )
    for template in published:
        inter = list(template.steps.filter(kind=StepKind.INTER_AGENCY).select_related("agency"))
        for counter in receiving_counters(template) if inter else []:
            for step in inter:
                checked += 1
                if step_place(step, counter) == counter:
                    stuck.append(f"{template.procedure.code} {step.name} @ {counter.name}")
    assert stuck == []
    assert checked > 100  # the commune procedures at 34 centres, the police's at 35 counters


def test_a_commune_birth_dossier_goes_to_that_communes_police_station_decree_118_art_20_2(demo):
    procedure = Procedure.objects.get(code="2.000986")
    for commune in Agency.objects.filter(kind=AgencyKind.COMMUNE):
        centre = commune.children.get(kind=AgencyKind.SERVICE_CENTER)
        workflow = current_workflow(procedure, centre)
        assert workflow is not None
        step = workflow.steps.get(kind=StepKind.INTER_AGENCY)
        station = step_place(step, centre)
        assert station.name == commune.name.replace("Ủy ban nhân dân", "Công an")
        assert station.admin_unit_code == commune.admin_unit_code
        assert role_holders(Role.SPECIALIST, station)


def test_the_province_holds_a_route_for_each_procedure_with_an_inter_agency_step_decree_118_art_20_2(demo):
    """The shared catalogue names no demo agency (it loads without the province and outlives its reset:
    tests/demo/test_command.py resets a built demo); the province's root holds the routes that do."""
    root = Agency.objects.get(kind=AgencyKind.PROVINCE)
    routes = WorkflowTemplate.objects.filter(agency=root, status=PublicationStatus.PUBLISHED)
    assert sorted(routes.values_list("procedure__code", flat=True)) == sorted(INTER_AGENCY_PLACES)
    for route in routes:
        [step] = route.steps.filter(kind=StepKind.INTER_AGENCY)
        assert step.agency is not None and step.agency != root


def test_each_demo_dossier_is_received_where_its_procedure_is_handled(demo):
    """The demo's dossiers are received at the counters the catalogue names for their procedure (the
    agencies that carry it out, else the service centres), as filing online offers them: a copy of a birth
    extract (2.000635, civil status) at a commune's centre, never at the commune police, whose counter takes
    residence and ID cards."""
    from egov.dossiers.models import Dossier

    dossiers = Dossier.objects.select_related("workflow__procedure", "workflow__agency", "receiving_agency")
    assert dossiers.count() > 30
    receivers: dict[int, set[int]] = {}
    wrong = []
    for d in dossiers:
        if d.workflow_id not in receivers:
            receivers[d.workflow_id] = {c.pk for c in receiving_counters(d.workflow)}
        if d.receiving_agency_id not in receivers[d.workflow_id]:
            wrong.append(f"{d.workflow.procedure.code} @ {d.receiving_agency.name}")
    assert wrong == []
    copies = dossiers.filter(procedure__code="2.000635")
    assert copies.exists()
    assert not copies.filter(receiving_agency__name__startswith="Công an").exists()


def test_demo_loads_the_catalogue_and_links_it_to_the_demo_agencies(demo):
    procedures = Procedure.objects.all()
    assert procedures.count() >= 40
    assert not procedures.exclude(status=PublicationStatus.PUBLISHED).exists()
    assert not procedures.filter(agencies__isnull=True).exists()
    birth = Procedure.objects.get(code="1.001193")
    communes = Agency.objects.filter(kind=AgencyKind.COMMUNE).count()
    assert birth.agencies.filter(kind=AgencyKind.COMMUNE).count() == communes >= 30
    land = next(p for p in Procedure.objects.filter(field__code="DD") if "province" in p.levels)
    assert land is not None and land.agencies.filter(name="Sở Nông nghiệp và Môi trường").exists()
