"""Read-only: agencies, staff and grants are written by organizations.services, each with its audit row."""

from django.contrib import admin

from egov.core.admin import ReadOnlyAdmin
from egov.organizations.models import Agency, RoleGrant, Staff


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
