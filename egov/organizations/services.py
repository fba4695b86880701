"""Writes to the agency tree and staff. Each function is one transaction with its audit row."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.audit import Actor
from egov.organizations import admin_units, identifiers
from egov.organizations.models import PATH_STEP, Agency, Role, RoleGrant, Staff
from egov.organizations.permissions import (
    can_administer,
    forget_grants,
    may_grant_role,
    may_manage_account,
)
from egov.procedures import catalogue_version

AGENCY_FIELDS = (
    "code",
    "admin_unit_code",
    "name",
    "short_name",
    "kind",
    "parent",
    "has_counter",
    "address",
    "phone",
    "email",
    "is_active",
    "sort_order",
)


def _require_admin(actor: Actor, agency: Agency | None) -> None:
    if agency is None:
        if not getattr(actor, "is_superuser", False):
            raise PermissionDenied(_("Only a system administrator may create the root agency."))
    elif not can_administer(actor, agency):
        raise PermissionDenied(_("You may not manage agencies outside your own."))


def _check_unit_code(kind: str, code: str) -> None:
    """Official codes have 2 digits for a province and 5 for a commune or ward."""
    if not code:
        return
    pattern = {"province": admin_units.PROVINCE_CODE_RE, "commune": admin_units.COMMUNE_CODE_RE}.get(kind)
    if pattern is not None and not pattern.match(code):
        digits = 2 if kind == "province" else 5
        raise ValidationError(
            {"admin_unit_code": _("An official code of this kind has %(n)s digits.") % {"n": digits}}
        )


def _segment(pk: int) -> str:
    return f"{pk:06d}."


@transaction.atomic
def create_agency(
    actor: Actor,
    *,
    parent: Agency | None,
    code: str,
    name: str,
    kind: str,
    admin_unit_code: str = "",
    short_name: str = "",
    has_counter: bool = False,
    address: str = "",
    phone: str = "",
    email: str = "",
    is_active: bool = True,
    sort_order: int = 0,
) -> Agency:
    """Add an agency under `parent` (the root only by a superuser), its path and depth kept here."""
    _require_admin(actor, parent)
    code = identifiers.normalise(code)
    if Agency.objects.filter(code=code).exists():
        raise ValidationError({"code": _("An agency with code %(code)s already exists.") % {"code": code}})
    _check_unit_code(kind, admin_unit_code)
    agency = Agency(
        parent=parent,
        code=code,
        name=name.strip(),
        kind=kind,
        path=f"tmp-{code}",
        admin_unit_code=admin_unit_code,
        short_name=short_name,
        has_counter=has_counter,
        address=address,
        phone=phone,
        email=email,
        is_active=is_active,
        sort_order=sort_order,
    )
    agency.full_clean(exclude=["path"])
    agency.save()
    agency.path = (parent.path if parent else "") + _segment(agency.pk)
    agency.depth = len(agency.path) // PATH_STEP - 1
    agency.save(update_fields=["path", "depth"])
    audit.record(
        actor, "agency.create", agency, after=audit.snapshot(agency, AGENCY_FIELDS), agency_path=agency.path
    )
    return agency


@transaction.atomic
def update_agency(
    actor: Actor,
    agency: Agency,
    *,
    parent: Agency | None = None,
    code: str | None = None,
    name: str | None = None,
    kind: str | None = None,
    admin_unit_code: str | None = None,
    short_name: str | None = None,
    has_counter: bool | None = None,
    address: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    is_active: bool | None = None,
    sort_order: int | None = None,
) -> Agency:
    """Change an agency's details; a field left as None keeps its value. A new `parent` moves the
    agency with its whole subtree (never under itself, and only between nodes the actor administers)."""
    agency = Agency.objects.select_for_update(of=("self",)).get(pk=agency.pk)
    _require_admin(actor, agency)
    before = audit.snapshot(agency, AGENCY_FIELDS)
    changes = {
        "code": identifiers.normalise(code) if code is not None else None,
        "name": name.strip() if name is not None else None,
        "kind": kind,
        "admin_unit_code": admin_unit_code,
        "short_name": short_name,
        "has_counter": has_counter,
        "address": address,
        "phone": phone,
        "email": email,
        "is_active": is_active,
        "sort_order": sort_order,
    }
    for field_name, value in changes.items():
        if value is not None:
            setattr(agency, field_name, value)
    if code is not None and Agency.objects.filter(code=agency.code).exclude(pk=agency.pk).exists():
        raise ValidationError(
            {"code": _("An agency with code %(code)s already exists.") % {"code": agency.code}}
        )
    _check_unit_code(agency.kind, agency.admin_unit_code)
    moved = parent is not None and parent.pk != agency.parent_id
    if parent is not None and moved:
        if parent.path.startswith(agency.path):
            raise ValidationError({"parent": _("An agency cannot be moved under itself or to the top.")})
        _require_admin(actor, parent)
        agency.parent = parent
    agency.full_clean(exclude=["path"])
    agency.save()
    if parent is not None and moved:
        _move_subtree(agency, parent.path + _segment(agency.pk))
    audit.record(
        actor,
        "agency.update",
        agency,
        before=before,
        after=audit.snapshot(agency, AGENCY_FIELDS),
        agency_path=agency.path,
    )
    return agency


def _move_subtree(agency: Agency, new_path: str) -> None:
    old_path = agency.path
    Agency.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr(F("path"), len(old_path) + 1)),
    )
    for row in Agency.objects.filter(path__startswith=new_path).only("path"):
        Agency.objects.filter(pk=row.pk).update(depth=len(row.path) // PATH_STEP - 1)
    # The subtree's paths changed without a signal: which counters serve which agencies may have too.
    catalogue_version.bump()
    agency.refresh_from_db()


@dataclass(frozen=True)
class GrantSpec:
    role: str
    agency: Agency


def _check_grants(actor: Actor, grants: Iterable[GrantSpec]) -> None:
    for grant in grants:
        if grant.role not in Role.values:
            raise ValidationError(_("Unknown role: %(role)s") % {"role": grant.role})
        if may_grant_role(actor, grant.role, grant.agency):
            continue
        if grant.role == Role.PROVINCE_ADMIN:
            raise PermissionDenied(_("Only a province administrator may grant that role."))
        raise PermissionDenied(_("You may not grant roles on %(agency)s.") % {"agency": grant.agency.name})


def _require_manage(actor: Actor, staff: Staff) -> None:
    if not may_manage_account(actor, staff.user):
        raise PermissionDenied(_("You may not manage this account."))


def _staff_snapshot(staff: Staff) -> dict[str, Any]:
    user = staff.user
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "is_active": user.is_active,
        "agency": staff.agency_id,
        "position": staff.position,
        "employee_code": staff.employee_code,
        "roles": sorted(f"{g.role}@{g.agency_id}" for g in staff.user.role_grants.all()),
    }


@transaction.atomic
def create_staff(
    actor: Actor,
    *,
    agency: Agency,
    username: str,
    full_name: str,
    email: str = "",
    phone: str = "",
    position: str = "",
    employee_code: str = "",
    roles: Iterable[str] = (),
    password: str | None = None,
) -> Staff:
    if not can_administer(actor, agency):
        raise PermissionDenied(_("You may not add staff to %(agency)s.") % {"agency": agency.name})
    grants = [GrantSpec(role, agency) for role in roles]
    _check_grants(actor, grants)
    user_model = get_user_model()
    username = username.strip().lower()
    if user_model.objects.filter(username=username).exists():
        raise ValidationError({"username": _("The username %(name)s is already taken.") % {"name": username}})
    user = user_model(
        username=username, full_name=full_name.strip(), email=email.strip(), phone=phone.strip()
    )
    user.full_clean(exclude=["password"])
    if password:
        _validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    staff = Staff(user=user, agency=agency, position=position.strip(), employee_code=employee_code.strip())
    staff.full_clean()
    staff.save()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, agency=g.agency, role=g.role) for g in grants])
    audit.record(actor, "staff.create", staff, after=_staff_snapshot(staff), agency_path=agency.path)
    return staff


@transaction.atomic
def update_staff(
    actor: Actor,
    staff: Staff,
    *,
    full_name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    is_active: bool | None = None,
    agency: Agency | None = None,
    position: str | None = None,
    employee_code: str | None = None,
) -> Staff:
    """Change a staff member's details; a field left as None keeps its value."""
    staff = Staff.objects.select_for_update(of=("self",)).select_related("user", "agency").get(pk=staff.pk)
    _require_manage(actor, staff)
    before = _staff_snapshot(staff)
    user = staff.user
    for name, value in (
        ("full_name", full_name),
        ("email", email),
        ("phone", phone),
        ("is_active", is_active),
    ):
        if value is not None:
            setattr(user, name, value)
    if agency is not None and agency.pk != staff.agency_id:
        if not can_administer(actor, agency):
            raise PermissionDenied(_("You may not move staff to %(agency)s.") % {"agency": agency.name})
        staff.agency = agency
    for name, value in (("position", position), ("employee_code", employee_code)):
        if value is not None:
            setattr(staff, name, value)
    user.full_clean(exclude=["password"])
    staff.full_clean()
    user.save()
    staff.save()
    audit.record(
        actor,
        "staff.update",
        staff,
        before=before,
        after=_staff_snapshot(staff),
        agency_path=staff.agency.path,
    )
    return staff


