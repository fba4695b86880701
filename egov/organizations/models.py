"""The agency tree, staff and their roles.

Agencies form one tree: province → departments (sở) and their offices (phòng),
districts where a province still has three tiers, communes (xã, phường). Each
row stores its materialised path ("000001.000004.") so "this node and all below
it" is one indexed prefix filter on every database.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.organizations import permissions
from egov.organizations.identifiers import MAX_LENGTH as IDENTIFIER_LENGTH
from egov.organizations.identifiers import validate_agency_identifier
from egov.organizations.roles import ADMIN_ROLES, AgencyKind, Role

__all__ = [
    "ADMIN_ROLES",
    "PATH_STEP",
    "Agency",
    "AgencyCertificate",
    "AgencyKind",
    "Role",
    "RoleGrant",
    "Staff",
]

PATH_STEP = 7  # six digits and a dot per level


class AgencyQuerySet(models.QuerySet["Agency"]):
    def visible_to(self, user: Any, roles: tuple[str, ...] | None = None) -> AgencyQuerySet:
        """Agencies in the subtrees where the user holds a role (any, or one of `roles`)."""
        if getattr(user, "is_superuser", False):
            return self
        return self.filter(permissions.agency_scope_q(user, "path", roles=roles))

    def subtree(self, agency: Agency) -> AgencyQuerySet:
        return self.filter(path__startswith=agency.path)


class Agency(models.Model):
    code = models.CharField(
        _("code"),
        max_length=IDENTIFIER_LENGTH,
        unique=True,
        help_text=_(
            "Electronic identifier of the agency (Decision 20/2020/QĐ-TTg), e.g. H99.03.01 or 000.03.01.H99"
        ),
    )
    admin_unit_code = models.CharField(
        _("administrative unit code"),
        max_length=10,
        blank=True,
        db_index=True,
        help_text=_("Official code of the province or commune (General Statistics Office list)"),
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent agency"),
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    has_counter = models.BooleanField(
        _("has a one-stop counter"),
        default=False,
        help_text=_("Receives dossiers and returns results (bộ phận một cửa)"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[AgencyQuerySet] = AgencyQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A new identifier must have the national form; one stored before the check existed is kept
        while other details of the agency are edited (docs/dossiers.md, "Agency identifiers")."""
        super().clean()
        stored = Agency.objects.filter(pk=self.pk).values_list("code", flat=True).first() if self.pk else None
        if self.code and self.code != stored:
            try:
                validate_agency_identifier(self.code)
            except ValidationError as error:
                raise ValidationError({"code": error.messages}) from None

    def is_within(self, other: Agency) -> bool:
        return self.path.startswith(other.path)

    def ancestor_paths(self) -> list[str]:
        return [self.path[:end] for end in range(PATH_STEP, len(self.path) + 1, PATH_STEP)]


class Staff(models.Model):
    """Cán bộ, công chức: a user who works for an agency."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff",
        verbose_name=_("account"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="staff", verbose_name=_("agency")
    )
    position = models.CharField(_("position"), max_length=120, blank=True)
    employee_code = models.CharField(_("staff code"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return str(self.user)


class RoleGrant(models.Model):
    """A role held on an agency; it reaches every agency below that node."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("account"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("agency")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="role_grant_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.agency}"


class AgencyCertificate(models.Model):
    """An agency's signing key and certificate (a PKCS#12 file), with what an operator needs to recognise
    it. The file lives outside the database and the media storage, in `EGOV_KEYS_DIR` (or at the path the
    operator gave); its password comes from an EGOV_* environment variable named here, or is kept
    encrypted with a key derived from EGOV_SECRET_KEY (egov.organizations.certificates)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("agency")
    )
    path = models.CharField(_("PKCS#12 file"), max_length=500)
    #: The name of the EGOV_* environment variable holding the password; empty: `password_encrypted`.
    password_env = models.CharField(_("password variable"), max_length=100, blank=True)
    password_encrypted = models.TextField(blank=True, editable=False)
    subject = models.CharField(_("subject"), max_length=500)
    issuer = models.CharField(_("issuer"), max_length=500)
    serial = models.CharField(_("serial number"), max_length=100)
    sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    is_active = models.BooleanField(_("active"), default=True)
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        verbose_name = _("agency certificate")
        verbose_name_plural = _("agency certificates")
        ordering = ["agency__path", "-not_before", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "sha256"], name="one_row_per_agency_certificate")
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.subject}"
