"""Login accounts for staff and for citizens (`is_citizen`; their profile is in `egov.citizens`)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. Vietnamese names are kept whole (họ và tên), not split."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    #: A citizen's account of the online public services (profile in `citizens.Citizen`): it never reaches a
    #: staff screen, and a staff account is never a citizen's. Kept on the user so the check costs no query.
    is_citizen = models.BooleanField(_("citizen account"), default=False, db_index=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # A citizen logs in with the email or phone (egov/citizens/backends.py): two citizen accounts
            # with one of them would make that login ambiguous, even when two registrations race.
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(is_citizen=True) & ~models.Q(email=""),
                name="one_citizen_per_email",
            ),
            models.UniqueConstraint(
                "phone",
                condition=models.Q(is_citizen=True) & ~models.Q(phone=""),
                name="one_citizen_per_phone",
            ),
        ]

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.username

    def __str__(self) -> str:
        return self.get_full_name()
