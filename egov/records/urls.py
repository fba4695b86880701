from django.urls import path

from egov.records import views

app_name = "records"

urlpatterns = [
    path("", views.file_list, name="list"),
    path("moi/", views.new_file, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/xuat.<str:fmt>", views.export_view, name="export"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
