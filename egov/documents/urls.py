from django.urls import path, register_converter

from egov.documents.views import incoming, lists, outgoing, registers, reports
from egov.documents.views import search as search_views

app_name = "documents"

register_converter(registers.DirectionSlug, "register_direction")

urlpatterns = [
    path("", lists.document_list, name="list"),
    path("den/moi/", incoming.receive_view, name="receive"),
    path("di/moi/", outgoing.draft_view, name="draft"),
    path("<int:pk>/", lists.detail, name="detail"),
    path("<int:pk>/tep/<int:file_id>/", lists.download, name="file"),
    path("<int:pk>/<slug:action>/", lists.act, name="act"),
    path("so/<register_direction:direction>/<int:year>/", registers.register_view, name="register"),
    path("so/<register_direction:direction>/<int:year>/in/", registers.register_pdf, name="register_pdf"),
    # The first addresses, with English slugs: bookmarks and printed links keep working.
    path("so/<str:old>/<int:year>/", registers.old_address, name="register_old"),
    path("so/<str:old>/<int:year>/in/", registers.old_address, {"pdf": True}, name="register_pdf_old"),
    path("bao-cao/", reports.report_view, name="reports"),
    path("bao-cao/xlsx/", reports.report_xlsx, name="reports_xlsx"),
    path("bao-cao/pdf/", reports.report_pdf, name="reports_pdf"),
    path("tim-kiem/", search_views.search_view, name="search"),
    path("tim-kiem/xuat.<str:fmt>", search_views.export_view, name="search_export"),
    path("tim-kiem/luu/", search_views.save_view, name="search_save"),
    path("tim-kiem/da-luu/<int:pk>/xoa/", search_views.delete_saved_view, name="search_delete"),
]
