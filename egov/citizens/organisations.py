"""Writes about organisations: a citizen creates one under its tax code and administers it; administrators
add members by their verified email or phone and remove them. Each is one transaction with its audit row."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from egov.channels import outbox
from egov.channels.models import OutboxMessage
from egov.citizens import identifiers, permissions
from egov.citizens.models import Membership, Organisation
from egov.citizens.selectors import citizen_by_identifier, email_verified, phone_verified
from egov.core import audit
from egov.core.audit import Actor
from egov.core.validators import normalise_phone, validate_phone
from egov.dossiers.intake import clean_id_number
from egov.procedures.models import ApplicantType

FIELDS = ("tax_code", "name", "address", "email", "phone")


def create_organisation(
    *, actor: Actor, tax_code: str, name: str, address: str = "", email: str = "", phone: str = ""
) -> Organisation:
    """A new organisation with `actor` as its first administrator. The tax code is checked as the counter
    checks an organisation applicant's (10 digits, or 10-3 for a dependent unit); a code already registered
    is refused (its administrators add the citizen instead)."""
    if not permissions.may_file(actor):
        raise PermissionDenied(
            _("Verify your email address or phone number before you register an organisation.")
        )
    errors: dict[str, list[ValidationError]] = {}
    try:
        code = clean_id_number(ApplicantType.ORGANISATION, tax_code)
    except ValidationError as exc:
        errors["tax_code"] = [exc]
        code = ""
    if not code and "tax_code" not in errors:
        errors["tax_code"] = [ValidationError(_("Enter the organisation's tax code."))]
    title = " ".join((name or "").split())
    if not title:
        errors["name"] = [ValidationError(_("Enter the organisation's name."))]
    contact_email = ""
    if (email or "").strip():
        try:
            contact_email = identifiers.validate_email_address(email)
        except ValidationError as exc:
            errors["email"] = [exc]
    contact_phone = ""
    if (phone or "").strip():
        try:
            validate_phone(phone)
            contact_phone = normalise_phone(phone)
        except ValidationError as exc:
            errors["phone"] = [exc]
    if code and Organisation.objects.filter(tax_code=code).exists():
        errors["tax_code"] = [
            ValidationError(
                _(
                    "An organisation with this tax code is already registered. "
                    "Ask its administrator to add you."
                )
            )
        ]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            org = Organisation.objects.create(
                tax_code=code,
                name=title,
                address=" ".join(address.split()),
                email=contact_email,
                phone=contact_phone,
            )
            membership = Membership.objects.create(organisation=org, user_id=actor.pk, is_admin=True)
            audit.record(actor, "organisation.create", org, after=audit.snapshot(org, FIELDS))
            audit.record(
                actor, "organisation.add_member", membership, after={"user": actor.pk, "is_admin": True}
            )
    except IntegrityError:
        # Registered by someone else a moment ago.
        raise ValidationError(
            {
                "tax_code": [
                    _(
                        "An organisation with this tax code is already registered. "
                        "Ask its administrator to add you."
                    )
                ]
            }
        ) from None
    return org


def add_member(
    *, actor: Actor, organisation: Organisation, identifier: str, is_admin: bool = False
) -> Membership:
    """Add the citizen whose verified email or phone is `identifier`; they are told by that channel."""
    if not permissions.may_manage_members(actor, organisation):
        raise PermissionDenied(_("Only the organisation's administrators add members."))
    try:
        parsed = identifiers.parse(identifier)
    except ValidationError as exc:
        raise ValidationError({"identifier": [exc]}) from None
    user = citizen_by_identifier(parsed)
    verified = user is not None and (email_verified(user) if parsed.is_email else phone_verified(user))
    if user is None or not verified or not user.is_active:
        raise ValidationError(
            {
                "identifier": [
                    _(
                        "No citizen account has verified this email or phone. "
                        "Ask the person to register and verify it first."
                    )
                ]
            }
        )
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            organisation=organisation, user=user, defaults={"is_admin": is_admin}
        )
        if not created:
            raise ValidationError({"identifier": [_("This person is already a member.")]})
        audit.record(
            actor, "organisation.add_member", membership, after={"user": user.pk, "is_admin": is_admin}
        )
        with translation.override(settings.LANGUAGE_CODE):
            text = _(
                "%(site)s: you were added to %(organisation)s (tax code %(tax_code)s) "
                "and may file dossiers for it."
            ) % {
                "site": settings.EGOV_SITE_NAME,
                "organisation": organisation.name,
                "tax_code": organisation.tax_code,
            }
            if parsed.is_email:
                payload = {
                    "to": parsed.value,
                    "subject": _("You were added to an organisation"),
                    "body": text,
                }
                outbox.enqueue(OutboxMessage.Topic.EMAIL, payload, subject=membership)
            else:
                outbox.enqueue(
                    OutboxMessage.Topic.SMS, {"to": parsed.value, "text": text}, subject=membership
                )
    return membership


def remove_member(*, actor: Actor, membership: Membership) -> None:
    """An administrator removes a member, or a member leaves. The last administrator cannot go: the
    organisation would have nobody to manage it."""
    organisation = membership.organisation
    leaving = membership.user_id == actor.pk
    if not leaving and not permissions.may_manage_members(actor, organisation):
        raise PermissionDenied(_("Only the organisation's administrators remove members."))
    with transaction.atomic():
        admins = Membership.objects.select_for_update().filter(organisation=organisation, is_admin=True)
        if membership.is_admin and admins.exclude(pk=membership.pk).count() == 0:
            raise ValidationError(
                _("The last administrator cannot be removed. Add another administrator first.")
            )
        audit.record(
            actor,
            "organisation.remove_member",
            membership,
            before={"user": membership.user_id, "is_admin": membership.is_admin},
        )
        membership.delete()
