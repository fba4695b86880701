from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from egov.accounts.models import User


@admin.register(User)
class EgovUserAdmin(UserAdmin):
    """Accounts for superusers. A Django staff account that is not a superuser (if one is ever given
    the admin's user permissions) may not touch a superuser or staff account, nor hand out those flags:
    the same rule as organizations.permissions.may_manage_account."""

    fieldsets = (*(UserAdmin.fieldsets or ()), ("egov", {"fields": ("full_name", "phone")}))
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "email")

    def _outranks(self, request: HttpRequest, obj: Any) -> bool:
        return obj is not None and (obj.is_superuser or obj.is_staff) and not request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._outranks(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._outranks(request, obj) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return (*fields, "is_superuser", "is_staff", "groups", "user_permissions")
