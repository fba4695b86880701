from django.urls import path

from egov.documents.views import incoming, lists, outgoing, registers, reports

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
]
