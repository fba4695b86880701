"""Writes about citizens' accounts: registration, verification codes, password reset, the profile and the
e-identity login. Each is one transaction with its audit row; codes go out through the outbox in it.

Organisations and their members are in `organisations.py`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.citizens import codes, identifiers
from egov.citizens.access import is_citizen
from egov.citizens.identifiers import Identifier
from egov.citizens.models import Citizen, CodePurpose
from egov.citizens.selectors import citizen_by_identifier, profile_of
from egov.core import audit
from egov.core.audit import Actor
from egov.core.validators import normalise_cccd, validate_cccd

#: As the online forms' birth dates (procedures.formschema: "min": "1900-01-01").
EARLIEST_BIRTH = dt.date(1900, 1, 1)
PROFILE_FIELDS = ("id_number", "birth_date", "address", "email_verified_at", "phone_verified_at")


def new_username() -> str:
    # Citizens log in with their email or phone; the username only has to be unique and never a staff one.
    return f"cd.{uuid.uuid4().hex[:16]}"


def _taken(identifier: Identifier, exclude_user_id: int | None = None) -> ValidationError | None:
    if citizen_by_identifier(identifier, exclude_user_id=exclude_user_id) is None:
        return None
    if identifier.is_email:
        return ValidationError(
            _("An account already uses this email address. Log in, or reset its password."), code="taken"
        )
    return ValidationError(
        _("An account already uses this phone number. Log in, or reset its password."), code="taken"
    )


def _snapshot(user: Any) -> dict[str, Any]:
    data = audit.snapshot(user, ["full_name", "email", "phone", "is_active"])
    data.update(audit.snapshot(profile_of(user), PROFILE_FIELDS))
    return data


def register(
    *, actor: Actor | None, full_name: str, identifier: str, password: str, ip: str | None = None
) -> Any:
    """A new citizen account with its profile, logged in with `identifier` (an email or a mobile number) and
    `password` (Django's validators); a code to verify the identifier goes out at once. `actor` is the
    visitor (None: nobody is logged in yet). Refusals are a ValidationError per field."""
    errors: dict[str, list[ValidationError]] = {}
    name = " ".join((full_name or "").split())
    if not name:
        errors["full_name"] = [ValidationError(_("Enter your full name."), code="required")]
    try:
        parsed = identifiers.parse(identifier)
    except ValidationError as exc:
        errors["identifier"] = [exc]
        parsed = None
    User = get_user_model()
    candidate = User(
        username="",
        full_name=name,
        email=parsed.value if parsed and parsed.is_email else "",
        phone=parsed.value if parsed and not parsed.is_email else "",
        is_citizen=True,
    )
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as exc:
        errors["password"] = [exc]
    if parsed is not None and (taken := _taken(parsed)) is not None:
        errors["identifier"] = [taken]
    if errors:
        raise ValidationError(errors)
    assert parsed is not None
    try:
        with transaction.atomic():
            candidate.username = new_username()
            candidate.set_password(password)
            candidate.save()
            profile = Citizen.objects.create(user=candidate)
            codes.send(candidate.pk, CodePurpose.CONTACT, parsed.value, is_email=parsed.is_email)
            audit.record(
                actor if actor is not None else candidate,
                "citizen.register",
                profile,
                after=_snapshot(candidate),
                ip=ip,
            )
    except IntegrityError:
        # Another registration with this email or phone committed between the check and the save
        # (accounts.User's constraints one_citizen_per_email / one_citizen_per_phone).
        raise ValidationError({"identifier": [_taken(parsed) or _("Try again.")]}) from None
    return candidate


def _contact(user: Any, kind: str) -> str:
    return user.email if kind == "email" else user.phone


def send_contact_code(*, actor: Actor, kind: str) -> None:
    """A new code to verify the citizen's email ("email") or phone ("phone"); rate-limited (codes.py)."""
    user: Any = actor
    if not is_citizen(user):
        raise PermissionDenied(_("Only a citizen account verifies its contacts here."))
    destination = _contact(user, kind)
    if not destination:
        raise ValidationError(_("Your account has no such contact to verify."), code="missing")
    with transaction.atomic():
        codes.send(user.pk, CodePurpose.CONTACT, destination, is_email=kind == "email")
        audit.record(actor, f"citizen.code_sent.{kind}", profile_of(user))


def verify_contact(*, actor: Actor, kind: str, code: str) -> None:
    """Mark the email or phone verified when `code` is the one sent to it. A wrong code stays counted."""
    user: Any = actor
    if not is_citizen(user):
        raise PermissionDenied(_("Only a citizen account verifies its contacts here."))
    destination = _contact(user, kind)
    problem = (
        codes.check(user.pk, CodePurpose.CONTACT, destination, code)
        if destination
        else _("Nothing to verify.")
    )
    if problem:
        raise ValidationError({"code": [ValidationError(problem, code="code")]})
    with transaction.atomic():
        profile = Citizen.objects.select_for_update().get(user=user)
        before = audit.snapshot(profile, PROFILE_FIELDS)
        setattr(profile, f"{kind}_verified_at", timezone.now())
        profile.save(update_fields=[f"{kind}_verified_at"])
        audit.record(
            actor,
            f"citizen.verified.{kind}",
            profile,
            before=before,
            after=audit.snapshot(profile, PROFILE_FIELDS),
        )


def start_password_reset(*, actor: Actor | None, identifier: Identifier, ip: str | None = None) -> None:
    """Send a reset code to this email or phone if a citizen account logs in with it. Says nothing about
    whether one does (the page answers the same), except when codes were asked for too often."""
    user = citizen_by_identifier(identifier)
    if user is None or not user.is_active:
        return
    with transaction.atomic():
        codes.send(user.pk, CodePurpose.RESET, identifier.value, is_email=identifier.is_email)
        audit.record(actor if actor is not None else user, "citizen.reset_requested", profile_of(user), ip=ip)


def reset_password(
    *, actor: Actor | None, identifier: Identifier, code: str, password: str, ip: str | None = None
) -> Any:
    """Set a new password when `code` is the reset code sent to `identifier`. The code proves the person reads
    that email or phone, so it is marked verified too."""
    user = citizen_by_identifier(identifier)
    if user is None or not user.is_active:
        raise ValidationError(
            {"code": [ValidationError(_("There is no code waiting for this address. Ask for a new code."))]}
        )
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    problem = codes.check(user.pk, CodePurpose.RESET, identifier.value, code)
    if problem:
        raise ValidationError({"code": [ValidationError(problem, code="code")]})
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        profile = Citizen.objects.select_for_update().get(user=user)
        kind = "email" if identifier.is_email else "phone"
        if not getattr(profile, f"{kind}_verified_at"):
            setattr(profile, f"{kind}_verified_at", timezone.now())
            profile.save(update_fields=[f"{kind}_verified_at"])
        audit.record(actor if actor is not None else user, "citizen.password_reset", profile, ip=ip)
    return user


def update_profile(
    *,
    actor: Actor,
    full_name: str,
    id_number: str,
    birth_date: dt.date | None,
    address: str,
    email: str,
    phone: str,
) -> list[str]:
    """Change the citizen's own profile. A new email or phone must be verified again (a code goes out when the
    rate limit allows; the page offers to resend). An ID number proved by an e-identity provider stays as
    proved. Returns the contacts ("email", "phone") that now wait for verification."""
    user: Any = actor
    if not is_citizen(user):
        raise PermissionDenied(_("Only a citizen changes their own profile."))
    errors: dict[str, list[ValidationError]] = {}
    name = " ".join((full_name or "").split())
    if not name:
        errors["full_name"] = [ValidationError(_("Enter your full name."))]
    number = normalise_cccd(id_number)
    profile = profile_of(user)
    if number:
        try:
            validate_cccd(number)
        except ValidationError as exc:
            errors["id_number"] = [exc]
    if profile.identity_provider and profile.id_number and number != profile.id_number:
        errors["id_number"] = [
            ValidationError(
                _("This number was proved by %(provider)s and cannot be changed here.")
                % {"provider": profile.identity_provider}
            )
        ]
    new_email = identifiers.normalise_email(email)
    new_phone = ""
    if new_email:
        try:
            new_email = identifiers.validate_email_address(new_email)
        except ValidationError as exc:
            errors["email"] = [exc]
    if (phone or "").strip():
        try:
            new_phone = identifiers.validate_mobile(phone)
        except ValidationError as exc:
            errors["phone"] = [exc]
    if not new_email and not new_phone and "email" not in errors and "phone" not in errors:
        errors["email"] = [ValidationError(_("Keep an email address or a mobile number to log in with."))]
    if birth_date and birth_date > timezone.localdate():
        errors["birth_date"] = [ValidationError(_("The date of birth cannot be in the future."))]
    elif birth_date and birth_date < EARLIEST_BIRTH:
        # A year such as 0001 or 0988 is a slip of the keyboard; the page could not show it again either.
        errors["birth_date"] = [ValidationError(_("Give a date of birth from 1900 on, such as 25/04/1990."))]
    pending: list[str] = []
    with transaction.atomic():
        for kind, value in (("email", new_email), ("phone", new_phone)):
            if value and kind not in errors and value != _contact(user, kind):
                taken = _taken(Identifier(kind, value), exclude_user_id=user.pk)
                if taken is not None:
                    errors[kind] = [taken]
        if errors:
            raise ValidationError(errors)
        profile = Citizen.objects.select_for_update().get(pk=profile.pk)
        before = _snapshot(user)
        changed = {k for k, v in (("email", new_email), ("phone", new_phone)) if v != _contact(user, k)}
        user.full_name, user.email, user.phone = name, new_email, new_phone
        try:
            with transaction.atomic():
                user.save(update_fields=["full_name", "email", "phone"])
        except IntegrityError:
            # Taken by another account a moment ago (accounts.User's constraints).
            kind = "email" if "email" in changed else "phone"
            wanted = _contact(user, kind)
            user.refresh_from_db()
            raise ValidationError(
                {kind: [_taken(Identifier(kind, wanted), user.pk) or _("Try again.")]}
            ) from None
        profile.id_number, profile.birth_date, profile.address = number, birth_date, " ".join(address.split())
        for kind in changed:
            setattr(profile, f"{kind}_verified_at", None)
        profile.save()
        for kind in sorted(changed):
            value = _contact(user, kind)
            if value:
                pending.append(kind)
                try:
                    with transaction.atomic():
                        codes.send(user.pk, CodePurpose.CONTACT, value, is_email=kind == "email")
                except ValidationError:
                    pass  # too soon after the last code: the profile page offers "send a new code"
        audit.record(actor, "citizen.profile", profile, before=before, after=_snapshot(user))
    return pending


def create_citizen(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    password: str,
    email: str = "",
    phone: str = "",
    id_number: str = "",
    birth_date: dt.date | None = None,
    address: str = "",
    verified: bool = False,
    identity_provider: str = "",
) -> Any:
    """A citizen account made by set-up code (the demo, an import), not by the person: no code is sent, and
    `verified` marks the given email and phone as verified; `identity_provider` marks the ID number as proved
    by it (as an e-identity login does). Checked as registration checks them."""
    parsed = [identifiers.parse(v) for v in (email, phone) if v]
    if not parsed:
        raise ValidationError(_("Keep an email address or a mobile number to log in with."))
    number = normalise_cccd(id_number)
    if number:
        validate_cccd(number)
    User = get_user_model()
    with transaction.atomic():
        for identifier in parsed:
            if (taken := _taken(identifier)) is not None:
                raise taken
        user = User(
            username=username or new_username(),
            full_name=" ".join(full_name.split()),
            email=next((p.value for p in parsed if p.is_email), ""),
            phone=next((p.value for p in parsed if not p.is_email), ""),
            is_citizen=True,
        )
        password_validation.validate_password(password, user=user)
        user.set_password(password)
        user.save()
        now = timezone.now() if verified else None
        profile = Citizen.objects.create(
            user=user,
            id_number=number,
            birth_date=birth_date,
            address=address,
            email_verified_at=now if user.email else None,
            phone_verified_at=now if user.phone else None,
            identity_provider=identity_provider[:100] if number else "",
        )
        audit.record(actor, "citizen.create", profile, after=_snapshot(user))
    return user


def change_password(*, actor: Actor, old_password: str, new_password: str) -> None:
    """The logged-in citizen changes their password: the current one (if the account has one; an account
    made by the e-identity provider has none) and Django's validators."""
    user: Any = actor
    if not is_citizen(user):
        raise PermissionDenied(_("Only a citizen changes their own password here."))
    if user.has_usable_password() and not user.check_password(old_password):
        raise ValidationError({"old_password": [_("The current password is wrong.")]})
    try:
        password_validation.validate_password(new_password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit.record(actor, "citizen.password_change", profile_of(user))
