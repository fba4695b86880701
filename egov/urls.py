from django.contrib import admin
from django.urls import include, path

from egov.api.api import api
from egov.backoffice.views import favicon

urlpatterns = [
    path("", include("egov.backoffice.urls")),
    path("accounts/", include("egov.accounts.urls")),
    path("org/", include("egov.organizations.urls")),
    path("", include("egov.procedures.urls")),
    path("", include("egov.dossiers.urls")),
    path("cong-dan/", include("egov.citizens.urls")),
    path("nop-truc-tuyen/", include("egov.filing.urls")),
    path("thanh-toan/", include("egov.payments.urls")),
    path("ca-nhan/", include("egov.portal.urls")),
    path("kho-du-lieu/", include("egov.datastore.urls")),
    path("phan-anh/", include("egov.feedback.urls")),
    path("kenh/", include("egov.channels.urls")),
    path("", include("egov.stats.urls")),
    path("chi-so/", include("egov.insight.urls")),
    path("van-ban/", include("egov.documents.urls")),
    path("giao-viec/", include("egov.tasks.urls")),
    path("lich-cong-tac/", include("egov.schedule.urls")),
    path("lien-thong/", include("egov.exchange.urls")),
    path("ho-so-cong-viec/", include("egov.records.urls")),
    path("api/v1/", api.urls),
    path("ivr/", include("egov.ivr.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on their own, whatever the page names.
    path("favicon.ico", favicon),
]

# Error pages in the site's layout, in Vietnamese, with a way back (egov/core/errors.py).
handler400 = "egov.core.errors.bad_request"
handler403 = "egov.core.errors.permission_denied"
handler404 = "egov.core.errors.page_not_found"
handler500 = "egov.core.errors.server_error"