@transaction.atomic
def set_roles(actor: Actor, staff: Staff, grants: Iterable[GrantSpec]) -> Staff:
    """Replace the account's roles with `grants` (the actor may only manage accounts whose every role
    lies in the actor's subtrees, so nothing outside them is touched)."""
    staff = Staff.objects.select_for_update(of=("self",)).select_related("user", "agency").get(pk=staff.pk)
    _require_manage(actor, staff)
    wanted = {(g.role, g.agency.pk): g for g in grants}
    _check_grants(actor, wanted.values())
    before = _staff_snapshot(staff)
    current = list(staff.user.role_grants.select_related("agency"))
    for grant in current:
        if (grant.role, grant.agency_id) not in wanted:
            grant.delete()
    existing = {(g.role, g.agency_id) for g in current}
    RoleGrant.objects.bulk_create(
        [
            RoleGrant(user=staff.user, agency=g.agency, role=g.role)
            for key, g in wanted.items()
            if key not in existing
        ]
    )
    forget_grants(staff.user)
    audit.record(
        actor,
        "staff.roles",
        staff,
        before=before,
        after=_staff_snapshot(staff),
        agency_path=staff.agency.path,
    )
    return staff


@transaction.atomic
def set_password(actor: Actor, staff: Staff, password: str) -> None:
    """Set (reset) a staff member's password, checked by the configured password validators."""
    staff = Staff.objects.select_for_update(of=("self",)).select_related("user", "agency").get(pk=staff.pk)
    if actor.pk != staff.user_id:
        _require_manage(actor, staff)
    _validate_password(password, staff.user)
    staff.user.set_password(password)
    staff.user.save(update_fields=["password"])
    audit.record(actor, "staff.password", staff, after={"password": "changed"}, agency_path=staff.agency.path)


def _validate_password(password: str, user: Any) -> None:
    """Django's AUTH_PASSWORD_VALIDATORS, their messages (in Vietnamese) under the `password` field."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
