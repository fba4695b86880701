from django.contrib import admin
from django.urls import include, path

from egov.api.api import api

urlpatterns = [
    path("", include("egov.backoffice.urls")),
    path("accounts/", include("egov.accounts.urls")),
    path("org/", include("egov.organizations.urls")),
    path("", include("egov.procedures.urls")),
    path("", include("egov.dossiers.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]
