"""The demo builder for the agency tree, staff and personas of the fictional province."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from egov.core import audit
from egov.demo.builders import DemoBuilder, DemoContext, register
from egov.demo.province import DEMO_PASSWORD, PERSONAS, ROOT_CODE, plan_province
from egov.organizations import services
from egov.organizations.models import Agency, AgencyKind, Role, Staff


def demo_root() -> Agency | None:
    return Agency.objects.filter(code=ROOT_CODE).first()


def foreign_agencies() -> QuerySet[Agency]:
    """Agencies that are not part of the demo province: their presence means a real deployment."""
    root = demo_root()
    agencies = Agency.objects.all()
    return agencies.exclude(path__startswith=root.path) if root else agencies


def persona_rows(seed: int) -> list[tuple[str, str, str, str]]:
    """(role, username, password, agency) for each persona, from the plan (no database needed)."""
    plan = plan_province(seed)
    rows = []
    for persona in PERSONAS:
        agency = plan.agency(persona.agency_code)
        where = agency.name
        if agency.kind in (AgencyKind.OFFICE, AgencyKind.SERVICE_CENTER) and agency.parent_code:
            where = f"{agency.name}, {plan.agency(agency.parent_code).short_name}"
        rows.append((str(Role(persona.role).label), persona.username, DEMO_PASSWORD, where))
    return rows


@register
class OrganizationsDemo(DemoBuilder):
    name = "organizations"
    order = 100

    def is_built(self, ctx: DemoContext) -> bool:
        return demo_root() is not None

    def build(self, ctx: DemoContext) -> None:
        plan = plan_province(ctx.seed)
        agencies: dict[str, Agency] = {}
        for a in plan.agencies:
            agencies[a.code] = services.create_agency(
                ctx.actor,
                parent=agencies[a.parent_code] if a.parent_code else None,
                code=a.code,
                name=a.name,
                kind=a.kind,
                short_name=a.short_name,
                admin_unit_code=a.admin_unit_code,
                has_counter=a.has_counter,
                address=a.address,
                email=a.email,
                sort_order=a.sort_order,
            )
        for s in plan.staff:
            staff = services.create_staff(
                ctx.actor,
                agency=agencies[s.agency_code],
                username=s.username,
                full_name=s.full_name,
                email=s.email,
                position=s.position,
                employee_code=s.employee_code,
                roles=s.roles if not s.grant_code else (),
            )
            if s.grant_code:  # a commune room's civil servant acts for the whole commune
                services.set_roles(
                    ctx.actor, staff, [services.GrantSpec(role, agencies[s.grant_code]) for role in s.roles]
                )
        root = agencies[plan.agencies[0].code]
        # Every demo account shares one hash of the shared password. Hashing it once per account
        # with Django's PBKDF2 (1,000,000 iterations in Django 5.2) would take minutes; the accounts
        # are created with an unusable password by the service and receive this hash here.
        # The ids are read first: on PostgreSQL, in the transaction that just wrote these tables, the planner
        # has no statistics and ran the UPDATE's IN-subquery join as nested loops, for minutes.
        ids = list(Staff.objects.filter(agency__path__startswith=root.path).values_list("user_id", flat=True))
        count = get_user_model().objects.filter(pk__in=ids).update(password=make_password(DEMO_PASSWORD))
        audit.record(
            ctx.actor,
            "demo.build",
            root,
            after={"seed": ctx.seed, "agencies": len(agencies), "staff": count},
            agency_path=root.path,
        )
        ctx.shared["province"] = root
        ctx.say(
            _("%(name)s: %(agencies)s agencies, %(staff)s staff.")
            % {"name": root.name, "agencies": len(agencies), "staff": count}
        )

    def reset(self, ctx: DemoContext) -> None:
        root = demo_root()
        if root is None:
            return
        audit.record(ctx.actor, "demo.reset", root, before={"code": root.code}, agency_path=root.path)
        get_user_model().objects.filter(staff__agency__path__startswith=root.path).delete()
        subtree = Agency.objects.filter(path__startswith=root.path)
        for depth in sorted(set(subtree.values_list("depth", flat=True)), reverse=True):
            Agency.objects.filter(path__startswith=root.path, depth=depth).delete()
        ctx.say(_("Removed the demo province %(name)s.") % {"name": root.name})
