from django.contrib import admin

from egov.organizations.models import Agency, RoleGrant, Staff


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "path", "is_active")
    search_fields = ("name", "code")
    readonly_fields = ("path", "depth")

    def has_add_permission(self, request):
        return False  # the tree's paths are kept by organizations.services: use the agency screens

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ("user", "agency", "position")
    search_fields = ("user__full_name", "user__username")

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(RoleGrant)
