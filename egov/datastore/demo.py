"""Demo data for signed results and the citizen's store (development and trials only; never in production).

After the dossiers (order 300), this builder makes the demo CA and the certificates of the demo province's
People's Committees and departments (egov.organizations.demo_ca), then files two dossiers online for the
demo citizen `demo.congdan` through the real services: one taken to a returned result, signed by the
agency that approved it, the other just accepted. Its store then holds their papers and the signed result.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import pdf
from egov.datastore.models import StoredPaper
from egov.demo.builders import DemoBuilder, DemoContext, register
from egov.demo.province import DEMO_PASSWORD
from egov.organizations import demo_ca
from egov.organizations.models import Agency, AgencyKind
from egov.procedures.selectors import online_checklist

CITIZEN = "demo.congdan"
CITIZEN_NAME = "Nguyễn Thị Minh Anh"
#: A valid personal ID number (birth province 001, born 1990) that belongs to nobody real.
CITIZEN_ID = "001190012345"
TEMPLATE = Path(__file__).resolve().parent / "demo_paper.typ"


def demo_citizen() -> Any:
    """The demo citizen, made the way the citizens' demo makes it (whichever builder runs first)."""
    from egov.citizens.models import Citizen

    user, _created = get_user_model().objects.get_or_create(
        username=CITIZEN,
        defaults={
            "full_name": CITIZEN_NAME,
            "is_citizen": True,
            "email": "congdan@example.vn",
            "password": make_password(DEMO_PASSWORD),
        },
    )
    Citizen.objects.get_or_create(
        user=user, defaults={"id_number": CITIZEN_ID, "address": "Thôn Đông, xã An Bình"}
    )
    return user


def paper(name: str, title: str, *lines: str) -> SimpleUploadedFile:
    data = pdf.render(TEMPLATE, {"title": title, "lines": list(lines)})
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _paper_names(procedure: Any) -> list[str]:
    """The first two papers the procedure asks for online (files named as the papers, so the store names
    them so): none where it asks for none (its declaration is the online form, the rest is read from the
    databases)."""
    return [doc.name for doc in online_checklist(procedure)][:2]


def signing_agencies() -> list[Agency]:
    """Who signs results in the demo: the People's Committees and the departments (their offices and
    units sign with these through the nearest-ancestor rule)."""
    kinds = (AgencyKind.PROVINCE, AgencyKind.DEPARTMENT, AgencyKind.COMMUNE, AgencyKind.DISTRICT)
    return list(Agency.objects.filter(kind__in=kinds, is_active=True).order_by("path"))


def _file_for_citizen(ctx: DemoContext, citizen: Any, now: dt.datetime) -> int:
    from egov.citizens.models import Citizen
    from egov.dossiers import deadlines, intake, services, steps
    from egov.dossiers.demo import NEXT_MOVES, Driver, usable_flows
    from egov.procedures.models import StepKind

    flows = usable_flows()
    if not flows:
        return 0
    driver = Driver(now=now)
    profile = Citizen.objects.get(user=citizen)
    applicant = intake.Applicant(
        name=citizen.get_full_name() or CITIZEN_NAME,
        id_number=profile.id_number or CITIZEN_ID,
        phone="0912000111",
        email=citizen.email,
        address=profile.address,
    )
    made = 0
    for index, (flow, returned) in enumerate(((flows[0], True), (flows[1 % len(flows)], False))):
        at = deadlines.next_working_moment(now - dt.timedelta(days=12 - 6 * index))
        procedure = flow.template.procedure
        d = intake.submit_online(
            actor=citizen,
            owner=citizen,
            procedure=procedure,
            agency=flow.counter,
            applicant=applicant,
            summary=procedure.name[:200],
            files=[
                paper(f"{name[:80]}.pdf", name.upper(), procedure.name, f"Người nộp: {applicant.name}")
                for name in _paper_names(procedure)
            ],
            now=at,
        )
        at = deadlines.add_working_hours(at, 1)
        d = driver.do(d, "accept", at)
        made += 1
        if not returned:
            continue
        for _step in range(12):
            if d.status == "resolved":
                break
            at = deadlines.add_working_hours(at, 2)
            if d.handler_id is None and d.current_kind in (StepKind.PROCESS, StepKind.INTER_AGENCY):
                d = driver.do(d, "assign", at)
                continue
            following = steps.neighbour(d, 1)
            for action in NEXT_MOVES:
                user = driver.actor(d, action, at)
                if user is None:
                    continue
                files = []
                if (
                    action in ("approve", "result_ready")
                    and following is not None
                    and following.kind == StepKind.RETURN
                ):
                    files = [
                        paper(
                            "ket-qua.pdf",
                            procedure.name.upper(),
                            f"Cấp cho: {applicant.name}",
                            f"Hồ sơ: {d.code}",
                        )
                    ]
                d = services.transition(d.pk, action, actor=user, now=at, files=files, handler=None)
                break
            else:
                break
        if d.status == "resolved":
            d = driver.do(d, "return_result", deadlines.add_working_hours(at, 1))
    ctx.say(_("Store: the demo citizen's papers and signed result (%(n)s dossiers).") % {"n": made})
    return made


@register
class StoreDemo(DemoBuilder):
    """`manage.py demo`: a demo CA and the agencies' certificates; the demo citizen's store."""

    name = "datastore"
    order = 350  # after the dossiers (300): their moves are what fill the store

    def is_built(self, ctx: DemoContext) -> bool:
        return bool(demo_ca.demo_certificates())

    def build(self, ctx: DemoContext) -> None:
        now = timezone.now()
        made = demo_ca.build_demo_ca(signing_agencies(), actor=ctx.actor, now=now)
        ctx.say(
            _("Signatures: a demo CA (no legal value), %(n)s agency certificates; its root: %(path)s.")
            % {"n": len(made), "path": demo_ca.certificates.keys_dir() / "demo-ca.pem"}
        )
        _file_for_citizen(ctx, demo_citizen(), now)

    def reset(self, ctx: DemoContext) -> None:
        from egov.organizations.models import AgencyCertificate

        StoredPaper.objects.all().delete()
        AgencyCertificate.objects.filter(issuer__contains=demo_ca.DEMO_CA_NAME).delete()
