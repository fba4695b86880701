"""The kinds of agency and the roles staff hold on them.

Kept apart from the models so `permissions` can name roles without importing the models, and the
models' querysets can call `permissions` without an import cycle.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    PROVINCE = "province", _("Provincial People's Committee")
    DEPARTMENT = "department", _("Department or equivalent")
    OFFICE = "office", _("Specialised office")
    SERVICE_CENTER = "service_center", _("Public administration service centre")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune or ward")
    UNIT = "unit", _("Public service unit")


class Role(models.TextChoices):
    DESK_OFFICER = "desk_officer", _("Desk officer")
    SPECIALIST = "specialist", _("Specialist")
    LEADER = "leader", _("Leader")
    CLERK = "clerk", _("Clerk")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    PROVINCE_ADMIN = "province_admin", _("Province administrator")
    AUDITOR = "auditor", _("Auditor (read-only)")


#: Roles that may manage agencies and staff below the node they are granted on.
ADMIN_ROLES = (Role.AGENCY_ADMIN, Role.PROVINCE_ADMIN)
