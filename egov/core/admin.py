from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from egov.core.models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """For models whose every write must go through a service and leave its audit row: the Django admin
    may show them to a superuser but never add, change or delete them (tests/core/test_audit.py)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit log is never edited through any screen."""

    list_display = ("at", "actor_name", "action", "object_repr", "ip")
    list_filter = ("action",)
