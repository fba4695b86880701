from django.urls import path

from egov.backoffice import views
from egov.backoffice.calendar import views as calendar_views
from egov.backoffice.notifications import views as notification_views

# The namespace stays "core" (core:home, core:calendar, ...): these screens lived in core, and every
# link, redirect (LOGIN_REDIRECT_URL) and test names them so.
app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/<int:pk>/", views.audit_detail, name="audit_detail"),
    path("calendar/", calendar_views.calendar_index, name="calendar"),
    path("calendar/province/new/", calendar_views.province_day_edit, name="calendar_day_create"),
    path("calendar/province/<int:pk>/", calendar_views.province_day_edit, name="calendar_day_edit"),
    path(
        "calendar/province/<int:pk>/delete/", calendar_views.province_day_delete, name="calendar_day_delete"
    ),
    path("quan-tri/thong-bao/", notification_views.template_list, name="notification_templates"),
    path(
        "quan-tri/thong-bao/<str:event>/<str:channel>/",
        notification_views.template_edit,
        name="notification_template",
    ),
    path(
        "quan-tri/thong-bao/<str:event>/<str:channel>/mac-dinh/",
        notification_views.template_reset,
        name="notification_template_reset",
    ),
]
