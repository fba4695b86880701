"""Read-only: agencies, staff and grants are written by organizations.services, each with its audit row."""

from django.contrib import admin

from egov.core.admin import ReadOnlyAdmin
from egov.organizations.models import Agency, AgencyCertificate, RoleGrant, Staff


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "kind", "path", "is_active")
    search_fields = ("name", "code")


@admin.register(Staff)
class StaffAdmin(ReadOnlyAdmin):
    list_display = ("user", "agency", "position")
    search_fields = ("user__full_name", "user__username")


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyAdmin):
    list_display = ("user", "role", "agency")
    list_filter = ("role",)


@admin.register(AgencyCertificate)
class AgencyCertificateAdmin(ReadOnlyAdmin):
    """Imported and stopped with `manage.py import_agency_certificate` (each with its audit row)."""

    list_display = ("agency", "subject", "issuer", "serial", "not_before", "not_after", "is_active")
    search_fields = ("agency__name", "subject", "serial")
    exclude = ("password_encrypted",)
