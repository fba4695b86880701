from django.urls import path

from egov.documents.views import incoming, lists, outgoing, registers, reports
from egov.documents.views import search as search_views

app_name = "documents"

urlpatterns = [
    path("", lists.document_list, name="list"),
    path("den/moi/", incoming.receive_view, name="receive"),
    path("di/moi/", outgoing.draft_view, name="draft"),
    path("<int:pk>/", lists.detail, name="detail"),
    path("<int:pk>/tep/<int:file_id>/", lists.download, name="file"),
    path("<int:pk>/<slug:action>/", lists.act, name="act"),
    path("so/<str:direction>/<int:year>/", registers.register_view, name="register"),
    path("so/<str:direction>/<int:year>/in/", registers.register_pdf, name="register_pdf"),
    path("bao-cao/", reports.report_view, name="reports"),
    path("bao-cao/xlsx/", reports.report_xlsx, name="reports_xlsx"),
    path("bao-cao/pdf/", reports.report_pdf, name="reports_pdf"),
    path("tim-kiem/", search_views.search_view, name="search"),
    path("tim-kiem/xuat.<str:fmt>", search_views.export_view, name="search_export"),
    path("tim-kiem/luu/", search_views.save_view, name="search_save"),
    path("tim-kiem/da-luu/<int:pk>/xoa/", search_views.delete_saved_view, name="search_delete"),
]
