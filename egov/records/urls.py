from django.urls import path

from egov.records import views

app_name = "records"

urlpatterns = [
    path("", views.file_list, name="list"),
    path("moi/", views.new_file, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/xuat.pdf", views.export_pdf, name="export_pdf"),
    path("<int:pk>/xuat.xml", views.export_xml, name="export_xml"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
