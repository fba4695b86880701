from django.contrib import admin

from egov.exchange.models import Peer


@admin.register(Peer)
class PeerAdmin(admin.ModelAdmin):
    list_display = ("name", "organ_id", "endpoint", "is_active")
    search_fields = ("name", "organ_id")
