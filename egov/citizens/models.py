"""A citizen's profile and the organisations citizens file for.

A citizen logs in with an ordinary `accounts.User` whose `is_citizen` is set; staff never have it. The profile
holds what the online forms are prefilled from. An organisation (a business, a cooperative, an association)
files through the accounts of its members, under its tax code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Citizen(models.Model):
    """The person behind a citizen account: what the online forms are prefilled from."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen")
    #: Số định danh cá nhân (the 12 digits of the citizen identity card); empty until the person gives
    #: it or an e-identity login brings it.
    id_number = models.CharField(
        _("personal identification number"), max_length=12, blank=True, db_index=True
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    email_verified_at = models.DateTimeField(_("email verified at"), null=True, blank=True)
    phone_verified_at = models.DateTimeField(_("phone verified at"), null=True, blank=True)
    #: Set when the identity was proved by an e-identity provider (VNeID or another OpenID Connect provider).
    identity_provider = models.CharField(_("identity provider"), max_length=100, blank=True)
    #: The provider's `sub` for this person: later e-identity logins find the account by it.
    oidc_subject = models.CharField(_("e-identity subject"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        constraints = [
            # One account per e-identity: two accounts with one `sub` would make a login ambiguous.
            models.UniqueConstraint(
                fields=["oidc_subject"],
                condition=~models.Q(oidc_subject=""),
                name="one_citizen_per_oidc_subject",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class Organisation(models.Model):
    """A business or other organisation that files dossiers through its members' accounts."""

    tax_code = models.CharField(_("tax code"), max_length=14, unique=True)
    name = models.CharField(_("name"), max_length=300)
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.tax_code})"


class Membership(models.Model):
    """A citizen account that may file and follow dossiers for an organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    #: The organisation's administrators add and remove members.
    is_admin = models.BooleanField(_("administrator"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class CodePurpose(models.TextChoices):
    CONTACT = "contact", _("verify an email address or phone number")
    RESET = "reset", _("reset the password")


class VerificationCode(models.Model):
    """A 6-digit code sent to an email address or phone; only its keyed hash is kept (see codes.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=10, choices=CodePurpose.choices)
    #: The email address or phone number the code was sent to: it proves that one, not a later one.
    destination = models.CharField(max_length=254)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")
        indexes = [models.Index(fields=["user", "purpose", "created_at"], name="code_by_user_purpose")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} → {self.destination}"


class NotificationChoice(models.Model):
    """The channels a citizen wants one kind of message by (egov.channels.notifications.events.Kind).

    No row for a kind: every channel the dossier has an address for."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices"
    )
    kind = models.CharField(_("kind of message"), max_length=20)
    email = models.BooleanField(_("by email"), default=True)
    sms = models.BooleanField(_("by SMS"), default=True)

    class Meta:
        verbose_name = _("notification choice")
        verbose_name_plural = _("notification choices")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_choice_per_user_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: email={self.email} sms={self.sms}"
