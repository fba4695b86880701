from django.urls import path

from egov.channels import callbacks

app_name = "channels"

urlpatterns = [
    path("kannel/dlr/", callbacks.kannel_dlr, name="kannel_dlr"),
    path("kannel/inbound/", callbacks.kannel_inbound, name="kannel_inbound"),
]
