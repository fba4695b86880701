from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from egov.accounts.models import User


@admin.register(User)
class EgovUserAdmin(UserAdmin):
    fieldsets = (*(UserAdmin.fieldsets or ()), ("egov", {"fields": ("full_name", "phone")}))
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "email")
