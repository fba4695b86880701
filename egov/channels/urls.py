from django.urls import path

from egov.channels import callbacks, screens

app_name = "channels"

urlpatterns = [
    path("kannel/dlr/", callbacks.kannel_dlr, name="kannel_dlr"),
    path("kannel/inbound/", callbacks.kannel_inbound, name="kannel_inbound"),
    path("hang-doi/", screens.outbox_list, name="outbox_list"),
    path("hang-doi/gui-lai/", screens.outbox_retry_failed, name="outbox_retry_failed"),
    path("hang-doi/<int:pk>/", screens.outbox_detail, name="outbox_detail"),
    path("hang-doi/<int:pk>/gui-lai/", screens.outbox_retry, name="outbox_retry"),
]
