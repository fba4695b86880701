"""Create a province's People's Committee and its communes and wards from the official list.

    manage.py load_admin_units 01 --identifier H26

Idempotent: units whose official code already exists are updated (name only),
missing ones are created under the province. The province gets the level-1
electronic identifier given (Decision 20/2020/QĐ-TTg: a letter and two digits);
each commune gets it followed by the commune's official code ("H26.00070"), a
well-formed identifier that the administrator replaces on the agency's page by
the one the province issued, if it differs.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from egov.core.audit import SystemActor
from egov.organizations import admin_units, identifiers, services
from egov.organizations.models import Agency, AgencyKind


class Command(BaseCommand):
    help = "Create the province and its communes/wards from the official list of administrative units."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("province_code", help="two-digit official province code, e.g. 01 for Hà Nội")
        parser.add_argument(
            "--identifier",
            required=True,
            help="the province's level-1 electronic identifier (Decision 20/2020/QĐ-TTg), e.g. H26",
        )

    def handle(self, *args: Any, province_code: str, identifier: str, **options: Any) -> None:
        province = admin_units.provinces().get(province_code.zfill(2))
        if province is None:
            raise CommandError(f"No province has the official code {province_code!r}.")
        identifier = identifiers.normalise(identifier)
        if not re.fullmatch(identifiers.LEVEL1, identifier):
            raise CommandError(f"{identifier!r} is not a level-1 identifier: a letter A-K and two digits.")
        actor = SystemActor("load_admin_units")
        created = updated = 0
        with transaction.atomic():
            root = Agency.objects.filter(admin_unit_code=province.code, kind=AgencyKind.PROVINCE).first()
            if root is None:
                root = services.create_agency(
                    actor,
                    parent=None,
                    code=identifier,
                    name=f"UBND {province.name}",
                    kind=AgencyKind.PROVINCE,
                    admin_unit_code=province.code,
                )
                created += 1
            existing = {
                a.admin_unit_code: a for a in Agency.objects.subtree(root).filter(kind=AgencyKind.COMMUNE)
            }
            for unit in admin_units.communes_of(province.code):
                name = f"UBND {unit.name}"
                agency = existing.get(unit.code)
                if agency is None:
                    services.create_agency(
                        actor,
                        parent=root,
                        code=f"{identifier}.{unit.code}",
                        name=name,
                        kind=AgencyKind.COMMUNE,
                        admin_unit_code=unit.code,
                        has_counter=True,
                    )
                    created += 1
                elif agency.name != name:
                    services.update_agency(actor, agency, name=name)
                    updated += 1
        self.stdout.write(f"{province.name}: {created} created, {updated} renamed.")
