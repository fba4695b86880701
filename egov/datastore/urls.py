from django.urls import path

from egov.datastore import views

app_name = "datastore"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/tai-ve/", views.download, name="download"),
    path("<int:pk>/xoa/", views.remove, name="remove"),
]
