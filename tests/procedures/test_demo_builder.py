from django.core.management import call_command

from egov.organizations.models import Agency, AgencyKind
from egov.procedures.models import Procedure, PublicationStatus


def test_demo_loads_the_catalogue_and_links_it_to_the_demo_agencies(db):
    call_command("demo", verbosity=0)
    procedures = Procedure.objects.all()
    assert procedures.count() >= 40
    assert not procedures.exclude(status=PublicationStatus.PUBLISHED).exists()
    assert not procedures.filter(agencies__isnull=True).exists()
    birth = Procedure.objects.get(code="1.001193")
    communes = Agency.objects.filter(kind=AgencyKind.COMMUNE).count()
    assert birth.agencies.filter(kind=AgencyKind.COMMUNE).count() == communes >= 30
    land = next(p for p in Procedure.objects.filter(field__code="DD") if "province" in p.levels)
    assert land is not None and land.agencies.filter(name="Sở Nông nghiệp và Môi trường").exists()


def test_reset_relinks_the_catalogue(db):
    call_command("demo", verbosity=0)
    call_command("demo", "--reset", verbosity=0)
    assert not Procedure.objects.filter(agencies__isnull=True).exists()
