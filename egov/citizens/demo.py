"""The demo citizen (development and trials only): `demo.congdan`, verified, member of a demo company.

Other apps' builders give it dossiers and papers; they find it with `demo_citizen()`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from egov.citizens import organisations, services
from egov.citizens.models import Organisation
from egov.demo.builders import DemoBuilder, DemoContext, register
from egov.demo.province import DEMO_PASSWORD

USERNAME = "demo.congdan"
EMAIL = "congdan@hoabinhxanh.example"  # RFC 2606: no mail reaches a real inbox
PHONE = "0912000001"
#: A valid personal ID number: birth registered in province 001, a woman born in 1988 (digits 4-6 = 188).
ID_NUMBER = "001188012345"
TAX_CODE = "9999000001"
#: The demo stands for VNeID: the ID number counts as proved, so "my dossiers" offers the counter dossiers
#: filed in it for linking (egov.portal.permissions.proven_id_number).
IDENTITY_PROVIDER = "VNeID (demo)"


def demo_citizen() -> Any:
    return get_user_model().objects.filter(username=USERNAME, is_citizen=True).first()


@register
class CitizensDemo(DemoBuilder):
    name = "citizens"
    order = 150  # after the province (100), before the catalogue and dossiers that may name the citizen

    def is_built(self, ctx: DemoContext) -> bool:
        return demo_citizen() is not None

    def build(self, ctx: DemoContext) -> None:
        user = services.create_citizen(
            actor=ctx.actor,
            username=USERNAME,
            full_name="Nguyễn Thị Minh Thư",
            password=DEMO_PASSWORD,
            email=EMAIL,
            phone=PHONE,
            id_number=ID_NUMBER,
            birth_date=dt.date(1988, 3, 14),
            address="Số 12, thôn Đông Hòa, xã An Bình, tỉnh Hòa Bình Xanh",
            verified=True,
            identity_provider=IDENTITY_PROVIDER,
        )
        organisations.create_organisation(
            actor=user,
            tax_code=TAX_CODE,
            name="Công ty TNHH Dịch vụ Nông sản An Bình",
            address="Thôn Đông Hòa, xã An Bình, tỉnh Hòa Bình Xanh",
            email="nongsan.anbinh@hoabinhxanh.example",
            phone="0912000002",
        )
        ctx.shared["citizen"] = user
        ctx.say(
            _("Demo citizen %(username)s (password %(password)s), member of %(organisation)s.")
            % {"username": USERNAME, "password": DEMO_PASSWORD, "organisation": TAX_CODE}
        )

    def reset(self, ctx: DemoContext) -> None:
        Organisation.objects.filter(tax_code=TAX_CODE).delete()
        get_user_model().objects.filter(username=USERNAME, is_citizen=True).delete()
