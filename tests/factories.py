"""factory_boy factories. Agencies and staff go through the services, so paths and audit rows are real."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth import get_user_model

from egov.core.audit import SystemActor
from egov.organizations import services
from egov.organizations.models import Agency, AgencyKind, Staff


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    password = factory.django.Password("matkhau-demo-123")


SYSTEM = SystemActor()


def make_agency(
    name: str, kind: str = AgencyKind.DEPARTMENT, parent: Agency | None = None, **fields: Any
) -> Agency:
    code = fields.pop("code", None) or f"H98.{Agency.objects.count() + 1:04d}"
    return services.create_agency(SYSTEM, parent=parent, code=code, name=name, kind=kind, **fields)


def make_staff(
    username: str, agency: Agency, roles: tuple[str, ...] = (), full_name: str = "", **fields: Any
) -> Staff:
    return services.create_staff(
        SYSTEM,
        agency=agency,
        username=username,
        full_name=full_name or username.replace(".", " ").title(),
        roles=roles,
        password=fields.pop("password", "matkhau-demo-123"),
        **fields,
    )


def make_citizen(
    username: str = "",
    *,
    full_name: str = "Trần Thị Công Dân",
    id_number: str = "",
    verified: bool = False,
    **user: Any,
) -> Any:
    """A citizen account of the online public services with its profile (`citizens.Citizen`).
    `verified=True`: its email and phone (an email `<username>@example.vn` when it has neither) are verified,
    so it may file online (`citizens.permissions.may_file`)."""
    from django.utils import timezone

    from egov.citizens.models import Citizen

    account = UserFactory(
        is_citizen=True, full_name=full_name, **({"username": username} if username else {}), **user
    )
    profile, _ = Citizen.objects.get_or_create(user=account, defaults={"id_number": id_number})
    if verified:
        if not account.email and not account.phone:
            account.email = f"{account.username}@example.vn"
            account.save(update_fields=["email"])
        profile.email_verified_at = timezone.now() if account.email else None
        profile.phone_verified_at = timezone.now() if account.phone else None
        profile.save(update_fields=["email_verified_at", "phone_verified_at"])
    return account
